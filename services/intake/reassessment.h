// Re-assessment of open cases after the threshold rules change (CaseEvent.TYPE_ASSESSMENT_CHANGED):
// in batches of their own transactions, resumable, with the work shared by every replica.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include "services/core/database.h"
#include "services/core/event_notifier.h"
#include "services/intake/intake_repository.h"
#include "services/intake/threshold_rule_book.h"

namespace casebridge::intake {

// Each case row records the rule-set version its assessment used. A background thread brings every
// case that is not CLOSED and is behind the current version up to it: at start (which resumes a
// run a stopped process left half done), on every rule change notified on kThresholdRuleChannel,
// and every `recheck_interval` (which catches a case an officer wrote under the old rules while the
// change committed). A case whose outcome changes is written with its audit record and an
// ASSESSMENT_CHANGED event by the system (users/system); one whose outcome stays is only marked as
// assessed. Replicas lock what they take (FOR UPDATE SKIP LOCKED), so none does a case twice.
class Reassessor {
 public:
  struct Options {
    int batch_size = 200;
    std::chrono::milliseconds recheck_interval{std::chrono::seconds(60)};
  };

  Reassessor(core::ConnectionPool& pool, RuleBookCache& rules, core::EventNotifier& notifier,
             Options options);
  // Stops after the batch in hand.
  ~Reassessor();
  Reassessor(const Reassessor&) = delete;
  Reassessor& operator=(const Reassessor&) = delete;

  // Brings every open case behind `book` up to it; returns how many changed outcome. Blocking.
  int64_t CatchUp(const RuleBook& book);

 private:
  void Run();

  core::ConnectionPool& pool_;
  RuleBookCache& rules_;
  core::EventNotifier& notifier_;
  const Options options_;
  IntakeRepository repository_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace casebridge::intake
