// The threshold rules in force: services/law's shipped table with the administrators' changes
// stored in the intake database, as the engine uses them and as the API shows them; cached by each
// replica and reloaded when any replica changes a rule.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "casebridge/v1/rules.pb.h"
#include "services/core/database.h"
#include "services/core/event_notifier.h"
#include "services/intake/intake_repository.h"
#include "services/law/thresholds.h"

namespace casebridge::intake {

struct RuleBook {
  law::ThresholdRuleSet set;
  std::vector<v1::ThresholdRule> rules;    // as GetThresholdRule shows them, in table order
  std::vector<RuleOverrideRow> overrides;  // as stored, for the next change to build on
  int64_t changes = 0;                     // administrators' changes so far

  int64_t version() const { return set.version(); }
  // The rule named `name` (thresholdRules/{id}), or nullptr.
  const v1::ThresholdRule* Find(const std::string& name) const;
};

// A stored change the shipped table no longer accepts (a release removed or reshaped its rule).
struct RejectedOverride {
  std::string rule_id;
  std::string reason;
};

// The shipped rule `shipped` with the fields administrators set in `row`: version = shipped
// version + changes, etag = version, who and when of the last change; the description follows the
// numbers unless an administrator wrote one.
v1::ThresholdRule ApplyOverride(const law::ThresholdRule& shipped, const RuleOverrideRow& row);

// The book for `overrides` after `changes` changes in all. An override that cannot be applied is
// left out and listed in *rejected (may be null); the rest stand.
std::shared_ptr<const RuleBook> BuildRuleBook(std::vector<RuleOverrideRow> overrides,
                                              int64_t changes,
                                              std::vector<RejectedOverride>* rejected);

// The stored book, read in `tx`; rejected overrides are logged.
std::shared_ptr<const RuleBook> LoadRuleBook(pqxx::transaction_base& tx,
                                             IntakeRepository& repository);

// This replica's copy of the book. Current() reloads when a rule change has been notified
// (kThresholdRuleChannel) since the last load; the notifier also counts reconnects, so a missed
// notification costs a reload, never a stale book. Call it outside any transaction: a reload
// borrows a connection of its own.
class RuleBookCache {
 public:
  // Loads the book at once; throws when the database cannot be read.
  RuleBookCache(core::ConnectionPool& pool, core::EventNotifier& notifier);

  std::shared_ptr<const RuleBook> Current();
  // Reads the book from the database now.
  std::shared_ptr<const RuleBook> Reload();
  // Takes `book` (built by this replica's own change, just committed) unless a newer one is held.
  void Install(std::shared_ptr<const RuleBook> book);

 private:
  std::shared_ptr<const RuleBook> Refresh(uint64_t notice);

  core::ConnectionPool& pool_;
  core::EventNotifier& notifier_;
  IntakeRepository repository_;
  std::mutex mutex_;
  std::shared_ptr<const RuleBook> book_;
  uint64_t loaded_notice_ = 0;
};

}  // namespace casebridge::intake
