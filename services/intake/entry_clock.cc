#include "services/intake/entry_clock.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>

#include "services/intake/assessment_mapping.h"
#include "services/law/calendar.h"

namespace casebridge::intake {
namespace {

using google::protobuf::util::TimeUtil;
using std::chrono::system_clock;

google::protobuf::Timestamp ToTimestamp(system_clock::time_point t) {
  return TimeUtil::MicrosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count());
}

system_clock::time_point FromTimestamp(const google::protobuf::Timestamp& t) {
  return system_clock::time_point{std::chrono::microseconds{TimeUtil::TimestampToMicroseconds(t)}};
}

// A clock of the duty to enter case `c`, started on `start_date` (at `start_time`) and met or
// missed by the entry recorded at `recorded`.
v1::StatutoryClock EntryClock(const EntryClockPolicy& policy, const v1::CaseFile& c,
                              std::chrono::year_month_day start_date,
                              const google::protobuf::Timestamp& start_time,
                              const google::protobuf::Timestamp& recorded) {
  const law::EntryDeadlineRule& rule = policy.deadlines.For(c.region_code());
  const law::EntryDue due =
      law::EntryDueFrom(law::WorkingCalendar::Default(), start_date, rule.working_days);
  v1::StatutoryClock clock;
  clock.mutable_legal_basis()->set_instrument(rule.legal_basis);
  clock.mutable_legal_basis()->set_text(
      "适用一般程序的案件和涉嫌犯罪的案件，应当在规定时限内录入信息共享平台（时限由地方规定）");
  clock.set_period(rule.working_days);
  clock.set_counting_policy(v1::COUNTING_POLICY_WORKING_DAYS);
  clock.set_nature(v1::StatutoryClock::NATURE_DUTY);
  *clock.mutable_start_time() = start_time;
  *clock.mutable_due_date() = DateToProto(due.due_date);
  *clock.mutable_due_time() = ToTimestamp(due.due_time);
  *clock.mutable_completion_time() = recorded;
  clock.set_responsible_organisation(c.agency());
  if (law::EnteredInTime(due, FromTimestamp(recorded))) {
    clock.set_state(v1::StatutoryClock::STATE_MET);
  } else {
    clock.set_state(v1::StatutoryClock::STATE_MISSED);
    clock.set_late_organisation(c.agency());
  }
  std::string source = "config: " + policy.origin + " " +
                       (rule.region_prefix.empty() ? std::string("(all regions)")
                                                   : "region prefix " + rule.region_prefix) +
                       " — " + rule.note;
  if (due.provisional) {
    source +=
        "；该年度节假日安排尚未公布，到期日可能变动 / no holiday notice yet for that year: the "
        "due date may still move";
  }
  clock.set_policy_source(source);
  return clock;
}

}  // namespace

EntryClockPolicy DefaultEntryClockPolicy() {
  return {law::EntryDeadlines::Default(), "services/law/data/entry_deadlines/entry_deadlines.csv"};
}

bool EntryDuty(const v1::CaseFile& c) {
  return c.procedure() == v1::CaseFile::PROCEDURE_GENERAL || IsFlagged(c.assessment()) ||
         c.referrals_size() > 0;
}

v1::StatutoryClock DecisionEntryClock(const EntryClockPolicy& policy, const v1::CaseFile& c,
                                      const v1::PenaltyDecision& d) {
  // Decision dates are validated before a decision is recorded.
  const std::chrono::year_month_day date = *DateFromProto(d.decision_date());
  return EntryClock(policy, c, date, ToTimestamp(law::ShanghaiMidnightUtc(date)), d.create_time());
}

v1::StatutoryClock ReferralEntryClock(const EntryClockPolicy& policy, const v1::CaseFile& c,
                                      const google::protobuf::Timestamp& transfer_time) {
  return EntryClock(policy, c, law::ShanghaiDate(FromTimestamp(transfer_time)), transfer_time,
                    transfer_time);
}

void KeepEarliestEntryClock(v1::CaseFile& c, const v1::StatutoryClock& candidate) {
  if (!c.has_entry_clock() || candidate.start_time() < c.entry_clock().start_time()) {
    *c.mutable_entry_clock() = candidate;
  }
}

}  // namespace casebridge::intake
