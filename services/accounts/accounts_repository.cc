#include "services/accounts/accounts_repository.h"

namespace casebridge::accounts {
namespace {

constexpr char kOrganisationColumns[] =
    "id, display_name, kind, region_code, enforcement_domain,"
    " (extract(epoch FROM create_time) * 1000000)::bigint, version";
constexpr char kUserColumns[] =
    "id, display_name, organisation_id, array_to_string(roles, ','), state, password_hash,"
    " failed_logins, (extract(epoch FROM locked_until) * 1000000)::bigint,"
    " (extract(epoch FROM create_time) * 1000000)::bigint,"
    " (extract(epoch FROM update_time) * 1000000)::bigint, version";

TimePoint FromMicros(int64_t micros) {
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::microseconds(micros)));
}

int64_t ToMicros(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

OrganisationRecord ReadOrganisation(const pqxx::row& row) {
  return OrganisationRecord{row[0].as<std::string>(), row[1].as<std::string>(),
                            row[2].as<int>(),         row[3].as<std::string>(),
                            row[4].as<int>(),         FromMicros(row[5].as<int64_t>()),
                            row[6].as<int64_t>()};
}

std::string RolesLiteral(const std::vector<int>& roles) {
  std::string literal = "{";
  for (size_t i = 0; i < roles.size(); ++i) literal += (i ? "," : "") + std::to_string(roles[i]);
  return literal + "}";
}

UserRecord ReadUser(const pqxx::row& row) {
  UserRecord user;
  user.id = row[0].as<std::string>();
  user.display_name = row[1].as<std::string>();
  user.organisation_id = row[2].as<std::string>();
  const std::string roles = row[3].as<std::string>();
  for (size_t start = 0; start < roles.size();) {
    size_t comma = roles.find(',', start);
    if (comma == std::string::npos) comma = roles.size();
    user.roles.push_back(std::stoi(roles.substr(start, comma - start)));
    start = comma + 1;
  }
  user.state = row[4].as<int>();
  user.password_hash = row[5].as<std::string>();
  user.failed_logins = row[6].as<int>();
  if (!row[7].is_null()) user.locked_until = FromMicros(row[7].as<int64_t>());
  user.create_time = FromMicros(row[8].as<int64_t>());
  user.update_time = FromMicros(row[9].as<int64_t>());
  user.version = row[10].as<int64_t>();
  return user;
}

}  // namespace

void AccountsRepository::InsertOrganisation(pqxx::transaction_base& tx,
                                            const OrganisationRecord& org) {
  tx.exec_params(
      "INSERT INTO organisations (id, display_name, kind, region_code, enforcement_domain)"
      " VALUES ($1, $2, $3, $4, $5)",
      org.id, org.display_name, org.kind, org.region_code, org.enforcement_domain);
}

std::optional<OrganisationRecord> AccountsRepository::FindOrganisation(pqxx::transaction_base& tx,
                                                                       const std::string& id) {
  pqxx::result r = tx.exec_params(
      std::string("SELECT ") + kOrganisationColumns + " FROM organisations WHERE id = $1", id);
  if (r.empty()) return std::nullopt;
  return ReadOrganisation(r[0]);
}

std::vector<OrganisationRecord> AccountsRepository::ListOrganisations(
    pqxx::transaction_base& tx, const OrganisationFilter& filter, const std::string& after_id,
    int limit) {
  pqxx::result r = tx.exec_params(std::string("SELECT ") + kOrganisationColumns +
                                      " FROM organisations WHERE id > $1 AND ($2 = 0 OR kind = $2)"
                                      " AND region_code LIKE $3 || '%' ORDER BY id LIMIT $4",
                                  after_id, filter.kind, filter.region_prefix, limit);
  std::vector<OrganisationRecord> out;
  for (const auto& row : r) out.push_back(ReadOrganisation(row));
  return out;
}

void AccountsRepository::InsertUser(pqxx::transaction_base& tx, const UserRecord& user) {
  tx.exec_params(
      "INSERT INTO users (id, display_name, organisation_id, roles, state, password_hash)"
      " VALUES ($1, $2, $3, $4::smallint[], $5, $6)",
      user.id, user.display_name, user.organisation_id, RolesLiteral(user.roles), user.state,
      user.password_hash);
}

std::optional<UserRecord> AccountsRepository::FindUser(pqxx::transaction_base& tx,
                                                       const std::string& id, bool for_update) {
  pqxx::result r =
      tx.exec_params(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = $1" +
                         (for_update ? " FOR UPDATE" : ""),
                     id);
  if (r.empty()) return std::nullopt;
  return ReadUser(r[0]);
}

std::vector<UserRecord> AccountsRepository::ListUsers(pqxx::transaction_base& tx,
                                                      const std::string& organisation_id,
                                                      const std::string& after_id, int limit) {
  pqxx::result r = tx.exec_params(
      std::string("SELECT ") + kUserColumns +
          " FROM users WHERE id > $1 AND ($2 = '' OR organisation_id = $2) ORDER BY id LIMIT $3",
      after_id, organisation_id, limit);
  std::vector<UserRecord> out;
  for (const auto& row : r) out.push_back(ReadUser(row));
  return out;
}

bool AccountsRepository::AnyUserExists(pqxx::transaction_base& tx) {
  return tx.exec("SELECT EXISTS (SELECT 1 FROM users)")[0][0].as<bool>();
}

bool AccountsRepository::UpdateUserProfile(pqxx::transaction_base& tx, const UserRecord& user,
                                           int64_t expected_version) {
  pqxx::result r = tx.exec_params(
      "UPDATE users SET display_name = $2, roles = $3::smallint[], state = $4,"
      " update_time = now(), version = version + 1 WHERE id = $1 AND version = $5",
      user.id, user.display_name, RolesLiteral(user.roles), user.state, expected_version);
  return r.affected_rows() == 1;
}

void AccountsRepository::SetPassword(pqxx::transaction_base& tx, const std::string& id,
                                     const std::string& hash) {
  tx.exec_params(
      "UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL,"
      " update_time = now(), version = version + 1 WHERE id = $1",
      id, hash);
}

void AccountsRepository::RecordLoginFailure(pqxx::transaction_base& tx, const std::string& id,
                                            int failed_logins,
                                            std::optional<TimePoint> locked_until) {
  std::optional<int64_t> locked_micros;
  if (locked_until) locked_micros = ToMicros(*locked_until);
  tx.exec_params(
      "UPDATE users SET failed_logins = $2,"
      " locked_until = timestamptz 'epoch' + $3::bigint * interval '1 microsecond'"
      " WHERE id = $1",
      id, failed_logins, locked_micros);
}

void AccountsRepository::RecordLoginSuccess(pqxx::transaction_base& tx, const std::string& id) {
  tx.exec_params(
      "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND"
      " (failed_logins <> 0 OR locked_until IS NOT NULL)",
      id);
}

}  // namespace casebridge::accounts
