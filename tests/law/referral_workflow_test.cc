// The referral state machine of 国务院令第310号, state × act × role, as an explicit expected table.
#include "services/law/referral_workflow.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace casebridge::law::referral {
namespace {

using enum Act;

// One line per act: one cell per state, in State order.
//   A  allowed
//   x  refused for the role        → PERMISSION_DENIED
//   .  refused in this state       → FAILED_PRECONDITION
struct Line {
  Act act;
  std::string_view cells;
};

struct RoleTable {
  Role role;
  std::vector<Line> lines;
};

// The roles not listed (unspecified, coordinator, administrator) do no act in any state.
constexpr std::string_view kNever = "x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x";

// clang-format off
const std::vector<RoleTable>& Expected() {
  static const auto* const table = new std::vector<RoleTable>{
  // --: no referral yet. DR draft, RP reported, AP approved, RF refused, TR transferred,
  // RC received, FW forwarded, FI filed, DE declined, RQ reconsideration requested,
  // RD reconsideration declined, SP supervision proposed, HR hand-over recorded, HO handed over,
  // RT reverse transferred, RA reverse acknowledged, CA closed administratively, WD withdrawn.
  {Role::kOfficer, {  // 执法人员 of the referring agency
    //                              -- DR RP AP RF TR RC FW FI DE RQ RD SP HR HO RT RA CA WD
    {kCreate,                      "A  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  ."},
    {kUpdate,                      ".  A  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  ."},
    {kRefreshSnapshot,             ".  A  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  ."},
    {kSubmitReport,                ".  A  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  ."},
    {kApprove,                     kNever},
    {kRefuse,                      kNever},
    {kTransfer,                    ".  .  .  A  .  .  .  .  .  .  .  .  .  .  .  .  .  .  ."},
    {kReceive,                     kNever},
    {kForward,                     kNever},
    {kFile,                        kNever},
    {kDecline,                     kNever},
    {kRequestReconsideration,      ".  .  .  .  .  .  .  .  .  A  .  .  .  .  .  .  .  .  ."},
    {kUpholdDecline,               kNever},
    {kProposeSupervision,          ".  .  .  .  .  .  .  .  .  A  .  A  .  .  .  .  .  .  ."},
    {kRecordHandover,              ".  .  .  .  .  .  .  .  A  .  .  .  .  .  .  .  .  .  ."},
    {kConfirmHandover,             kNever},
    {kReverseTransfer,             kNever},
    {kAcknowledgeReverseTransfer,  ".  .  .  .  .  .  .  .  .  .  .  .  .  .  .  A  .  .  ."},
    {kReportAdministrativeOutcome, ".  .  .  .  .  .  .  .  .  A  .  A  A  .  .  .  A  .  ."},
    {kRecordFineOffset,            ".  .  .  .  .  .  .  .  A  .  .  .  .  A  A  .  .  .  ."},
    {kWithdraw,                    ".  A  A  x  .  .  .  .  .  .  .  .  .  .  .  .  .  .  ."},
  }},
  {Role::kAgencyHead, {  // 正职负责人或者主持工作的负责人
    //                              -- DR RP AP RF TR RC FW FI DE RQ RD SP HR HO RT RA CA WD
    {kCreate,                      kNever},
    {kUpdate,                      kNever},
    {kRefreshSnapshot,             kNever},
    {kSubmitReport,                kNever},
    {kApprove,                     ".  .  A  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  ."},
    {kRefuse,                      ".  .  A  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  ."},
    {kTransfer,                    kNever},
    {kReceive,                     kNever},
    {kForward,                     kNever},
    {kFile,                        kNever},
    {kDecline,                     kNever},
    {kRequestReconsideration,      kNever},
    {kUpholdDecline,               kNever},
    {kProposeSupervision,          kNever},
    {kRecordHandover,              kNever},
    {kConfirmHandover,             kNever},
    {kReverseTransfer,             kNever},
    {kAcknowledgeReverseTransfer,  kNever},
    {kReportAdministrativeOutcome, kNever},
    {kRecordFineOffset,            kNever},
    {kWithdraw,                    ".  x  x  A  .  .  .  .  .  .  .  .  .  .  .  .  .  .  ."},
  }},
  {Role::kPoliceReceiver, {  // 公安受理人员 of the holding police
    //                              -- DR RP AP RF TR RC FW FI DE RQ RD SP HR HO RT RA CA WD
    {kCreate,                      kNever},
    {kUpdate,                      kNever},
    {kRefreshSnapshot,             kNever},
    {kSubmitReport,                kNever},
    {kApprove,                     kNever},
    {kRefuse,                      kNever},
    {kTransfer,                    kNever},
    {kReceive,                     ".  .  .  .  .  A  .  A  .  .  .  .  .  .  .  .  .  .  ."},
    {kForward,                     ".  .  .  .  .  .  A  .  .  .  .  .  .  .  .  .  .  .  ."},
    {kFile,                        kNever},
    {kDecline,                     kNever},
    {kRequestReconsideration,      kNever},
    {kUpholdDecline,               kNever},
    {kProposeSupervision,          kNever},
    {kRecordHandover,              kNever},
    {kConfirmHandover,             kNever},
    {kReverseTransfer,             kNever},
    {kAcknowledgeReverseTransfer,  kNever},
    {kReportAdministrativeOutcome, kNever},
    {kRecordFineOffset,            kNever},
    {kWithdraw,                    kNever},
  }},
  {Role::kPoliceInvestigator, {  // 公安侦查人员 of the holding police
    //                              -- DR RP AP RF TR RC FW FI DE RQ RD SP HR HO RT RA CA WD
    {kCreate,                      kNever},
    {kUpdate,                      kNever},
    {kRefreshSnapshot,             kNever},
    {kSubmitReport,                kNever},
    {kApprove,                     kNever},
    {kRefuse,                      kNever},
    {kTransfer,                    kNever},
    {kReceive,                     kNever},
    {kForward,                     kNever},
    {kFile,                        ".  .  .  .  .  .  A  .  .  A  A  A  A  .  .  .  .  .  ."},
    {kDecline,                     ".  .  .  .  .  .  A  .  .  .  .  .  .  .  .  .  .  .  ."},
    {kRequestReconsideration,      kNever},
    {kUpholdDecline,               ".  .  .  .  .  .  .  .  .  .  A  .  .  .  .  .  .  .  ."},
    {kProposeSupervision,          kNever},
    {kRecordHandover,              kNever},
    {kConfirmHandover,             ".  .  .  .  .  .  .  .  .  .  .  .  .  A  .  .  .  .  ."},
    {kReverseTransfer,             ".  .  .  .  .  .  .  .  A  .  .  .  .  A  A  .  .  .  ."},
    {kAcknowledgeReverseTransfer,  kNever},
    {kReportAdministrativeOutcome, kNever},
    {kRecordFineOffset,            ".  .  .  .  .  .  .  .  A  .  .  .  .  A  A  .  .  .  ."},
    {kWithdraw,                    kNever},
  }},
  {Role::kProcurator, {  // 检察官
    //                              -- DR RP AP RF TR RC FW FI DE RQ RD SP HR HO RT RA CA WD
    {kCreate,                      kNever},
    {kUpdate,                      kNever},
    {kRefreshSnapshot,             kNever},
    {kSubmitReport,                kNever},
    {kApprove,                     kNever},
    {kRefuse,                      kNever},
    {kTransfer,                    kNever},
    {kReceive,                     kNever},
    {kForward,                     kNever},
    {kFile,                        kNever},
    {kDecline,                     kNever},
    {kRequestReconsideration,      kNever},
    {kUpholdDecline,               kNever},
    {kProposeSupervision,          kNever},
    {kRecordHandover,              kNever},
    {kConfirmHandover,             kNever},
    {kReverseTransfer,             kNever},
    {kAcknowledgeReverseTransfer,  kNever},
    {kReportAdministrativeOutcome, kNever},
    {kRecordFineOffset,            ".  .  .  .  .  .  .  .  A  .  .  .  .  A  A  .  .  .  ."},
    {kWithdraw,                    kNever},
  }},
  };
  return *table;
}
// clang-format on

// A line's cells without the spaces that align them.
std::string Cells(std::string_view line) {
  std::string cells;
  for (char c : line) {
    if (c != ' ') cells += c;
  }
  return cells;
}

Verdict VerdictOf(char cell) {
  switch (cell) {
    case 'A':
      return Verdict::kAllowed;
    case 'x':
      return Verdict::kRoleRefused;
    default:
      return Verdict::kStateRefused;
  }
}

std::string Where(State state, Act act, Role role) {
  return std::string(StateCode(state)) + " × " + std::string(ActNameEn(act)) + " × " +
         std::string(RoleNameEn(role));
}

TEST(ReferralWorkflowTest, TableIsWellFormed) {
  for (const RoleTable& table : Expected()) {
    ASSERT_EQ(table.lines.size(), static_cast<size_t>(kActCount - 1)) << RoleNameEn(table.role);
    for (size_t i = 0; i < table.lines.size(); ++i) {
      EXPECT_EQ(table.lines[i].act, static_cast<Act>(i + 1)) << RoleNameEn(table.role);
      const std::string cells = Cells(table.lines[i].cells);
      EXPECT_EQ(cells.size(), static_cast<size_t>(kStateCount)) << ActNameEn(table.lines[i].act);
      EXPECT_EQ(cells.find_first_not_of("Ax."), std::string::npos) << table.lines[i].cells;
    }
  }
}

// Every state × every act × every role, against the table above.
TEST(ReferralWorkflowTest, EveryStateActAndRole) {
  for (int r = 0; r < kRoleCount; ++r) {
    const Role role = static_cast<Role>(r);
    const RoleTable* table = nullptr;
    for (const RoleTable& t : Expected()) {
      if (t.role == role) table = &t;
    }
    for (int a = 1; a < kActCount; ++a) {
      const Act act = static_cast<Act>(a);
      const std::string cells = Cells(table != nullptr ? table->lines[a - 1].cells : kNever);
      for (int s = 0; s < kStateCount; ++s) {
        const State state = static_cast<State>(s);
        const Decision decision = Decide(state, act, role);
        EXPECT_EQ(decision.verdict, VerdictOf(cells[s])) << Where(state, act, role);
        EXPECT_EQ(decision.transition != nullptr, cells[s] == 'A') << Where(state, act, role);
        EXPECT_EQ(decision.message.empty(), cells[s] == 'A') << Where(state, act, role);
        // What the role may do now is the table's column.
        std::vector<Act> possible;
        for (int b = 1; b < kActCount; ++b) {
          const std::string other = Cells(table != nullptr ? table->lines[b - 1].cells : kNever);
          if (other[s] == 'A') possible.push_back(static_cast<Act>(b));
        }
        EXPECT_EQ(decision.possible_now, possible) << Where(state, act, role);
        EXPECT_EQ(PossibleActs(state, role), possible) << Where(state, act, role);
      }
    }
  }
}

TEST(ReferralWorkflowTest, UnspecifiedActIsNobodys) {
  for (int r = 0; r < kRoleCount; ++r) {
    EXPECT_EQ(Decide(State::kDraft, kUnspecified, static_cast<Role>(r)).verdict,
              Verdict::kRoleRefused);
  }
}

struct Step {
  State from;
  Act act;
  State to;
  std::string_view article;  // of 国务院令第310号, found in the row's basis
};

// Where each allowed act leads (referral.proto, Referral.State), and under which article.
constexpr Step kSteps[] = {
    {State::kUnspecified, kCreate, State::kDraft, "第三条"},
    {State::kDraft, kUpdate, State::kDraft, "第五条"},
    {State::kDraft, kRefreshSnapshot, State::kDraft, "第四条"},
    {State::kDraft, kSubmitReport, State::kReported, "第五条"},
    {State::kReported, kApprove, State::kApproved, "第五条"},
    {State::kReported, kRefuse, State::kRefused, "第五条"},
    {State::kApproved, kTransfer, State::kTransferred, "第六条"},
    {State::kTransferred, kReceive, State::kReceived, "第七条"},
    {State::kForwarded, kReceive, State::kReceived, "第七条"},
    {State::kReceived, kForward, State::kForwarded, "第七条"},
    {State::kReceived, kFile, State::kFiled, "第八条"},
    {State::kReceived, kDecline, State::kDeclined, "第八条"},
    {State::kDeclined, kFile, State::kFiled, "第十四条"},
    {State::kDeclined, kRequestReconsideration, State::kReconsiderationRequested, "第九条"},
    {State::kDeclined, kProposeSupervision, State::kSupervisionProposed, "第九条"},
    {State::kDeclined, kReportAdministrativeOutcome, State::kClosedAdministratively, "第十条"},
    {State::kReconsiderationRequested, kFile, State::kFiled, "第九条"},
    {State::kReconsiderationRequested, kUpholdDecline, State::kReconsiderationDeclined, "第九条"},
    {State::kReconsiderationDeclined, kFile, State::kFiled, "第十四条"},
    {State::kReconsiderationDeclined, kProposeSupervision, State::kSupervisionProposed, "第九条"},
    {State::kReconsiderationDeclined, kReportAdministrativeOutcome, State::kClosedAdministratively,
     "第十条"},
    {State::kSupervisionProposed, kFile, State::kFiled, "第十四条"},
    {State::kSupervisionProposed, kReportAdministrativeOutcome, State::kClosedAdministratively,
     "第十条"},
    {State::kFiled, kRecordHandover, State::kHandoverRecorded, "第十二条"},
    {State::kFiled, kReverseTransfer, State::kReverseTransferred, "第十三条"},
    {State::kFiled, kRecordFineOffset, State::kFiled, "第十一条"},
    {State::kHandoverRecorded, kConfirmHandover, State::kHandedOver, "第十二条"},
    {State::kHandoverRecorded, kReverseTransfer, State::kReverseTransferred, "第十三条"},
    {State::kHandoverRecorded, kRecordFineOffset, State::kHandoverRecorded, "第十一条"},
    {State::kHandedOver, kReverseTransfer, State::kReverseTransferred, "第十三条"},
    {State::kHandedOver, kRecordFineOffset, State::kHandedOver, "第十一条"},
    {State::kReverseTransferred, kAcknowledgeReverseTransfer, State::kReverseAcknowledged,
     "第十三条"},
    {State::kReverseAcknowledged, kReportAdministrativeOutcome, State::kClosedAdministratively,
     "第十三条"},
    {State::kDraft, kWithdraw, State::kWithdrawn, "第五条"},
    {State::kReported, kWithdraw, State::kWithdrawn, "第五条"},
    {State::kApproved, kWithdraw, State::kWithdrawn, "第五条"},
};

TEST(ReferralWorkflowTest, EachAllowedActLeadsWhereTheLawSaysUnderItsArticle) {
  int allowed = 0;
  for (int s = 0; s < kStateCount; ++s) {
    for (int a = 1; a < kActCount; ++a) {
      if (FindTransition(static_cast<State>(s), static_cast<Act>(a)) != nullptr) ++allowed;
    }
  }
  EXPECT_EQ(allowed, static_cast<int>(std::size(kSteps)));
  for (const Step& step : kSteps) {
    const Transition* row = FindTransition(step.from, step.act);
    ASSERT_NE(row, nullptr) << StateCode(step.from) << " " << ActNameEn(step.act);
    EXPECT_EQ(NextState(*row, step.from), step.to)
        << StateCode(step.from) << " " << ActNameEn(step.act);
    EXPECT_TRUE(row->basis.starts_with("国务院令第310号")) << row->basis;
    EXPECT_NE(row->basis.find(step.article), std::string_view::npos)
        << StateCode(step.from) << " " << ActNameEn(step.act) << ": " << row->basis;
  }
}

TEST(ReferralWorkflowTest, FinalStatesAllowNothing) {
  for (State state : {State::kRefused, State::kWithdrawn, State::kClosedAdministratively}) {
    EXPECT_TRUE(IsFinal(state));
    for (int r = 0; r < kRoleCount; ++r) {
      EXPECT_TRUE(PossibleActs(state, static_cast<Role>(r)).empty()) << StateCode(state);
    }
  }
  // The 310号 procedure ends at HANDED_OVER, but the police may still transfer back (art. 13).
  EXPECT_FALSE(IsFinal(State::kHandedOver));
}

}  // namespace
}  // namespace casebridge::law::referral
