// The intake status reporter against a real PostgreSQL and a stand-in intake server: every stage
// change reaches intake in feed order, nothing is lost while intake is down, one replica reports
// at a time.
#include "services/referral/intake_status_reporter.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <set>

#include "casebridge/v1/intake.grpc.pb.h"
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

// Intake as far as the reporter sees it: records what it is told, and refuses for good the
// reports about referrals in `refused`.
class StandInIntake final : public v1::IntakeService::CallbackService {
 public:
  explicit StandInIntake(std::set<std::string> refused = {}) : refused_(std::move(refused)) {}

  grpc::ServerUnaryReactor* RecordReferralStatus(grpc::CallbackServerContext* context,
                                                 const v1::RecordReferralStatusRequest* request,
                                                 v1::CaseFile*) override {
    grpc::Status status = grpc::Status::OK;
    if (refused_.contains(request->link().referral())) {
      status = grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, "refused for good");
    } else {
      std::lock_guard lock(mutex_);
      received_.push_back(*request);
      arrived_.notify_all();
    }
    auto* reactor = context->DefaultReactor();
    reactor->Finish(status);
    return reactor;
  }

  std::vector<v1::RecordReferralStatusRequest> Received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

  // Blocks until `count` reports have arrived (or a minute passed).
  std::vector<v1::RecordReferralStatusRequest> AwaitReports(size_t count) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, std::chrono::seconds(60), [&] { return received_.size() >= count; });
    return received_;
  }

 private:
  const std::set<std::string> refused_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<v1::RecordReferralStatusRequest> received_;
};

class IntakeStatusReporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<core::ConnectionPool>(schema_.runtime_url(), schema_.name(), 4);
    auto connection = pool_->OpenDedicated();
    core::ApplyMigrations(*connection, schema_.name(), schema_.owner_role(), schema_.runtime_role(),
                          {{"core", core::CoreMigrations()}, {"referral", Migrations()}});
    // A port for intake, free until intake starts on it.
    StandInIntake nobody;
    Serve("127.0.0.1:0", &nobody)->Shutdown();
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 200);
    channel_ = grpc::CreateCustomChannel(address_, grpc::InsecureChannelCredentials(), args);
    intake_client_ = std::make_unique<IntakeClient>(channel_);
  }

  // Starts `service` on `address` (port 0: any port), remembering the address.
  std::unique_ptr<grpc::Server> Serve(const std::string& address, StandInIntake* service) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service);
    auto server = builder.BuildAndStart();
    address_ = "127.0.0.1:" + std::to_string(port);
    return server;
  }

  std::unique_ptr<grpc::Server> StartIntake(StandInIntake& intake) {
    auto server = Serve(address_, &intake);
    EXPECT_TRUE(
        channel_->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(30)));
    return server;
  }

  template <typename Work>
  void Write(Work work) {
    auto lease = pool_->Acquire();
    pqxx::work tx(*lease);
    work(tx);
    tx.commit();
  }

  int64_t Cursor() {
    auto lease = pool_->Acquire();
    pqxx::read_transaction tx(*lease);
    return tx.exec("SELECT last_sequence FROM intake_status_cursor")[0][0].as<int64_t>();
  }

  IntakeStatusReporter::Options Quick() {
    return {.retry_interval = std::chrono::milliseconds(200), .batch_size = 2};
  }

  testing::TestSchema schema_;
  std::unique_ptr<core::ConnectionPool> pool_;
  std::string address_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<IntakeClient> intake_client_;
};

