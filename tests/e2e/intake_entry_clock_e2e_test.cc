// 录入时限 (STATUTES.md §3) through the real intake binary: entry clocks met and missed on penalty
// decisions and on cases, started by a referral, and absent where there is no duty to enter.
#include <google/protobuf/util/message_differencer.h>

#include <chrono>

#include "services/law/calendar.h"
#include "services/law/entry_deadline.h"
#include "tests/e2e/intake_case_fixture.h"

namespace casebridge {
namespace {

using google::protobuf::util::MessageDifferencer;
using google::protobuf::util::TimeUtil;
using testing::MakeDate;

class IntakeEntryClockE2ETest : public testing::IntakeCaseFixture {
 protected:
  // A decision of `date` that may be recorded whatever the case's assessment.
  static v1::PenaltyDecision DecisionOn(const std::string& number,
                                        std::chrono::year_month_day date) {
    v1::PenaltyDecision d = GoodDecision(number);
    *d.mutable_decision_date() = DateOf(date);
    *d.mutable_compliance_deadline() =
        DateOf(std::chrono::year_month_day{std::chrono::sys_days{date} + std::chrono::days{15}});
    d.set_justification_when_threshold_met("公安机关已决定不予立案，依法给予行政处罚");
    return d;
  }
  static v1::Date DateOf(std::chrono::year_month_day d) {
    return MakeDate(static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
                    static_cast<int>(static_cast<unsigned>(d.day())));
  }
  static std::chrono::year_month_day ShanghaiToday() {
    return law::ShanghaiDate(std::chrono::system_clock::now());
  }
};

// 录入时限 (STATUTES.md §3): 7 working days from the decision date by default; the decision is
// entered when it is recorded. The case's clock is its first decision's (or referral's).
TEST_F(IntakeEntryClockE2ETest, EntryClockMetAndMissedOnDecisionsAndCases) {
  const auto today = ShanghaiToday();
  const v1::CaseFile fresh = NewCase("通市监立〔2026〕E1号", kNotMet);
  v1::PenaltyDecision in_time;
  grpc::Status status = Record("nt.officer", fresh, DecisionOn("通市监处罚〔2026〕901号", today),
                               "e1-decide", &in_time);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::StatutoryClock& met = in_time.entry_clock();
  EXPECT_EQ(met.state(), v1::StatutoryClock::STATE_MET) << met.DebugString();
  EXPECT_EQ(met.period(), 7);
  EXPECT_EQ(met.counting_policy(), v1::COUNTING_POLICY_WORKING_DAYS);
  EXPECT_EQ(met.nature(), v1::StatutoryClock::NATURE_DUTY);
  EXPECT_EQ(met.legal_basis().instrument(), "中办发〔2011〕8号");
  EXPECT_NE(met.policy_source().find("unverified"), std::string::npos) << met.policy_source();
  const law::EntryDue due = law::EntryDueFrom(law::WorkingCalendar::Default(), today, 7);
  EXPECT_TRUE(MessageDifferencer::Equals(met.due_date(), DateOf(due.due_date)));
  EXPECT_EQ(TimeUtil::TimestampToMicroseconds(met.start_time()),
            std::chrono::duration_cast<std::chrono::microseconds>(
                law::ShanghaiMidnightUtc(today).time_since_epoch())
                .count());
  EXPECT_TRUE(MessageDifferencer::Equals(met.completion_time(), in_time.create_time()));
  EXPECT_EQ(met.responsible_organisation(), "organisations/nt-amr");
  EXPECT_TRUE(met.late_organisation().empty());
  EXPECT_TRUE(MessageDifferencer::Equals(Get(fresh.name()).entry_clock(), met));

  // Decided on Friday 2026-04-10, due on Tuesday 04-21 at 24:00, entered months later: MISSED.
  const v1::CaseFile late_case = NewCase("通市监立〔2026〕E2号", kNotMet);
  v1::PenaltyDecision late;
  status = Record("nt.officer", late_case,
                  DecisionOn("通市监处罚〔2026〕902号", std::chrono::year{2026} / 4 / 10),
                  "e2-decide", &late);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::StatutoryClock& missed = late.entry_clock();
  EXPECT_EQ(missed.state(), v1::StatutoryClock::STATE_MISSED) << missed.DebugString();
  EXPECT_TRUE(MessageDifferencer::Equals(missed.due_date(), MakeDate(2026, 4, 21)));
  EXPECT_EQ(TimeUtil::ToString(missed.due_time()), "2026-04-21T16:00:00Z");
  EXPECT_EQ(missed.late_organisation(), "organisations/nt-amr");
  // A second decision entered in time keeps the case's clock: the first one stands.
  v1::PenaltyDecision second;
  ASSERT_TRUE(Record("nt.officer", Get(late_case.name()),
                     DecisionOn("通市监处罚〔2026〕903号", today), "e2-second", &second)
                  .ok());
  EXPECT_EQ(second.entry_clock().state(), v1::StatutoryClock::STATE_MET);
  EXPECT_EQ(Get(late_case.name()).entry_clock().state(), v1::StatutoryClock::STATE_MISSED);
  EXPECT_TRUE(MessageDifferencer::Equals(Get(late_case.name()).entry_clock(), missed));

  // A referral transferred through CaseBridge is recorded as it happens: the case's clock is met.
  const v1::CaseFile referred = NewCase("通市监立〔2026〕E3号", kMet);
  v1::CaseFile reported;
  status = Report("referral", referred.name(), v1::ReferralLink::STAGE_WITH_POLICE, 1, &reported);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::StatutoryClock& by_referral = reported.entry_clock();
  EXPECT_EQ(by_referral.state(), v1::StatutoryClock::STATE_MET) << by_referral.DebugString();
  EXPECT_TRUE(
      MessageDifferencer::Equals(by_referral.start_time(), reported.referrals(0).stage_time()));
}

// A simple-procedure case not suspected of a crime need not be entered: no clock.
TEST_F(IntakeEntryClockE2ETest, NoEntryClockWithoutTheDuty) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕E4号", kNotMet);
  v1::UpdateCaseFileRequest update;
  update.set_request_id("e4-simple");
  *update.mutable_case_file() = c;
  update.mutable_case_file()->set_procedure(v1::CaseFile::PROCEDURE_SIMPLE);
  update.mutable_update_mask()->add_paths("procedure");
  v1::CaseFile simple;
  grpc::Status status = Stub()->UpdateCaseFile(As("nt.officer").get(), update, &simple);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_FALSE(simple.flagged());
  v1::PenaltyDecision d;
  status = Record("nt.officer", simple, DecisionOn("通市监处罚〔2026〕904号", ShanghaiToday()),
                  "e4-decide", &d);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(d.has_entry_clock());
  EXPECT_FALSE(Get(c.name()).has_entry_clock());
}

}  // namespace
}  // namespace casebridge
