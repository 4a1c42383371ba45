// Tells intake where each referral stands (IntakeService.RecordReferralStatus), from the referral
// feed, so no stage is lost while intake is down and each is reported in feed order.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "casebridge/v1/intake.pb.h"
#include "casebridge/v1/referral.pb.h"
#include "services/core/database.h"
#include "services/core/event_notifier.h"
#include "services/referral/intake_client.h"
#include "services/referral/referral_repository.h"

namespace casebridge::referral {

// The coarse stage intake keeps for a referral in `state` (intake.proto ReferralLink.Stage).
v1::ReferralLink::Stage StageOf(v1::Referral::State state);

// The report to intake of the event numbered `sequence`; nullopt for events that leave the
// referral's stage as it was (an approval within 移送准备, a receipt while 在公安机关, a clock
// running out, a document), which intake need not hear of. The request_id is derived from the
// sequence, so a report repeated after a crash is answered from intake's request log.
std::optional<v1::RecordReferralStatusRequest> StatusReportFor(const v1::ReferralEvent& event,
                                                               int64_t sequence);

// Reads the referral feed after the intake-status cursor and reports each stage change, advancing
// the cursor after each report intake accepted. The cursor row is locked (SKIP LOCKED) for the
// duration of a batch, so one replica reports at a time and the others wait for the next turn.
// Woken by every commit on the feed (LISTEN/NOTIFY); when intake cannot be reached it tries
// again after `retry_interval` from where it stopped.
class IntakeStatusReporter {
 public:
  struct Options {
    std::chrono::milliseconds retry_interval{std::chrono::seconds(5)};
    int batch_size = 100;
  };

  IntakeStatusReporter(core::ConnectionPool& pool, core::EventNotifier& notifier,
                       IntakeClient& intake, Options options);
  // Stops the thread, if started, after the report in hand.
  ~IntakeStatusReporter();
  IntakeStatusReporter(const IntakeStatusReporter&) = delete;
  IntakeStatusReporter& operator=(const IntakeStatusReporter&) = delete;

  void Start();

  // Reports every event after the cursor. True when it caught up; false when intake failed or
  // another replica holds the cursor (try again later).
  bool ReportPending();

 private:
  enum class Outcome { kCaughtUp, kMore, kStopped };
  void Run();
  Outcome ReportBatch(pqxx::transaction_base& tx);

  core::ConnectionPool& pool_;
  core::EventNotifier& notifier_;
  IntakeClient& intake_;
  const Options options_;
  ReferralRepository repository_;
  std::mutex mutex_;
  std::condition_variable stop_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace casebridge::referral
