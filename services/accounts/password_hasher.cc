#include "services/accounts/password_hasher.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdexcept>
#include <vector>

#include "services/core/digest.h"

namespace casebridge::accounts {
namespace {

constexpr int kLogN = 15;
constexpr int kR = 8;
constexpr int kP = 1;
constexpr size_t kKeyBytes = 32;
constexpr size_t kSaltBytes = 16;

std::string Derive(const std::string& password, const std::string& salt, int log_n, int r, int p) {
  std::string key(kKeyBytes, '\0');
  const uint64_t n = uint64_t{1} << log_n;
  const uint64_t max_mem =
      128 * n * static_cast<uint64_t>(r) * static_cast<uint64_t>(p) + (1 << 20);
  if (EVP_PBE_scrypt(password.data(), password.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), n,
                     static_cast<uint64_t>(r), static_cast<uint64_t>(p), max_mem,
                     reinterpret_cast<unsigned char*>(key.data()), key.size()) != 1) {
    throw std::runtime_error("scrypt failed");
  }
  return key;
}

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t pos; (pos = text.find(sep, start)) != std::string::npos; start = pos + 1) {
    parts.push_back(text.substr(start, pos - start));
  }
  parts.push_back(text.substr(start));
  return parts;
}

}  // namespace

std::string PasswordHasher::Hash(const std::string& password) {
  const std::string salt = core::RandomBytes(kSaltBytes);
  return "scrypt$" + std::to_string(kLogN) + "$" + std::to_string(kR) + "$" + std::to_string(kP) +
         "$" + core::Base64UrlEncode(salt) + "$" +
         core::Base64UrlEncode(Derive(password, salt, kLogN, kR, kP));
}

bool PasswordHasher::Verify(const std::string& password, const std::string& stored) {
  auto parts = Split(stored, '$');
  if (parts.size() != 6 || parts[0] != "scrypt") return false;
  int log_n = 0, r = 0, p = 0;
  try {
    log_n = std::stoi(parts[1]);
    r = std::stoi(parts[2]);
    p = std::stoi(parts[3]);
  } catch (const std::exception&) {
    return false;
  }
  if (log_n < 10 || log_n > 22 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  auto salt = core::Base64UrlDecode(parts[4]);
  auto expected = core::Base64UrlDecode(parts[5]);
  if (!salt || !expected || expected->size() != kKeyBytes) return false;
  const std::string actual = Derive(password, *salt, log_n, r, p);
  return CRYPTO_memcmp(actual.data(), expected->data(), kKeyBytes) == 0;
}

void PasswordHasher::VerifyNothing(const std::string& password) {
  static const std::string kDummy = Hash("casebridge-timing-equaliser");
  Verify(password, kDummy);
}

}  // namespace casebridge::accounts
