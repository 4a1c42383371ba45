#include "services/intake/threshold_rule_book.h"

#include <google/protobuf/util/field_mask_util.h>

#include <algorithm>
#include <map>

#include "services/core/log.h"
#include "services/intake/assessment_mapping.h"

namespace casebridge::intake {
namespace {

// A shipped rule as the API shows it before any change.
v1::ThresholdRule ShippedRule(const law::ThresholdRule& rule) {
  v1::ThresholdRule out = RuleToProto(rule);
  out.set_etag(std::to_string(rule.version));
  return out;
}

}  // namespace

const v1::ThresholdRule* RuleBook::Find(const std::string& name) const {
  for (const v1::ThresholdRule& rule : rules) {
    if (rule.name() == name) return &rule;
  }
  return nullptr;
}

v1::ThresholdRule ApplyOverride(const law::ThresholdRule& shipped, const RuleOverrideRow& row) {
  v1::ThresholdRule out = ShippedRule(shipped);
  v1::ThresholdRule changed;
  changed.ParseFromString(row.body);
  google::protobuf::FieldMask mask;
  for (const std::string& field : row.fields) mask.add_paths(field);
  // An unset date in the change clears the shipped one; a list replaces the shipped list.
  google::protobuf::util::FieldMaskUtil::MergeOptions merge;
  merge.set_replace_message_fields(true);
  merge.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(changed, mask, merge, &out);
  out.set_version(shipped.version + row.changes);
  out.set_etag(std::to_string(out.version()));
  *out.mutable_updated_by() = changed.updated_by();
  *out.mutable_update_time() = changed.update_time();
  if (std::find(row.fields.begin(), row.fields.end(), "description") == row.fields.end()) {
    out.set_description(law::DescribeRule(RuleFromProto(out)));
  }
  return out;
}

std::shared_ptr<const RuleBook> BuildRuleBook(std::vector<RuleOverrideRow> overrides,
                                              int64_t changes,
                                              std::vector<RejectedOverride>* rejected) {
  const law::ThresholdRuleSet& shipped = law::ThresholdRuleSet::Default();
  std::vector<law::ThresholdRule> accepted;
  std::map<std::string, v1::ThresholdRule> changed;
  for (const RuleOverrideRow& row : overrides) {
    const law::ThresholdRule* base = shipped.Find(row.rule_id);
    std::string error = "the shipped table has no rule " + row.rule_id;
    if (base != nullptr) {
      v1::ThresholdRule rule = ApplyOverride(*base, row);
      accepted.push_back(RuleFromProto(rule));
      // Each override is checked with those accepted before it, so one that no longer fits is
      // left out without taking the others with it.
      if (law::ThresholdRuleSet::WithChanges(shipped, accepted, &error)) {
        changed[row.rule_id] = std::move(rule);
        continue;
      }
      accepted.pop_back();
    }
    if (rejected != nullptr) rejected->push_back({row.rule_id, error});
  }
  auto book = std::make_shared<RuleBook>(
      RuleBook{*law::ThresholdRuleSet::WithChanges(shipped, accepted, nullptr),
               {},
               std::move(overrides),
               changes});
  for (const law::ThresholdRule& rule : book->set.rules()) {
    auto it = changed.find(rule.id);
    book->rules.push_back(it != changed.end() ? it->second : ShippedRule(rule));
  }
  return book;
}

std::shared_ptr<const RuleBook> LoadRuleBook(pqxx::transaction_base& tx,
                                             IntakeRepository& repository) {
  const int64_t changes = repository.RuleSetChanges(tx);
  std::vector<RejectedOverride> rejected;
  auto book = BuildRuleBook(repository.RuleOverrides(tx), changes, &rejected);
  for (const RejectedOverride& r : rejected) {
    core::LogError("threshold_rule_change_not_applied",
                   {{"rule", r.rule_id}, {"reason", r.reason}});
  }
  return book;
}

RuleBookCache::RuleBookCache(core::ConnectionPool& pool, core::EventNotifier& notifier)
    : pool_(pool), notifier_(notifier) {
  Refresh(notifier_.version());
}

std::shared_ptr<const RuleBook> RuleBookCache::Current() {
  const uint64_t notice = notifier_.version();
  {
    std::lock_guard lock(mutex_);
    if (notice == loaded_notice_) return book_;
  }
  return Refresh(notice);
}

std::shared_ptr<const RuleBook> RuleBookCache::Reload() { return Refresh(notifier_.version()); }

void RuleBookCache::Install(std::shared_ptr<const RuleBook> book) {
  std::lock_guard lock(mutex_);
  if (book_ == nullptr || book->changes > book_->changes) book_ = std::move(book);
}

std::shared_ptr<const RuleBook> RuleBookCache::Refresh(uint64_t notice) {
  // `notice` was read before the database: a change committed after the read is notified later
  // and triggers another reload.
  std::shared_ptr<const RuleBook> loaded;
  {
    auto lease = pool_.Acquire();
    pqxx::read_transaction tx(*lease);
    loaded = LoadRuleBook(tx, repository_);
  }
  std::lock_guard lock(mutex_);
  if (book_ == nullptr || loaded->changes >= book_->changes) book_ = std::move(loaded);
  loaded_notice_ = notice;
  return book_;
}

}  // namespace casebridge::intake
