// The deadline sweeper against a real PostgreSQL: overdue duties are marked MISSED and windows
// LAPSED, each exactly once with one event, even with two sweepers racing over the same clocks.
#include "services/referral/deadline_sweeper.h"

#include <gtest/gtest.h>

#include <barrier>
#include <map>
#include <thread>

#include "services/core/audit.h"
#include "services/core/event_notifier.h"
#include "services/core/migrations.h"
#include "services/referral/referral_service.h"
#include "services/referral/schema.h"
#include "tests/harness/test_schema.h"
#include "tests/referral/past_acts.h"

namespace casebridge::referral {
namespace {

using law::referral::Act;
using testing::DaysAgo;
using testing::RecordPastAct;

class DeadlineSweeperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_ = NewPool();
    auto connection = pool_->OpenDedicated();
    core::ApplyMigrations(*connection, schema_.name(), schema_.owner_role(), schema_.runtime_role(),
                          {{"core", core::CoreMigrations()}, {"referral", Migrations()}});
  }

  std::unique_ptr<core::ConnectionPool> NewPool() {
    return std::make_unique<core::ConnectionPool>(schema_.runtime_url(), schema_.name(), 4);
  }

  template <typename Work>
  auto Write(Work work) {
    auto lease = pool_->Acquire();
    pqxx::work tx(*lease);
    auto result = work(tx);
    tx.commit();
    return result;
  }

  // A referral reported to the head `days` ago: its 3-day head decision clock (a duty of the
  // agency) ran out unless `days` is 0.
  v1::Referral Reported(const std::string& id, int days) {
    return Write([&](pqxx::work& tx) {
      testing::InsertDraft(tx, id, "case-" + id, "nt-amr", "320600", DaysAgo(days + 1));
      return RecordPastAct(tx, id, Act::kSubmitReport, v1::ReferralEvent::TYPE_REPORT_SUBMITTED,
                           DaysAgo(days));
    });
  }

  // A referral the police declined `days` ago: the agency's 3-day window to request
  // reconsideration ran out unused.
  v1::Referral Declined(const std::string& id, int days) {
    return Write([&](pqxx::work& tx) {
      const auto at = DaysAgo(days);
      testing::InsertDraft(tx, id, "case-" + id, "nt-amr", "320600", at);
      RecordPastAct(tx, id, Act::kSubmitReport, v1::ReferralEvent::TYPE_REPORT_SUBMITTED, at);
      RecordPastAct(tx, id, Act::kApprove, v1::ReferralEvent::TYPE_APPROVED, at);
      RecordPastAct(tx, id, Act::kTransfer, v1::ReferralEvent::TYPE_TRANSFERRED, at,
                    [](v1::Referral& r) {
                      r.mutable_transfer()->set_police("organisations/nt-police");
                      r.set_current_police("organisations/nt-police");
                    });
      RecordPastAct(tx, id, Act::kReceive, v1::ReferralEvent::TYPE_RECEIVED, at);
      return RecordPastAct(tx, id, Act::kDecline, v1::ReferralEvent::TYPE_DECLINED, at);
    });
  }

  v1::Referral Stored(const std::string& id) {
    auto lease = pool_->Acquire();
    pqxx::read_transaction tx(*lease);
    v1::Referral r;
    r.ParseFromString(ReferralRepository().FindReferral(tx, id)->body);
    return r;
  }

  // Every event the sweeper wrote, by its subject (the deadline).
  std::map<std::string, std::vector<v1::ReferralEvent>> SweeperEvents() {
    auto lease = pool_->Acquire();
    pqxx::read_transaction tx(*lease);
    std::map<std::string, std::vector<v1::ReferralEvent>> out;
    for (const StoredEvent& stored : ReferralRepository().EventsAfter(tx, 0, "", 100000)) {
      v1::ReferralEvent event;
      event.ParseFromString(stored.event);
      if (event.type() == v1::ReferralEvent::TYPE_DEADLINE_MISSED ||
          event.type() == v1::ReferralEvent::TYPE_DEADLINE_LAPSED) {
        out[event.subject()].push_back(event);
      }
    }
    return out;
  }

  int64_t Count(const std::string& sql) {
    auto lease = pool_->Acquire();
    pqxx::read_transaction tx(*lease);
    return tx.exec(sql)[0][0].as<int64_t>();
  }

