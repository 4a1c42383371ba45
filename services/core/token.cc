#include "services/core/token.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <stdexcept>

#include "services/core/digest.h"

namespace casebridge::core {
namespace {

EVP_PKEY* AsKey(void* key) { return static_cast<EVP_PKEY*>(key); }

std::string RawPublicKey(EVP_PKEY* key) {
  size_t len = 32;
  std::string raw(len, '\0');
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &len) != 1) {
    throw std::runtime_error("cannot read the Ed25519 public key");
  }
  raw.resize(len);
  return raw;
}

std::string KeyId(EVP_PKEY* key) { return Sha256Hex(RawPublicKey(key)).substr(0, 16); }

EVP_PKEY* ReadKey(const std::string& pem, bool is_private) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = is_private ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr)
                             : PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr || EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(key);
    throw std::runtime_error(is_private
                                 ? "the token signing key is not an Ed25519 private key"
                                 : "the token verification key is not an Ed25519 public key");
  }
  return key;
}

}  // namespace

std::unique_ptr<TokenSigner> TokenSigner::FromPrivateKeyPem(const std::string& pem) {
  EVP_PKEY* key = ReadKey(pem, /*is_private=*/true);
  return std::unique_ptr<TokenSigner>(new TokenSigner(key, KeyId(key)));
}

TokenSigner::~TokenSigner() { EVP_PKEY_free(AsKey(key_)); }

std::string TokenSigner::PublicKeyPem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, AsKey(key_));
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(len));
  BIO_free(bio);
  return pem;
}

std::string TokenSigner::Sign(casebridge::v1::TokenClaims claims) const {
  claims.set_key_id(key_id_);
  const std::string signed_part =
      std::string(kTokenPrefix) + Base64UrlEncode(claims.SerializeAsString());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t sig_len = 64;
  std::string signature(sig_len, '\0');
  bool ok = EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, AsKey(key_)) == 1 &&
            EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &sig_len,
                           reinterpret_cast<const unsigned char*>(signed_part.data()),
                           signed_part.size()) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) throw std::runtime_error("signing the token failed");
  signature.resize(sig_len);
  return signed_part + "." + Base64UrlEncode(signature);
}

std::unique_ptr<TokenVerifier> TokenVerifier::FromPublicKeyPem(const std::string& pem) {
  EVP_PKEY* key = ReadKey(pem, /*is_private=*/false);
  return std::unique_ptr<TokenVerifier>(new TokenVerifier(key, KeyId(key)));
}

TokenVerifier::~TokenVerifier() { EVP_PKEY_free(AsKey(key_)); }

std::optional<casebridge::v1::TokenClaims> TokenVerifier::Verify(
    const std::string& token, std::chrono::system_clock::time_point now, std::string* error) const {
  const std::string_view prefix = kTokenPrefix;
  const size_t dot = token.rfind('.');
  if (token.rfind(prefix, 0) != 0 || dot == std::string::npos || dot < prefix.size()) {
    *error = "the token is not a CaseBridge access token";
    return std::nullopt;
  }
  const std::string signed_part = token.substr(0, dot);
  auto claims_bytes =
      Base64UrlDecode(std::string_view(token).substr(prefix.size(), dot - prefix.size()));
  auto signature = Base64UrlDecode(std::string_view(token).substr(dot + 1));
  if (!claims_bytes || !signature) {
    *error = "the token is damaged";
    return std::nullopt;
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool valid = EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, AsKey(key_)) == 1 &&
               EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature->data()),
                                signature->size(),
                                reinterpret_cast<const unsigned char*>(signed_part.data()),
                                signed_part.size()) == 1;
  EVP_MD_CTX_free(ctx);
  if (!valid) {
    *error = "the token's signature does not verify";
    return std::nullopt;
  }
  casebridge::v1::TokenClaims claims;
  if (!claims.ParseFromString(*claims_bytes)) {
    *error = "the token is damaged";
    return std::nullopt;
  }
  if (claims.key_id() != key_id_) {
    *error = "the token was signed with a different key";
    return std::nullopt;
  }
  const auto expiry =
      std::chrono::system_clock::time_point(std::chrono::seconds(claims.expire_time().seconds()));
  if (!claims.has_expire_time() || expiry <= now) {
    *error = "the token has expired";
    return std::nullopt;
  }
  return claims;
}

std::string KeyIdForPublicKeyPem(const std::string& pem) {
  EVP_PKEY* key = ReadKey(pem, /*is_private=*/false);
  std::string id = KeyId(key);
  EVP_PKEY_free(key);
  return id;
}

}  // namespace casebridge::core
