// A fresh schema with its own owner and runtime roles, as bootstrap.sh makes them, per test.
#pragma once

#include <memory>
#include <pqxx/pqxx>
#include <string>

namespace casebridge::testing {

class TestSchema {
 public:
  // Creates roles <name>_owner (NOLOGIN) and <name> (LOGIN, NOINHERIT member of the owner) and
  // schema <name> owned by the owner, in the fixture's casebridge database.
  TestSchema();
  ~TestSchema();
  TestSchema(const TestSchema&) = delete;
  TestSchema& operator=(const TestSchema&) = delete;

  const std::string& name() const { return name_; }
  std::string owner_role() const { return name_ + "_owner"; }
  const std::string& runtime_role() const { return name_; }
  // Connects as the runtime role (what a service uses).
  std::string runtime_url() const;
  // A superuser connection with search_path set to this schema, for inspecting and tampering.
  std::unique_ptr<pqxx::connection> Superuser() const;

 private:
  std::string name_;
  std::string password_;
};

}  // namespace casebridge::testing