  static const v1::Deadline& Clock(const v1::Referral& r, v1::Deadline::Kind kind) {
    for (const v1::Deadline& d : r.deadlines()) {
      if (d.kind() == kind) return d;
    }
    throw std::runtime_error("no such clock");
  }

  testing::TestSchema schema_;
  std::unique_ptr<core::ConnectionPool> pool_;
};

TEST_F(DeadlineSweeperTest, MarksMissedDutyAndLapsedWindowOnceWithOneEventEach) {
  Reported("late-head", 5);
  Declined("unused-window", 6);
  Reported("in-time", 0);

  DeadlineSweeper sweeper(*pool_, {.interval = std::chrono::hours(1), .batch_size = 10});
  EXPECT_EQ(sweeper.SweepOnce(std::chrono::system_clock::now()), 2);

  const v1::Referral late = Stored("late-head");
  const v1::Deadline& head = Clock(late, v1::Deadline::KIND_HEAD_DECISION);
  EXPECT_EQ(head.clock().state(), v1::StatutoryClock::STATE_MISSED);
  EXPECT_EQ(head.clock().late_organisation(), "organisations/nt-amr");
  EXPECT_FALSE(head.clock().has_completion_time());
  EXPECT_EQ(late.state(), v1::Referral::STATE_REPORTED);  // the clock runs out, the state stays
  EXPECT_EQ(late.etag(), "3");

  const v1::Referral unused = Stored("unused-window");
  const v1::Deadline& window = Clock(unused, v1::Deadline::KIND_RECONSIDERATION_REQUEST);
  EXPECT_EQ(window.clock().state(), v1::StatutoryClock::STATE_LAPSED);
  EXPECT_EQ(window.clock().late_organisation(), "");  // a window lapsing is nobody's breach
  EXPECT_EQ(Clock(Stored("in-time"), v1::Deadline::KIND_HEAD_DECISION).clock().state(),
            v1::StatutoryClock::STATE_OPEN);

  auto events = SweeperEvents();
  ASSERT_EQ(events.size(), 2u);
  ASSERT_EQ(events[head.name()].size(), 1u);
  const v1::ReferralEvent& missed = events[head.name()][0];
  EXPECT_EQ(missed.type(), v1::ReferralEvent::TYPE_DEADLINE_MISSED);
  EXPECT_EQ(missed.referral(), "referrals/late-head");
  EXPECT_EQ(missed.header().actor().user(), "users/system");
  EXPECT_EQ(missed.header().actor().display_name(), "CaseBridge referral deadline sweeper");
  EXPECT_EQ(missed.header().request_id(), "");
  EXPECT_EQ(missed.header().region_code(), "320600");
  ASSERT_EQ(missed.deadline_changes_size(), 1);
  EXPECT_EQ(missed.deadline_changes(0).clock().state(), v1::StatutoryClock::STATE_MISSED);
  EXPECT_EQ(missed.snapshot().etag(), "3");
  ASSERT_EQ(events[window.name()].size(), 1u);
  EXPECT_EQ(events[window.name()][0].type(), v1::ReferralEvent::TYPE_DEADLINE_LAPSED);

  // The clock rows say the same, and an overdue duty is listed as such until it is done.
  auto lease = pool_->Acquire();
  pqxx::read_transaction tx(*lease);
  DeadlineQuery overdue;
  overdue.overdue = true;
  auto rows = ReferralRepository().ListDeadlines(tx, overdue, 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ("referrals/" + rows[0].referral_id + "/deadlines/" + rows[0].deadline_id, head.name());
  tx.commit();

  // Nothing is left to mark, and the chain holds every record.
  EXPECT_EQ(sweeper.SweepOnce(std::chrono::system_clock::now()), 0);
  EXPECT_EQ(SweeperEvents().size(), 2u);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE actor_user = 'users/system'"), 2);
  auto verify_lease = pool_->Acquire();
  pqxx::read_transaction verify(*verify_lease);
  EXPECT_TRUE(core::VerifyAuditChain(verify).intact);
}

TEST_F(DeadlineSweeperTest, TwoSweepersRacingMarkEachClockExactlyOnce) {
  constexpr int kDuties = 60;
  constexpr int kWindows = 20;
  for (int i = 0; i < kDuties; ++i) Reported("duty-" + std::to_string(i), 4 + i % 3);
  for (int i = 0; i < kWindows; ++i) Declined("window-" + std::to_string(i), 5);

  // Two replicas: their own pools, small batches so they interleave, started together.
  auto other_pool = NewPool();
  DeadlineSweeper first(*pool_, {.interval = std::chrono::hours(1), .batch_size = 3});
  DeadlineSweeper second(*other_pool, {.interval = std::chrono::hours(1), .batch_size = 3});
  std::barrier start(2);
  int64_t marked_by_first = 0, marked_by_second = 0;
  std::thread a([&] {
    start.arrive_and_wait();
    marked_by_first = first.SweepOnce(std::chrono::system_clock::now());
  });
  std::thread b([&] {
    start.arrive_and_wait();
    marked_by_second = second.SweepOnce(std::chrono::system_clock::now());
  });
  a.join();
  b.join();
  // A referral one sweeper held is left to a later sweep, never marked by both.
  const int64_t later = first.SweepOnce(std::chrono::system_clock::now());
  EXPECT_EQ(marked_by_first + marked_by_second + later, kDuties + kWindows);

  auto events = SweeperEvents();
  EXPECT_EQ(events.size(), static_cast<size_t>(kDuties + kWindows));
  for (const auto& [subject, list] : events) EXPECT_EQ(list.size(), 1u) << subject;
  for (int i = 0; i < kDuties; ++i) {
    const v1::Referral r = Stored("duty-" + std::to_string(i));
    EXPECT_EQ(Clock(r, v1::Deadline::KIND_HEAD_DECISION).clock().state(),
              v1::StatutoryClock::STATE_MISSED);
    EXPECT_EQ(r.etag(), "3");  // reported, then marked once
  }
  for (int i = 0; i < kWindows; ++i) {
    EXPECT_EQ(
        Clock(Stored("window-" + std::to_string(i)), v1::Deadline::KIND_RECONSIDERATION_REQUEST)
            .clock()
            .state(),
        v1::StatutoryClock::STATE_LAPSED);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM referral_deadlines WHERE state = 1 AND due_time < now()"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE actor_user = 'users/system'"),
            kDuties + kWindows);
  auto lease = pool_->Acquire();
  pqxx::read_transaction tx(*lease);
  EXPECT_TRUE(core::VerifyAuditChain(tx).intact);
}

