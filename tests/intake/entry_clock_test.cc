// Tests of the 录入时限 clocks on penalty decisions and cases (STATUTES.md §3): the duty, the due
// time under the region's period, met and missed, and which clock a case keeps.
#include "services/intake/entry_clock.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "services/intake/assessment_mapping.h"

namespace casebridge::intake {
namespace {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp At(const std::string& rfc3339) {
  google::protobuf::Timestamp t;
  EXPECT_TRUE(TimeUtil::FromString(rfc3339, &t)) << rfc3339;
  return t;
}

v1::CaseFile GeneralCase(const std::string& region) {
  v1::CaseFile c;
  c.set_agency("organisations/nt-amr");
  c.set_region_code(region);
  c.set_procedure(v1::CaseFile::PROCEDURE_GENERAL);
  return c;
}

// Decided on Thursday 2026-02-12: seven working days run over 春节 to the make-up Saturday 02-28,
// due at 24:00 Asia/Shanghai, 16:00 UTC.
v1::PenaltyDecision DecidedBeforeSpringFestival(const std::string& recorded) {
  v1::PenaltyDecision d;
  *d.mutable_decision_date() = DateToProto(std::chrono::year{2026} / 2 / 12);
  *d.mutable_create_time() = At(recorded);
  return d;
}

TEST(EntryClockTest, RecordedBeforeMidnightOfTheDueDateIsMet) {
  const v1::StatutoryClock clock =
      DecisionEntryClock(DefaultEntryClockPolicy(), GeneralCase("320602"),
                         DecidedBeforeSpringFestival("2026-02-28T15:59:59Z"));
  EXPECT_EQ(clock.state(), v1::StatutoryClock::STATE_MET);
  EXPECT_EQ(DateFromProto(clock.due_date()), std::chrono::year{2026} / 2 / 28);
  EXPECT_EQ(TimeUtil::ToString(clock.due_time()), "2026-02-28T16:00:00Z");
  EXPECT_EQ(TimeUtil::ToString(clock.start_time()), "2026-02-11T16:00:00Z");  // 00:00 Shanghai
  EXPECT_EQ(clock.period(), 7);
  EXPECT_EQ(clock.counting_policy(), v1::COUNTING_POLICY_WORKING_DAYS);
  EXPECT_EQ(clock.nature(), v1::StatutoryClock::NATURE_DUTY);
  EXPECT_EQ(clock.legal_basis().instrument(), "中办发〔2011〕8号");
  EXPECT_EQ(clock.responsible_organisation(), "organisations/nt-amr");
  EXPECT_TRUE(clock.late_organisation().empty());
  EXPECT_NE(clock.policy_source().find("unverified"), std::string::npos);
  EXPECT_NE(clock.policy_source().find("entry_deadlines.csv"), std::string::npos);
}

TEST(EntryClockTest, RecordedAtMidnightIsMissedAndNamesTheLateAgency) {
  const v1::StatutoryClock clock =
      DecisionEntryClock(DefaultEntryClockPolicy(), GeneralCase("320602"),
                         DecidedBeforeSpringFestival("2026-02-28T16:00:00Z"));
  EXPECT_EQ(clock.state(), v1::StatutoryClock::STATE_MISSED);
  EXPECT_EQ(clock.late_organisation(), "organisations/nt-amr");
  EXPECT_EQ(TimeUtil::ToString(clock.completion_time()), "2026-02-28T16:00:00Z");
}

TEST(EntryClockTest, TheRegionsOwnPeriodApplies) {
  auto table = law::EntryDeadlines::FromCsv(
      "region_prefix,working_days,legal_basis,note\n3206,5,通政办〔示例〕,checked by test\n",
      nullptr);
  ASSERT_TRUE(table.has_value());
  const EntryClockPolicy policy{*table, "/etc/casebridge/entry.csv"};
  const v1::StatutoryClock nantong = DecisionEntryClock(
      policy, GeneralCase("320602"), DecidedBeforeSpringFestival("2026-02-27T00:00:00Z"));
  EXPECT_EQ(nantong.period(), 5);
  EXPECT_EQ(DateFromProto(nantong.due_date()), std::chrono::year{2026} / 2 / 26);
  EXPECT_EQ(nantong.state(), v1::StatutoryClock::STATE_MISSED);
  EXPECT_EQ(nantong.legal_basis().instrument(), "通政办〔示例〕");
  EXPECT_NE(nantong.policy_source().find("/etc/casebridge/entry.csv region prefix 3206"),
            std::string::npos)
      << nantong.policy_source();
  // Elsewhere the built-in default of seven working days.
  EXPECT_EQ(DecisionEntryClock(policy, GeneralCase("320500"),
                               DecidedBeforeSpringFestival("2026-02-27T00:00:00Z"))
                .period(),
            7);
}

TEST(EntryClockTest, TheDutyCoversGeneralProcedureAndSuspectedCrimes) {
  v1::CaseFile c = GeneralCase("320602");
  EXPECT_TRUE(EntryDuty(c));
  c.set_procedure(v1::CaseFile::PROCEDURE_SIMPLE);
  EXPECT_FALSE(EntryDuty(c));
  c.mutable_assessment()->set_overall_outcome(v1::ASSESSMENT_OUTCOME_NEAR);
  EXPECT_TRUE(EntryDuty(c));
  c.mutable_assessment()->set_overall_outcome(v1::ASSESSMENT_OUTCOME_NOT_MET);
  c.add_referrals()->set_referral("referrals/r1");
  EXPECT_TRUE(EntryDuty(c));
}

TEST(EntryClockTest, ACaseKeepsTheClockThatStartedFirst) {
  v1::CaseFile c = GeneralCase("320602");
  const v1::StatutoryClock by_referral =
      ReferralEntryClock(DefaultEntryClockPolicy(), c, At("2026-03-02T02:00:00Z"));
  EXPECT_EQ(by_referral.state(), v1::StatutoryClock::STATE_MET);
  EXPECT_EQ(TimeUtil::ToString(by_referral.completion_time()), "2026-03-02T02:00:00Z");
  KeepEarliestEntryClock(c, by_referral);
  // A decision dated earlier but recorded later: its (missed) clock started first and replaces it.
  const v1::StatutoryClock earlier = DecisionEntryClock(
      DefaultEntryClockPolicy(), c, DecidedBeforeSpringFestival("2026-03-05T00:00:00Z"));
  KeepEarliestEntryClock(c, earlier);
  EXPECT_EQ(c.entry_clock().state(), v1::StatutoryClock::STATE_MISSED);
  // One that started later changes nothing.
  KeepEarliestEntryClock(c, by_referral);
  EXPECT_EQ(c.entry_clock().state(), v1::StatutoryClock::STATE_MISSED);
}

}  // namespace
}  // namespace casebridge::intake
