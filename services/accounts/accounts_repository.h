// SQL for organisations and users; every method runs inside the caller's transaction.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace casebridge::accounts {

using TimePoint = std::chrono::system_clock::time_point;

struct OrganisationRecord {
  std::string id;
  std::string display_name;
  int kind = 0;
  std::string region_code;
  int enforcement_domain = 0;
  TimePoint create_time;
  int64_t version = 0;
};

struct UserRecord {
  std::string id;
  std::string display_name;
  std::string organisation_id;
  std::vector<int> roles;
  int state = 0;
  std::string password_hash;
  int failed_logins = 0;
  std::optional<TimePoint> locked_until;
  TimePoint create_time;
  TimePoint update_time;
  int64_t version = 0;
};

struct OrganisationFilter {
  int kind = 0;               // 0: any
  std::string region_prefix;  // "": any
};

class AccountsRepository {
 public:
  void InsertOrganisation(pqxx::transaction_base& tx, const OrganisationRecord& org);
  std::optional<OrganisationRecord> FindOrganisation(pqxx::transaction_base& tx,
                                                     const std::string& id);
  // Ordered by id, starting after `after_id`.
  std::vector<OrganisationRecord> ListOrganisations(pqxx::transaction_base& tx,
                                                    const OrganisationFilter& filter,
                                                    const std::string& after_id, int limit);

  void InsertUser(pqxx::transaction_base& tx, const UserRecord& user);
  // `for_update` takes the row lock, so concurrent logins count failures one at a time.
  std::optional<UserRecord> FindUser(pqxx::transaction_base& tx, const std::string& id,
                                     bool for_update = false);
  std::vector<UserRecord> ListUsers(pqxx::transaction_base& tx, const std::string& organisation_id,
                                    const std::string& after_id, int limit);
  bool AnyUserExists(pqxx::transaction_base& tx);

  // Writes display name, roles and state when the stored version is still `expected_version`;
  // false when someone changed the user in between.
  bool UpdateUserProfile(pqxx::transaction_base& tx, const UserRecord& user,
                         int64_t expected_version);
  void SetPassword(pqxx::transaction_base& tx, const std::string& id, const std::string& hash);
  void RecordLoginFailure(pqxx::transaction_base& tx, const std::string& id, int failed_logins,
                          std::optional<TimePoint> locked_until);
  void RecordLoginSuccess(pqxx::transaction_base& tx, const std::string& id);
};

}  // namespace casebridge::accounts
