// Ed25519-signed access tokens: issued by accounts, verified locally by every service.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "casebridge/v1/accounts.pb.h"

namespace casebridge::core {

// Token layout: "cb1." + base64url(serialised TokenClaims) + "." + base64url(signature), where the
// signature covers "cb1." + the encoded claims.
inline constexpr char kTokenPrefix[] = "cb1.";

class TokenSigner {
 public:
  // Loads an Ed25519 private key in PEM (PKCS#8); throws std::runtime_error when it is not one.
  static std::unique_ptr<TokenSigner> FromPrivateKeyPem(const std::string& pem);
  ~TokenSigner();

  // Fills claims.key_id and returns the signed token.
  std::string Sign(casebridge::v1::TokenClaims claims) const;
  const std::string& key_id() const { return key_id_; }
  std::string PublicKeyPem() const;

 private:
  TokenSigner(void* key, std::string key_id) : key_(key), key_id_(std::move(key_id)) {}
  void* key_;  // EVP_PKEY*
  std::string key_id_;
};

class TokenVerifier {
 public:
  // Loads an Ed25519 public key in PEM; throws std::runtime_error when it is not one.
  static std::unique_ptr<TokenVerifier> FromPublicKeyPem(const std::string& pem);
  ~TokenVerifier();

  // The claims when `token` is well formed, signed by this key and not expired at `now`; otherwise
  // nullopt with the reason in `error`.
  std::optional<casebridge::v1::TokenClaims> Verify(const std::string& token,
                                                    std::chrono::system_clock::time_point now,
                                                    std::string* error) const;
  const std::string& key_id() const { return key_id_; }

 private:
  TokenVerifier(void* key, std::string key_id) : key_(key), key_id_(std::move(key_id)) {}
  void* key_;  // EVP_PKEY*
  std::string key_id_;
};

// First 16 hex digits of SHA-256 over the raw 32-byte public key.
std::string KeyIdForPublicKeyPem(const std::string& pem);

}  // namespace casebridge::core
