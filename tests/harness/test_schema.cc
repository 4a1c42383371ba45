#include "tests/harness/test_schema.h"

#include "services/core/digest.h"
#include "tests/harness/test_environment.h"

namespace casebridge::testing {

TestSchema::TestSchema()
    : name_(UniqueName("t")), password_(core::HexEncode(core::RandomBytes(12))) {
  pqxx::connection admin(SuperuserUrl());
  pqxx::nontransaction tx(admin);
  tx.exec("CREATE ROLE " + owner_role() + " NOLOGIN");
  tx.exec("CREATE ROLE " + name_ + " LOGIN NOINHERIT PASSWORD " + tx.quote(password_) +
          " IN ROLE " + owner_role());
  tx.exec("CREATE SCHEMA " + name_ + " AUTHORIZATION " + owner_role());
  tx.exec("GRANT USAGE ON SCHEMA " + name_ + " TO " + name_);
  tx.exec("GRANT CONNECT ON DATABASE casebridge TO " + name_);
}

TestSchema::~TestSchema() {
  try {
    pqxx::connection admin(SuperuserUrl());
    pqxx::nontransaction tx(admin);
    tx.exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
    tx.exec("DROP OWNED BY " + name_ + ", " + owner_role());
    tx.exec("DROP ROLE IF EXISTS " + name_);
    tx.exec("DROP ROLE IF EXISTS " + owner_role());
  } catch (const std::exception&) {
    // The throwaway cluster is removed at the end of the run anyway.
  }
}

std::string TestSchema::runtime_url() const {
  std::string url = SuperuserUrl();
  const size_t at = url.find('@');
  return "postgresql://" + name_ + ":" + password_ + url.substr(at);
}

std::unique_ptr<pqxx::connection> TestSchema::Superuser() const {
  auto connection = std::make_unique<pqxx::connection>(SuperuserUrl());
  pqxx::nontransaction(*connection).exec("SET search_path TO " + name_ + ", public");
  return connection;
}

}  // namespace casebridge::testing
