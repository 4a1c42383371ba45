#include "services/intake/reassessment.h"

#include <google/protobuf/util/time_util.h>

#include <string>
#include <vector>

#include "services/core/log.h"
#include "services/core/transaction.h"
#include "services/intake/case_rows.h"

namespace casebridge::intake {
namespace {

// Who re-assesses: the system itself, named as events.proto asks for acts of the system.
core::Principal SystemActor() {
  core::Principal p;
  p.claims.set_user("users/system");
  p.claims.set_display_name(
      "CaseBridge intake: 追诉标准变更后重新评估 / re-assessment after a "
      "threshold rule change");
  return p;
}

struct Batch {
  int cases = 0;
  int changed = 0;
  int64_t last_version = 0;
  std::string last_id;
};

}  // namespace

Reassessor::Reassessor(core::ConnectionPool& pool, RuleBookCache& rules,
                       core::EventNotifier& notifier, Options options)
    : pool_(pool), rules_(rules), notifier_(notifier), options_(options), thread_([this] {
        Run();
      }) {}

Reassessor::~Reassessor() {
  stopping_ = true;
  notifier_.WakeAll();
  if (thread_.joinable()) thread_.join();
}

void Reassessor::Run() {
  while (!stopping_) {
    const uint64_t seen = notifier_.version();
    try {
      // A fresh read: the interval wake-up must not trust a book a lost notification left stale.
      std::shared_ptr<const RuleBook> book = rules_.Reload();
      CatchUp(*book);
    } catch (const std::exception& e) {
      core::LogWarning("reassessment_interrupted", {{"error", e.what()}});
    }
    notifier_.WaitForChange(seen, options_.recheck_interval, stopping_);
  }
}

int64_t Reassessor::CatchUp(const RuleBook& book) {
  static const core::Principal kSystem = SystemActor();
  const int64_t version = book.version();
  int64_t checked = 0, changed = 0;
  // Cases leave the selection as they are done; the position only keeps one pass from meeting a
  // case twice.
  int64_t after_version = -1;
  std::string after_id;
  while (!stopping_) {
    Batch batch = core::InTransaction(pool_, [&](pqxx::work& tx) {
      Batch out;
      std::vector<std::string> unchanged;
      for (const CaseRow& row :
           repository_.OpenCasesBehind(tx, version, after_version, after_id, options_.batch_size)) {
        ++out.cases;
        out.last_version = row.rule_set_version;
        out.last_id = row.id;
        v1::CaseFile c;
        c.ParseFromString(row.body);
        const int64_t now = NowMicros();
        if (!Reassess(c, book.set, now)) {
          unchanged.push_back(row.id);
          continue;
        }
        *c.mutable_update_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(now);
        c.set_etag(std::to_string(row.version + 1));
        // The row is locked by this transaction, so its version cannot have moved.
        repository_.ReplaceCase(
            tx, ToRow(c, row.create_micros, now, row.imported), row.version,
            MakeChange(kSystem, "intake.ReassessCaseFile", v1::CaseEvent::TYPE_ASSESSMENT_CHANGED,
                       c, core::RequestKey{}, c, nullptr, true, ""));
        ++out.changed;
      }
      repository_.MarkAssessed(tx, unchanged, version);
      return out;
    });
    if (batch.cases == 0) break;
    checked += batch.cases;
    changed += batch.changed;
    after_version = batch.last_version;
    after_id = batch.last_id;
  }
  if (checked > 0) {
    core::LogInfo("cases_reassessed", {{"rule_set_version", std::to_string(version)},
                                       {"checked", std::to_string(checked)},
                                       {"changed", std::to_string(changed)}});
  }
  return changed;
}

}  // namespace casebridge::intake
