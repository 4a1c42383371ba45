// Tests of what an officer is told when a referral act is refused, and of the 310号 requirements.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "services/law/referral_requirements.h"
#include "services/law/referral_workflow.h"

namespace casebridge::law::referral {
namespace {

TEST(ReferralDecisionsTest, RoleRefusalNamesWhoMayAct) {
  Decision d = Decide(State::kReported, Act::kApprove, Role::kOfficer);
  EXPECT_EQ(d.verdict, Verdict::kRoleRefused);
  EXPECT_EQ(
      d.message,
      "“批准移送”只能由行政执法机关负责人办理。 / Only the head of the agency may approve the "
      "referral.");
  // Withdrawal passes from the officers to the head on approval.
  d = Decide(State::kApproved, Act::kWithdraw, Role::kOfficer);
  EXPECT_EQ(d.verdict, Verdict::kRoleRefused);
  EXPECT_EQ(d.message,
            "移送处于“已批准移送”状态时，“撤回移送”只能由行政执法机关负责人办理。 / While the "
            "referral is APPROVED, only the head of the agency may withdraw the referral.");
  d = Decide(State::kFiled, Act::kRecordFineOffset, Role::kCoordinator);
  EXPECT_EQ(d.message,
            "“登记罚款折抵”只能由执法人员、公安侦查人员或者检察官办理。 / Only an officer of the "
            "agency, a police investigator or a procurator may record a fine offset.");
  EXPECT_EQ(Decide(State::kDraft, Act::kUnspecified, Role::kOfficer).message,
            "未指定要办理的事项。 / No act was named.");
}

TEST(ReferralDecisionsTest, StateRefusalNamesTheStateAndWhatIsPossible) {
  Decision d = Decide(State::kDeclined, Act::kTransfer, Role::kOfficer);
  EXPECT_EQ(d.verdict, Verdict::kStateRefused);
  EXPECT_EQ(d.possible_now,
            (std::vector<Act>{Act::kRequestReconsideration, Act::kProposeSupervision,
                              Act::kReportAdministrativeOutcome}));
  EXPECT_EQ(d.message,
            "移送当前处于“不予立案”状态，不能移送公安机关。您现在可以：提请复议、建议人民检察院立案"
            "监督、报告行政处理结果。 / The referral is DECLINED (declined by the police): you "
            "cannot transfer to the police now. You may now: request reconsideration; propose "
            "supervision by the procuratorate; report the administrative outcome.");
  d = Decide(State::kReceived, Act::kRequestReconsideration, Role::kOfficer);
  EXPECT_EQ(d.message,
            "移送当前处于“已签收”状态，不能提请复议。您现在没有可以办理的事项。 / The referral is "
            "RECEIVED (received by the police): you cannot request reconsideration now. There is "
            "nothing you may do on it now.");
  d = Decide(State::kWithdrawn, Act::kTransfer, Role::kOfficer);
  EXPECT_EQ(d.message,
            "移送当前处于“已撤回”状态，不能移送公安机关。该移送已办结，不能再办理任何事项。 / The "
            "referral is WITHDRAWN (withdrawn): you cannot transfer to the police now. The "
            "referral is closed: no act is possible.");
}

// 310号 art. 9: reconsideration only within 3 days of the decline notice; supervision may still
// be proposed after (art. 14).
TEST(ReferralDecisionsTest, LapsedWindowBarsReconsiderationOnly) {
  const ClockKind lapsed[] = {ClockKind::kReconsiderationRequest};
  Decision d = Decide(State::kDeclined, Act::kRequestReconsideration, Role::kOfficer, lapsed);
  EXPECT_EQ(d.verdict, Verdict::kWindowLapsed);
  EXPECT_EQ(d.transition, nullptr);
  EXPECT_EQ(d.possible_now,
            (std::vector<Act>{Act::kProposeSupervision, Act::kReportAdministrativeOutcome}));
  EXPECT_EQ(d.message,
            "提请复议或者建议立案监督期限（国务院令第310号第九条）已经届满，不能再提请复议。您现在"
            "可以：建议人民检察院立案监督、报告行政处理结果。 / The period for the request for "
            "reconsideration or proposal of supervision has run out, so you can no longer request "
            "reconsideration. You may now: propose supervision by the procuratorate; report the "
            "administrative outcome.");
  EXPECT_EQ(Decide(State::kDeclined, Act::kProposeSupervision, Role::kOfficer, lapsed).verdict,
            Verdict::kAllowed);
  EXPECT_EQ(Decide(State::kDeclined, Act::kFile, Role::kPoliceInvestigator, lapsed).verdict,
            Verdict::kAllowed);
  // Another window's lapse does not matter; the role is checked first.
  const ClockKind other[] = {ClockKind::kSupervisionProposal};
  EXPECT_EQ(Decide(State::kDeclined, Act::kRequestReconsideration, Role::kOfficer, other).verdict,
            Verdict::kAllowed);
  EXPECT_EQ(
      Decide(State::kDeclined, Act::kRequestReconsideration, Role::kAgencyHead, lapsed).verdict,
      Verdict::kRoleRefused);
}

// The acts that must give reasons: 不批准 (art. 5), 转送 (art. 7), 不予立案 (art. 8), 复议 and
// its decision (art. 9), 立案监督 (art. 9), 反向移送 (art. 13), withdrawal.
TEST(ReferralDecisionsTest, ReasonsRequired) {
  const std::set<std::pair<Act, State>> with_reasons = {
      {Act::kRefuse, State::kReported},
      {Act::kForward, State::kReceived},
      {Act::kDecline, State::kReceived},
      {Act::kRequestReconsideration, State::kDeclined},
      {Act::kUpholdDecline, State::kReconsiderationRequested},
      {Act::kFile, State::kReconsiderationRequested},
      {Act::kProposeSupervision, State::kDeclined},
      {Act::kReverseTransfer, State::kFiled},
      {Act::kWithdraw, State::kDraft},
      {Act::kWithdraw, State::kApproved},
  };
  for (const Transition& row : Transitions()) {
    EXPECT_EQ(row.reasons_required, with_reasons.count({row.act, row.from.front()}) > 0)
        << ActNameEn(row.act) << " from " << StateCode(row.from.front());
  }
}

TEST(ReferralDecisionsTest, RolesActForTheirOrganisation) {
  EXPECT_EQ(PartyOf(Role::kOfficer), Party::kAgency);
  EXPECT_EQ(PartyOf(Role::kAgencyHead), Party::kAgency);
  EXPECT_EQ(PartyOf(Role::kPoliceReceiver), Party::kHoldingPolice);
  EXPECT_EQ(PartyOf(Role::kPoliceInvestigator), Party::kHoldingPolice);
  EXPECT_EQ(PartyOf(Role::kProcurator), Party::kProcuratorate);
  EXPECT_EQ(PartyOf(Role::kCoordinator), Party::kNone);
  EXPECT_EQ(PartyOf(Role::kAdministrator), Party::kNone);
  EXPECT_EQ(PartyOf(Role::kUnspecified), Party::kNone);
}

TEST(ReferralDecisionsTest, EveryTermHasItsNames) {
  std::set<std::string_view> codes;
  for (int s = 0; s < kStateCount; ++s) {
    const State state = static_cast<State>(s);
    EXPECT_FALSE(StateNameZh(state).empty());
    EXPECT_FALSE(StateNameEn(state).empty());
    codes.insert(StateCode(state));
  }
  EXPECT_EQ(codes.size(), static_cast<size_t>(kStateCount));
  EXPECT_EQ(StateCode(State::kReconsiderationDeclined), "RECONSIDERATION_DECLINED");
  EXPECT_EQ(StateCode(State::kWithdrawn), "WITHDRAWN");
  std::set<std::string_view> acts;
  for (int a = 0; a < kActCount; ++a) acts.insert(ActNameZh(static_cast<Act>(a)));
  EXPECT_EQ(acts.size(), static_cast<size_t>(kActCount));
  EXPECT_EQ(RoleNameZh(Role::kAgencyHead), "行政执法机关负责人");
}

// 国务院令第310号第五条: 2名或者2名以上行政执法人员组成专案组.
TEST(ReferralRequirementsTest, TaskForceOfAtLeastTwoOfficers) {
  EXPECT_EQ(kMinTaskForceMembers, 2);
  using Members = std::vector<std::string>;
  EXPECT_EQ(TaskForceProblems(Members{}, "").size(), 1u);
  EXPECT_EQ(TaskForceProblems(Members{"users/a"}, "users/a").size(), 1u);
  EXPECT_EQ(TaskForceProblems(Members{"users/a", "users/a"}, "").size(), 1u);
  EXPECT_EQ(TaskForceProblems(Members{"users/a", ""}, "").size(), 1u);
  EXPECT_TRUE(TaskForceProblems(Members{"users/a", "users/b"}, "users/b").empty());
  EXPECT_TRUE(TaskForceProblems(Members{"users/a", "users/b", "users/c"}, "").empty());
  const std::vector<std::string> problems =
      TaskForceProblems(Members{"users/a", "users/b"}, "users/c");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "组长应当是专案组成员 / The leader must be a member of the task force");
  EXPECT_EQ(
      TaskForceProblems(Members{"users/a"}, "")[0],
      "专案组应当由2名或者2名以上执法人员组成（国务院令第310号第五条） / The task force needs "
      "at least 2 different officers (310号 art. 5)");
}

// 国务院令第310号第六条: materials ① to ⑤; ④ only where there is an inspection or appraisal.
TEST(ReferralRequirementsTest, MaterialsOfArticle6) {
  using K = MaterialKind;
  EXPECT_EQ(MissingMaterials({}, false),
            (std::vector<K>{K::kReferralLetter, K::kInvestigationReport, K::kSeizedGoodsList,
                            K::kInspectionReport}));
  EXPECT_EQ(MissingMaterials({}, true),
            (std::vector<K>{K::kReferralLetter, K::kInvestigationReport, K::kSeizedGoodsList}));
  const K all[] = {K::kSeizedGoodsList, K::kReferralLetter, K::kInspectionReport,
                   K::kInvestigationReport};
  EXPECT_TRUE(MissingMaterials(all, false).empty());
  const K no_report[] = {K::kReferralLetter, K::kSeizedGoodsList, K::kOther};
  EXPECT_EQ(MissingMaterials(no_report, true), std::vector<K>{K::kInvestigationReport});
  EXPECT_EQ(MaterialName(K::kInspectionReport),
            "④ 有关检验报告或者鉴定结论 / inspection reports or expert opinions");
}

}  // namespace
}  // namespace casebridge::law::referral