TEST_F(DeadlineSweeperTest, ReferralHeldByAnotherTransactionIsLeftForTheNextSweep) {
  Reported("busy", 5);
  DeadlineSweeper sweeper(*pool_, {.interval = std::chrono::hours(1), .batch_size = 10});
  {
    // An act on the referral in progress holds its row.
    auto other_pool = NewPool();
    auto lease = other_pool->Acquire();
    pqxx::work act(*lease);
    act.exec("SELECT 1 FROM referrals WHERE id = 'busy' FOR UPDATE");
    EXPECT_EQ(sweeper.SweepOnce(std::chrono::system_clock::now()), 0);
    act.commit();
  }
  EXPECT_EQ(sweeper.SweepOnce(std::chrono::system_clock::now()), 1);
  EXPECT_EQ(SweeperEvents().size(), 1u);
}

TEST_F(DeadlineSweeperTest, StartedSweeperMarksClocksAsTheyRunOut) {
  DeadlineSweeper sweeper(*pool_, {.interval = std::chrono::hours(1), .batch_size = 10});
  core::EventNotifier notifier(*pool_, kReferralEventChannel);
  sweeper.Start();
  Reported("overdue-later", 4);
  sweeper.Wake();
  // Waits for the sweeper's event to be notified, not for time to pass.
  std::atomic<bool> stop{false};
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (SweeperEvents().empty() && std::chrono::steady_clock::now() < give_up) {
    const uint64_t seen = notifier.version();
    if (!SweeperEvents().empty()) break;
    notifier.WaitForChange(seen, std::chrono::seconds(5), stop);
  }
  auto events = SweeperEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events.begin()->second[0].referral(), "referrals/overdue-later");
}

}  // namespace
}  // namespace casebridge::referral
