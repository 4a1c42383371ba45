// scrypt password hashes: verify the right password only, salted, parameters carried in the hash.
#include "services/accounts/password_hasher.h"

#include <gtest/gtest.h>

namespace casebridge::accounts {
namespace {

TEST(PasswordHasherTest, VerifiesOnlyTheRightPassword) {
  const std::string hash = PasswordHasher::Hash("correct horse battery");
  EXPECT_TRUE(PasswordHasher::Verify("correct horse battery", hash));
  EXPECT_FALSE(PasswordHasher::Verify("correct horse batterY", hash));
  EXPECT_FALSE(PasswordHasher::Verify("", hash));
}

TEST(PasswordHasherTest, SamePasswordGetsDifferentSalts) {
  EXPECT_NE(PasswordHasher::Hash("same password!"), PasswordHasher::Hash("same password!"));
}

TEST(PasswordHasherTest, HashNamesItsParameters) {
  EXPECT_EQ(PasswordHasher::Hash("a long password").rfind("scrypt$15$8$1$", 0), 0u);
}

TEST(PasswordHasherTest, MalformedStoredHashesNeverVerify) {
  for (const std::string bad : {"", "scrypt", "scrypt$15$8$1$$", "bcrypt$x",
                                "scrypt$99$8$1$AAAA$AAAA", "scrypt$15$8$1$!!$!!"}) {
    EXPECT_FALSE(PasswordHasher::Verify("anything", bad)) << bad;
  }
}

}  // namespace
}  // namespace casebridge::accounts