TEST_F(IntakeStatusReporterTest, StageChangesReachIntakeInOrderOnceItIsBack) {
  const auto refused_at = DaysAgo(1);
  Write([&](pqxx::work& tx) {
    testing::InsertDraft(tx, "a", "case-a", "nt-amr", "320600", DaysAgo(2));  // sequence 1
    testing::InsertDraft(tx, "b", "case-b", "nt-amr", "320600", DaysAgo(2));  // 2
    // 3: within 移送准备, nothing to report.
    testing::RecordPastAct(tx, "a", Act::kSubmitReport, v1::ReferralEvent::TYPE_REPORT_SUBMITTED,
                           DaysAgo(1));
    testing::RecordPastAct(tx, "a", Act::kRefuse, v1::ReferralEvent::TYPE_REFUSED,  // 4
                           refused_at);
  });
  core::EventNotifier notifier(*pool_, kReferralEventChannel);
  IntakeStatusReporter reporter(*pool_, notifier, *intake_client_, Quick());

  // Intake is down: nothing is reported and the cursor stays where it was.
  EXPECT_FALSE(reporter.ReportPending());
  EXPECT_EQ(Cursor(), 0);

  StandInIntake intake;
  auto server = StartIntake(intake);
  EXPECT_TRUE(reporter.ReportPending());
  const auto reports = intake.Received();
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].request_id(), "referral-event-1");
  EXPECT_EQ(reports[0].name(), "caseFiles/case-a");
  EXPECT_EQ(reports[0].link().referral(), "referrals/a");
  EXPECT_EQ(reports[0].link().stage(), v1::ReferralLink::STAGE_PREPARING);
  EXPECT_EQ(reports[0].link().referral_sequence(), 1);
  EXPECT_EQ(reports[1].link().referral(), "referrals/b");
  EXPECT_EQ(reports[1].link().referral_sequence(), 2);
  EXPECT_EQ(reports[2].request_id(), "referral-event-4");
  EXPECT_EQ(reports[2].link().stage(), v1::ReferralLink::STAGE_REFUSED_BY_HEAD);
  EXPECT_EQ(reports[2].link().referral_sequence(), 4);
  EXPECT_EQ(
      google::protobuf::util::TimeUtil::TimestampToMicroseconds(reports[2].link().stage_time()),
      testing::MicrosOf(refused_at));
  EXPECT_EQ(Cursor(), 4);

  // Caught up: nothing is sent twice.
  EXPECT_TRUE(reporter.ReportPending());
  EXPECT_EQ(intake.Received().size(), 3u);
  server->Shutdown();
}

TEST_F(IntakeStatusReporterTest, OneReplicaReportsAtATime) {
  Write([](pqxx::work& tx) {
    testing::InsertDraft(tx, "a", "case-a", "nt-amr", "320600", DaysAgo(1));
  });
  StandInIntake intake;
  auto server = StartIntake(intake);
  core::EventNotifier notifier(*pool_, kReferralEventChannel);
  IntakeStatusReporter reporter(*pool_, notifier, *intake_client_, Quick());
  {
    // Another replica is in the middle of reporting.
    auto lease = pool_->Acquire();
    pqxx::work other(*lease);
    other.exec("SELECT 1 FROM intake_status_cursor FOR UPDATE");
    EXPECT_FALSE(reporter.ReportPending());
    EXPECT_TRUE(intake.Received().empty());
    other.commit();
  }
  EXPECT_TRUE(reporter.ReportPending());
  EXPECT_EQ(intake.Received().size(), 1u);
  server->Shutdown();
}

TEST_F(IntakeStatusReporterTest, ReportIntakeRefusesForGoodDoesNotHoldBackLaterOnes) {
  Write([](pqxx::work& tx) {
    testing::InsertDraft(tx, "refused", "case-x", "nt-amr", "320600", DaysAgo(1));
    testing::InsertDraft(tx, "fine", "case-y", "nt-amr", "320600", DaysAgo(1));
  });
  StandInIntake intake({"referrals/refused"});
  auto server = StartIntake(intake);
  core::EventNotifier notifier(*pool_, kReferralEventChannel);
  IntakeStatusReporter reporter(*pool_, notifier, *intake_client_, Quick());
  EXPECT_TRUE(reporter.ReportPending());
  ASSERT_EQ(intake.Received().size(), 1u);
  EXPECT_EQ(intake.Received()[0].link().referral(), "referrals/fine");
  EXPECT_EQ(Cursor(), 2);
  server->Shutdown();
}

TEST_F(IntakeStatusReporterTest, StartedReporterFollowsTheFeed) {
  StandInIntake intake;
  auto server = StartIntake(intake);
  core::EventNotifier notifier(*pool_, kReferralEventChannel);
  IntakeStatusReporter reporter(*pool_, notifier, *intake_client_, Quick());
  reporter.Start();
  for (int i = 0; i < 5; ++i) {
    Write([i](pqxx::work& tx) {
      const std::string id = "r" + std::to_string(i);
      testing::InsertDraft(tx, id, "case-" + id, "nt-amr", "320600", DaysAgo(1));
    });
  }
  const auto reports = intake.AwaitReports(5);
  ASSERT_EQ(reports.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(reports[i].link().referral(), "referrals/r" + std::to_string(i));
    EXPECT_EQ(reports[i].link().referral_sequence(), i + 1);
  }
  server->Shutdown();
}

}  // namespace
}  // namespace casebridge::referral
