// Referral acts recorded as if done days ago, written into the referral schema the way ApplyAct
// writes them: the honest way to test clocks that run for days without waiting for days.
#pragma once

#include <google/protobuf/util/time_util.h>

#include <functional>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>

#include "services/law/calendar.h"
#include "services/law/referral_workflow.h"
#include "services/referral/clock_book.h"
#include "services/referral/referral_repository.h"
#include "services/referral/referral_rows.h"

namespace casebridge::testing {

inline int64_t MicrosOf(referral::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

inline referral::TimePoint DaysAgo(int days) {
  return std::chrono::system_clock::now() - std::chrono::hours(24 * days);
}

// The act's author: an officer of the referral's agency, as far as the records show.
inline core::Principal PastActor() {
  core::Principal p;
  p.claims.set_user("users/past.actor");
  p.claims.set_display_name("过去的办理人 / past actor");
  return p;
}

// Stores a new DRAFT referral of case `case_id` of `agency_id` at `region`, created at `at`.
inline v1::Referral InsertDraft(pqxx::transaction_base& tx, const std::string& id,
                                const std::string& case_id, const std::string& agency_id,
                                const std::string& region, referral::TimePoint at) {
  using google::protobuf::util::TimeUtil;
  v1::Referral r;
  r.set_name("referrals/" + id);
  r.set_case_file("caseFiles/" + case_id);
  r.set_agency("organisations/" + agency_id);
  r.set_region_code(region);
  r.set_state(v1::Referral::STATE_DRAFT);
  *r.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(MicrosOf(at));
  *r.mutable_update_time() = r.create_time();
  r.set_etag("1");
  const core::RequestKey key{PastActor().user(), "CreateReferral", "past-" + id, ""};
  referral::ReferralRepository().InsertReferral(
      tx, referral::ToRow(r, MicrosOf(at), MicrosOf(at)),
      referral::MakeChange(PastActor(), "referral.CreateReferral", v1::ReferralEvent::TYPE_CREATED,
                           r, {}, key, r, ""));
  return r;
}

// Records `act` on the stored referral `id` as done at `at`: the law's transition from its state,
// its clocks moved (ApplyClockEffects), `change` for what the act itself records (e.g. the police
// of a transfer), then the referral, its clocks, an audit record and an event of `type`.
inline v1::Referral RecordPastAct(pqxx::transaction_base& tx, const std::string& id,
                                  law::referral::Act act, v1::ReferralEvent::Type type,
                                  referral::TimePoint at,
                                  const std::function<void(v1::Referral&)>& change = {}) {
  using google::protobuf::util::TimeUtil;
  referral::ReferralRepository repository;
  const auto row = repository.FindReferral(tx, id);
  if (!row) throw std::runtime_error("no referral " + id);
  const auto state = static_cast<law::referral::State>(row->state);
  const law::referral::Transition* transition = law::referral::FindTransition(state, act);
  if (transition == nullptr) throw std::runtime_error("act not allowed in the referral's state");
  v1::Referral r;
  r.ParseFromString(row->body);
  const std::vector<std::string> changed = referral::ApplyClockEffects(
      r, *transition, at, referral::ClockSettings(), law::WorkingCalendar::Default());
  if (change) change(r);
  r.set_state(static_cast<v1::Referral::State>(law::referral::NextState(*transition, state)));
  *r.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(MicrosOf(at));
  r.set_etag(std::to_string(row->version + 1));
  std::vector<v1::Deadline> deadlines;
  for (const std::string& name : changed) deadlines.push_back(*referral::FindDeadline(r, name));
  const core::RequestKey key{PastActor().user(), "PastAct", id + "-" + std::to_string(row->version),
                             ""};
  if (!repository.ReplaceReferral(
          tx, referral::ToRow(r, row->create_micros, MicrosOf(at)), row->version,
          referral::MakeChange(PastActor(), "referral.PastAct", type, r, deadlines, key, r, ""))) {
    throw std::runtime_error("referral " + id + " changed meanwhile");
  }
  repository.UpsertDeadlines(tx, referral::DeadlineRows(r, changed));
  return r;
}

}  // namespace casebridge::testing
