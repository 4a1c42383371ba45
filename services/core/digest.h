// SHA-256 digests and hex/base64url encodings (OpenSSL), used for documents, audit and tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace casebridge::core {

// The 32 raw bytes of SHA-256(data).
std::string Sha256(std::string_view data);
// Lower-case hex of SHA-256(data).
std::string Sha256Hex(std::string_view data);

// Incremental SHA-256 for streamed documents.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(std::string_view data);
  // Lower-case hex; the stream cannot be updated afterwards.
  std::string FinishHex();

 private:
  struct State;
  State* state_;
};

std::string HexEncode(std::string_view bytes);
std::optional<std::string> HexDecode(std::string_view hex);

// RFC 4648 base64url without padding.
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

// `n` cryptographically random bytes.
std::string RandomBytes(size_t n);

}  // namespace casebridge::core
