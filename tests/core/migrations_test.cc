// Migrations against a real PostgreSQL: applied once, idempotent, safe when two instances start
// together, and refused when an applied file was edited.
#include "services/core/migrations.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "services/core/database.h"
#include "tests/harness/test_schema.h"

namespace casebridge::core {
namespace {

const std::vector<EmbeddedFile> kServiceMigrations = {
    {"0001_things.sql", "CREATE TABLE things (id bigint PRIMARY KEY, label text NOT NULL);"},
    {"0002_thing_notes.sql", "ALTER TABLE things ADD COLUMN note text;"},
};

class MigrationsTest : public ::testing::Test {
 protected:
  MigrationResult Apply(const std::vector<EmbeddedFile>& files) {
    ConnectionPool pool(schema_.runtime_url(), schema_.name(), 1);
    auto connection = pool.OpenDedicated();
    return ApplyMigrations(*connection, schema_.name(), schema_.owner_role(),
                           schema_.runtime_role(), {{"core", CoreMigrations()}, {"svc", files}});
  }

  int64_t Count(const std::string& sql) {
    auto admin = schema_.Superuser();
    return pqxx::nontransaction(*admin).exec(sql)[0][0].as<int64_t>();
  }

  testing::TestSchema schema_;
};

TEST_F(MigrationsTest, AppliesEveryFileOnceInOrder) {
  MigrationResult first = Apply(kServiceMigrations);
  EXPECT_EQ(first.applied, static_cast<int>(CoreMigrations().size() + kServiceMigrations.size()));
  EXPECT_EQ(Count("SELECT count(*) FROM schema_migrations"), first.applied);
  EXPECT_EQ(Count("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" +
                  schema_.name() + "' AND table_name = 'things' AND column_name = 'note'"),
            1);
}

TEST_F(MigrationsTest, SecondRunChangesNothing) {
  Apply(kServiceMigrations);
  MigrationResult second = Apply(kServiceMigrations);
  EXPECT_EQ(second.applied, 0);
  EXPECT_EQ(second.already_present,
            static_cast<int>(CoreMigrations().size() + kServiceMigrations.size()));
}

TEST_F(MigrationsTest, NewFileIsAppliedLater) {
  Apply({kServiceMigrations[0]});
  MigrationResult later = Apply(kServiceMigrations);
  EXPECT_EQ(later.applied, 1);
}

TEST_F(MigrationsTest, ConcurrentStartsApplyEachMigrationOnce) {
  constexpr int kInstances = 4;
  std::atomic<int> applied{0}, failures{0};
  std::vector<std::thread> instances;
  for (int i = 0; i < kInstances; ++i) {
    instances.emplace_back([&] {
      try {
        applied += Apply(kServiceMigrations).applied;
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  }
  for (auto& t : instances) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(applied, static_cast<int>(CoreMigrations().size() + kServiceMigrations.size()));
  EXPECT_EQ(Count("SELECT count(*) FROM schema_migrations"), applied.load());
}

TEST_F(MigrationsTest, EditedAppliedMigrationIsRefused) {
  Apply(kServiceMigrations);
  std::vector<EmbeddedFile> edited = kServiceMigrations;
  edited[0].content = "CREATE TABLE things (id bigint PRIMARY KEY, label text);";
  try {
    Apply(edited);
    FAIL() << "an edited migration was accepted";
  } catch (const MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find("0001_things.sql"), std::string::npos) << e.what();
  }
}

TEST_F(MigrationsTest, FailingMigrationLeavesNothingBehind) {
  std::vector<EmbeddedFile> broken = kServiceMigrations;
  broken.push_back({"0003_broken.sql", "ALTER TABLE no_such_table ADD COLUMN x int;"});
  EXPECT_THROW(Apply(broken), pqxx::sql_error);
  // The whole run was one transaction: not even the good files or the core tables remain.
  EXPECT_EQ(Count("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" +
                  schema_.name() + "'"),
            0);
}

TEST_F(MigrationsTest, RuntimeRoleGetsDataRightsButDoesNotOwnTables) {
  Apply(kServiceMigrations);
  ConnectionPool pool(schema_.runtime_url(), schema_.name(), 1);
  auto lease = pool.Acquire();
  pqxx::work tx(*lease);
  tx.exec("INSERT INTO things (id, label) VALUES (1, 'a')");
  EXPECT_THROW(tx.exec("DROP TABLE things"), pqxx::insufficient_privilege);
}

}  // namespace
}  // namespace casebridge::core
