// Token signing and verification: valid, tampered, expired, wrong-key and malformed tokens.
#include "services/core/token.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "services/core/digest.h"

namespace casebridge::core {
namespace {

using std::chrono::system_clock;

// PEM of `key`, which it frees.
std::string PrivateKeyPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(len));
  BIO_free(bio);
  EVP_PKEY_free(key);
  return pem;
}

std::string NewEd25519PrivateKeyPem() {
  return PrivateKeyPem(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
}

v1::TokenClaims Claims(system_clock::time_point expiry) {
  v1::TokenClaims claims;
  claims.set_user("users/zhang.wei");
  claims.set_organisation("organisations/nt-amr");
  claims.set_organisation_kind(v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY);
  claims.set_region_code("320600");
  claims.add_roles(v1::ROLE_OFFICER);
  claims.mutable_expire_time()->set_seconds(
      std::chrono::duration_cast<std::chrono::seconds>(expiry.time_since_epoch()).count());
  return claims;
}

class TokenTest : public ::testing::Test {
 protected:
  std::unique_ptr<TokenSigner> signer_ = TokenSigner::FromPrivateKeyPem(NewEd25519PrivateKeyPem());
  std::unique_ptr<TokenVerifier> verifier_ =
      TokenVerifier::FromPublicKeyPem(signer_->PublicKeyPem());
  system_clock::time_point now_ = system_clock::now();
};

TEST_F(TokenTest, ValidTokenYieldsItsClaims) {
  std::string token = signer_->Sign(Claims(now_ + std::chrono::hours(1)));
  std::string error;
  auto claims = verifier_->Verify(token, now_, &error);
  ASSERT_TRUE(claims.has_value()) << error;
  EXPECT_EQ(claims->user(), "users/zhang.wei");
  EXPECT_EQ(claims->region_code(), "320600");
  EXPECT_EQ(claims->key_id(), signer_->key_id());
  ASSERT_EQ(claims->roles_size(), 1);
  EXPECT_EQ(claims->roles(0), v1::ROLE_OFFICER);
}

TEST_F(TokenTest, TamperedClaimsAreRejected) {
  std::string token = signer_->Sign(Claims(now_ + std::chrono::hours(1)));
  // Re-encode the claims with a wider region but keep the original signature.
  const size_t dot = token.rfind('.');
  v1::TokenClaims forged;
  ASSERT_TRUE(forged.ParseFromString(*Base64UrlDecode(token.substr(4, dot - 4))));
  forged.set_region_code("000000");
  std::string tampered = "cb1." + Base64UrlEncode(forged.SerializeAsString()) + token.substr(dot);
  std::string error;
  EXPECT_FALSE(verifier_->Verify(tampered, now_, &error).has_value());
  EXPECT_NE(error.find("signature"), std::string::npos) << error;
}

TEST_F(TokenTest, FlippedSignatureBitIsRejected) {
  std::string token = signer_->Sign(Claims(now_ + std::chrono::hours(1)));
  token[token.size() - 3] = token[token.size() - 3] == 'A' ? 'B' : 'A';
  std::string error;
  EXPECT_FALSE(verifier_->Verify(token, now_, &error).has_value());
}

TEST_F(TokenTest, ExpiredTokenIsRejected) {
  std::string token = signer_->Sign(Claims(now_ - std::chrono::seconds(1)));
  std::string error;
  EXPECT_FALSE(verifier_->Verify(token, now_, &error).has_value());
  EXPECT_NE(error.find("expired"), std::string::npos) << error;
}

TEST_F(TokenTest, TokenExpiresExactlyAtItsExpiry) {
  const auto expiry = std::chrono::floor<std::chrono::seconds>(now_) + std::chrono::hours(1);
  std::string token = signer_->Sign(Claims(expiry));
  std::string error;
  EXPECT_TRUE(verifier_->Verify(token, expiry - std::chrono::seconds(1), &error).has_value());
  EXPECT_FALSE(verifier_->Verify(token, expiry, &error).has_value());
}

TEST_F(TokenTest, TokenFromAnotherKeyIsRejected) {
  auto other = TokenSigner::FromPrivateKeyPem(NewEd25519PrivateKeyPem());
  std::string token = other->Sign(Claims(now_ + std::chrono::hours(1)));
  std::string error;
  EXPECT_FALSE(verifier_->Verify(token, now_, &error).has_value());
}

TEST_F(TokenTest, MalformedTokensAreRejected) {
  std::string error;
  for (const std::string bad :
       {"", "cb1.", "Bearer x", "cb1.abc", "cb1.!!!.###", "cb2.aaaa.bbbb"}) {
    EXPECT_FALSE(verifier_->Verify(bad, now_, &error).has_value()) << bad;
  }
}

TEST_F(TokenTest, NonEd25519KeysAreRefused) {
  const std::string pem = PrivateKeyPem(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}));
  EXPECT_THROW(TokenSigner::FromPrivateKeyPem(pem), std::runtime_error);
}

}  // namespace
}  // namespace casebridge::core
