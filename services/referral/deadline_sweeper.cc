#include "services/referral/deadline_sweeper.h"

#include <google/protobuf/util/time_util.h>

#include <map>
#include <string>
#include <vector>

#include "services/core/log.h"
#include "services/core/request_log.h"
#include "services/core/transaction.h"
#include "services/referral/referral_rows.h"

namespace casebridge::referral {
namespace {

// The system as events.proto names its own acts.
core::Principal Sweeper() {
  core::Principal p;
  p.claims.set_user("users/system");
  p.claims.set_display_name("CaseBridge referral deadline sweeper");
  return p;
}

int64_t Micros(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

// The record of marking `d` on `r`: audit, event and a request log row keyed by the clock's name,
// which the log's primary key lets exist once, so even a sweeper that bypassed the row locks could
// not mark a clock twice.
ChangeRecord MarkingRecord(const v1::Referral& r, const v1::Deadline& d) {
  static const core::Principal kSweeper = Sweeper();
  const bool missed = d.clock().state() == v1::StatutoryClock::STATE_MISSED;
  v1::GetDeadlineRequest request;
  request.set_name(d.name());
  const core::RequestKey key =
      core::MakeRequestKey(kSweeper.user(), "SweepDeadline", d.name(), request);
  ChangeRecord change = MakeChange(
      kSweeper, missed ? "referral.DeadlineMissed" : "referral.DeadlineLapsed",
      missed ? v1::ReferralEvent::TYPE_DEADLINE_MISSED : v1::ReferralEvent::TYPE_DEADLINE_LAPSED, r,
      {d}, key, d, d.name());
  // Acts of the system carry no request_id on the feed (events.proto).
  v1::ReferralEvent event;
  event.ParseFromString(change.event);
  event.mutable_header()->clear_request_id();
  change.event = event.SerializeAsString();
  return change;
}

}  // namespace

DeadlineSweeper::DeadlineSweeper(core::ConnectionPool& pool, Options options)
    : pool_(pool), options_(options) {}

DeadlineSweeper::~DeadlineSweeper() {
  stopping_ = true;
  Wake();
  if (thread_.joinable()) thread_.join();
}

void DeadlineSweeper::Start() {
  thread_ = std::thread([this] { Run(); });
}

void DeadlineSweeper::Wake() {
  std::lock_guard lock(mutex_);
  woken_ = true;
  wake_.notify_all();
}

void DeadlineSweeper::Run() {
  while (!stopping_) {
    try {
      SweepOnce(std::chrono::system_clock::now());
    } catch (const std::exception& e) {
      core::LogWarning("deadline_sweep_interrupted", {{"error", e.what()}});
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, options_.interval, [this] { return woken_ || stopping_.load(); });
    woken_ = false;
  }
}

int64_t DeadlineSweeper::SweepOnce(TimePoint now) {
  int64_t marked = 0;
  while (!stopping_) {
    Batch batch = core::InTransaction(pool_, [&](pqxx::work& tx) { return SweepBatch(tx, now); });
    marked += batch.marked;
    // A short batch was the last; one that marked nothing holds only clocks of referrals that
    // others are changing, which the next sweep takes.
    if (batch.taken < options_.batch_size || batch.marked == 0) break;
  }
  if (marked > 0) core::LogInfo("deadlines_marked", {{"count", std::to_string(marked)}});
  return marked;
}

DeadlineSweeper::Batch DeadlineSweeper::SweepBatch(pqxx::transaction_base& tx, TimePoint now) {
  Batch batch;
  std::map<std::string, std::vector<std::string>> due_by_referral;
  for (const DeadlineRow& row :
       repository_.LockDueDeadlines(tx, Micros(now), options_.batch_size)) {
    ++batch.taken;
    due_by_referral[row.referral_id].push_back(row.deadline_id);
  }
  for (const auto& [referral_id, deadline_ids] : due_by_referral) {
    // Skipped rather than waited for: an act holding the referral may be about to close the clock,
    // and waiting while holding clock rows could deadlock with it.
    std::optional<ReferralRow> row = repository_.LockReferral(tx, referral_id);
    if (!row) continue;
    v1::Referral r;
    r.ParseFromString(row->body);
    int64_t version = row->version;
    for (const std::string& deadline_id : deadline_ids) {
      const std::string name = r.name() + "/deadlines/" + deadline_id;
      if (!MarkRunOut(r, name, now)) {
        // The clock row says OPEN and due but the referral does not: bring the row in line, so it
        // is not taken again.
        core::LogWarning("deadline_row_stale", {{"deadline", name}});
        repository_.UpsertDeadlines(tx, DeadlineRows(r, {name}));
        continue;
      }
      *r.mutable_update_time() =
          google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(Micros(now));
      r.set_etag(std::to_string(version + 1));
      if (!repository_.ReplaceReferral(tx, ToRow(r, row->create_micros, Micros(now)), version,
                                       MarkingRecord(r, *FindDeadline(r, name)))) {
        throw pqxx::serialization_failure("locked referral " + referral_id + " changed");
      }
      repository_.UpsertDeadlines(tx, DeadlineRows(r, {name}));
      ++version;
      ++batch.marked;
    }
  }
  return batch;
}

}  // namespace casebridge::referral
