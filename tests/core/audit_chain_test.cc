// The audit hash chain against a real PostgreSQL: intact chains verify; any altered, deleted,
// reordered, inserted or truncated record is detected; the service role cannot rewrite history.
#include <gtest/gtest.h>

#include <thread>

#include "services/core/audit.h"
#include "services/core/database.h"
#include "services/core/digest.h"
#include "services/core/migrations.h"
#include "tests/harness/test_schema.h"

namespace casebridge::core {
namespace {

class AuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<ConnectionPool>(schema_.runtime_url(), schema_.name(), 4);
    auto connection = pool_->OpenDedicated();
    ApplyMigrations(*connection, schema_.name(), schema_.owner_role(), schema_.runtime_role(),
                    {{"core", CoreMigrations()}});
  }

  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      auto lease = pool_->Acquire();
      pqxx::work tx(*lease);
      AppendAudit(tx, AuditEntry{"users/u" + std::to_string(i), "organisations/o", "test.Act",
                                 "things/" + std::to_string(i), Sha256Hex(std::to_string(i))});
      tx.commit();
    }
  }

  AuditVerification Verify() {
    auto lease = pool_->Acquire();
    pqxx::read_transaction tx(*lease);
    return VerifyAuditChain(tx);
  }

  // Tampering as the database superuser, with the append-only trigger bypassed: what an attacker
  // with full database access could do, which verification must still reveal.
  void Tamper(const std::string& sql) {
    auto admin = schema_.Superuser();
    pqxx::work tx(*admin);
    tx.exec("SET LOCAL session_replication_role = replica");
    tx.exec(sql);
    tx.commit();
  }

  testing::TestSchema schema_;
  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(AuditChainTest, EmptyChainIsIntact) {
  AuditVerification v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.records_checked, 0);
}

TEST_F(AuditChainTest, AppendedChainIsIntact) {
  Append(25);
  AuditVerification v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.records_checked, 25);
}

TEST_F(AuditChainTest, ConcurrentAppendsFormOneChain) {
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) writers.emplace_back([this] { Append(20); });
  for (auto& w : writers) w.join();
  AuditVerification v = Verify();
  EXPECT_TRUE(v.intact) << v.problem;
  EXPECT_EQ(v.records_checked, 80);
}

TEST_F(AuditChainTest, AlteredFieldIsDetected) {
  Append(10);
  Tamper("UPDATE audit_log SET actor_user = 'users/someone-else' WHERE sequence = 4");
  AuditVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_sequence, 4);
}

TEST_F(AuditChainTest, AlteredTimeIsDetected) {
  Append(10);
  Tamper("UPDATE audit_log SET record_time = record_time - interval '1 day' WHERE sequence = 7");
  EXPECT_EQ(Verify().first_bad_sequence, 7);
}

TEST_F(AuditChainTest, RecomputedHashStillBreaksTheNextLink) {
  Append(10);
  // An attacker who also recomputes row 5's own hash cannot fix row 6's link to it.
  Tamper(
      "UPDATE audit_log SET action = 'test.Other', record_hash = sha256(record_hash) "
      "WHERE sequence = 5");
  AuditVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_sequence, 5);
}

TEST_F(AuditChainTest, DeletedRecordIsDetected) {
  Append(10);
  Tamper("DELETE FROM audit_log WHERE sequence = 6");
  AuditVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_sequence, 6);
}

TEST_F(AuditChainTest, ReorderedRecordsAreDetected) {
  Append(10);
  // Swap the contents of records 3 and 4, keeping their sequence numbers.
  Tamper(
      "UPDATE audit_log a SET actor_user = b.actor_user, target = b.target, "
      "state_digest = b.state_digest, previous_hash = b.previous_hash, record_hash = b.record_hash "
      "FROM (SELECT * FROM audit_log WHERE sequence IN (3, 4)) b "
      "WHERE a.sequence IN (3, 4) AND b.sequence = 7 - a.sequence");
  AuditVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_sequence, 3);
}

TEST_F(AuditChainTest, InsertedRecordIsDetected) {
  Append(5);
  Tamper(
      "INSERT INTO audit_log SELECT 6, actor_user, actor_organisation, action, target, "
      "record_time, state_digest, record_hash, sha256(record_hash) FROM audit_log WHERE sequence = "
      "5");
  AuditVerification v = Verify();
  EXPECT_FALSE(v.intact);
}

TEST_F(AuditChainTest, TruncatedTailIsDetected) {
  Append(10);
  Tamper("DELETE FROM audit_log WHERE sequence > 7");
  AuditVerification v = Verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_sequence, 8);
}

TEST_F(AuditChainTest, ServiceRoleCannotUpdateOrDeleteAuditRows) {
  Append(3);
  for (const std::string sql : {"UPDATE audit_log SET action = 'x' WHERE sequence = 1",
                                "DELETE FROM audit_log WHERE sequence = 3", "TRUNCATE audit_log"}) {
    auto lease = pool_->Acquire();
    pqxx::work tx(*lease);
    EXPECT_THROW(tx.exec(sql), pqxx::insufficient_privilege) << sql;
  }
  EXPECT_TRUE(Verify().intact);
}

TEST_F(AuditChainTest, OwnerIsStoppedByTheAppendOnlyTrigger) {
  Append(2);
  auto admin = schema_.Superuser();
  pqxx::work tx(*admin);
  tx.exec("SET LOCAL ROLE " + schema_.owner_role());
  EXPECT_THROW(tx.exec("DELETE FROM audit_log WHERE sequence = 1"), pqxx::sql_error);
}

}  // namespace
}  // namespace casebridge::core
