// Password hashing with scrypt (memory-hard, from OpenSSL 3), parameters stored with each hash.
#pragma once

#include <string>

namespace casebridge::accounts {

// scrypt with N=2^15, r=8, p=1 (32 MiB, tens of milliseconds here): OWASP's minimum is N=2^17 for
// interactive logins on servers with memory to spare; 2^15 keeps each login within the 50 MB
// budget of the service while still costing an attacker 32 MiB per guess. Stored hashes carry
// their parameters, so raising them later re-hashes nothing that exists.
class PasswordHasher {
 public:
  // "scrypt$15$8$1$<salt base64url>$<hash base64url>".
  static std::string Hash(const std::string& password);
  // Constant-time comparison; false for a malformed stored hash.
  static bool Verify(const std::string& password, const std::string& stored);
  // Spends the same time as a Verify, for unknown users, so timing does not reveal who exists.
  static void VerifyNothing(const std::string& password);
};

}  // namespace casebridge::accounts
