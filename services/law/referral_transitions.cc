// The transition table of a referral, each row beside the article that puts the act there.
#include <array>

#include "services/law/referral_workflow.h"

namespace casebridge::law::referral {
namespace {

using C = ClockKind;
using R = Role;
using S = State;

constexpr std::span<const ClockKind> kNoClocks;

constexpr Role kOfficer[] = {R::kOfficer};
constexpr Role kHead[] = {R::kAgencyHead};
constexpr Role kReceiver[] = {R::kPoliceReceiver};
constexpr Role kInvestigator[] = {R::kPoliceInvestigator};
// 折抵 is done by the court; the agency, the filing police and the procuratorate may record it.
constexpr Role kFineOffsetRoles[] = {R::kOfficer, R::kPoliceInvestigator, R::kProcurator};

constexpr State kNoReferral[] = {S::kUnspecified};
constexpr State kDraft[] = {S::kDraft};
constexpr State kReported[] = {S::kReported};
constexpr State kApproved[] = {S::kApproved};
constexpr State kAwaitingReceipt[] = {S::kTransferred, S::kForwarded};
constexpr State kReceived[] = {S::kReceived};
constexpr State kDeclined[] = {S::kDeclined};
constexpr State kUnderReconsideration[] = {S::kReconsiderationRequested};
constexpr State kDeclineContested[] = {S::kDeclined, S::kReconsiderationDeclined};
constexpr State kAfterDecline[] = {S::kDeclined, S::kReconsiderationDeclined,
                                   S::kSupervisionProposed};
constexpr State kFiled[] = {S::kFiled};
constexpr State kHandoverRecorded[] = {S::kHandoverRecorded};
constexpr State kAfterFiling[] = {S::kFiled, S::kHandoverRecorded, S::kHandedOver};
constexpr State kReverseTransferred[] = {S::kReverseTransferred};
constexpr State kAgencyHandles[] = {S::kDeclined, S::kReconsiderationDeclined,
                                    S::kSupervisionProposed, S::kReverseAcknowledged};
constexpr State kBeforeApproval[] = {S::kDraft, S::kReported};

constexpr ClockKind kHeadDecision[] = {C::kHeadDecision};
constexpr ClockKind kTransfer[] = {C::kTransfer};
constexpr ClockKind kForward[] = {C::kForward};
constexpr ClockKind kFilingDecision[] = {C::kFilingDecision};
constexpr ClockKind kReconsiderationRequest[] = {C::kReconsiderationRequest};
constexpr ClockKind kReconsiderationDecision[] = {C::kReconsiderationDecision};
constexpr ClockKind kSupervisionProposal[] = {C::kSupervisionProposal};
constexpr ClockKind kHandover[] = {C::kHandover};
// The agency's windows after a decline: whichever of them is open.
constexpr ClockKind kAgencyWindows[] = {C::kReconsiderationRequest, C::kSupervisionProposal};

constexpr std::array kTransitions = {
    // 启动移送: the agency must refer a suspected crime (art. 3) through a task force (art. 5).
    Transition{.act = Act::kCreate,
               .from = kNoReferral,
               .to = S::kDraft,
               .roles = kOfficer,
               .opens = kNoClocks,
               .meets = kNoClocks,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第三条、第五条"},
    // The task force and the evidence may change until the report is made (art. 4, 5).
    Transition{.act = Act::kUpdate,
               .from = kDraft,
               .to = std::nullopt,
               .roles = kOfficer,
               .opens = kNoClocks,
               .meets = kNoClocks,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第五条"},
    Transition{.act = Act::kRefreshSnapshot,
               .from = kDraft,
               .to = std::nullopt,
               .roles = kOfficer,
               .opens = kNoClocks,
               .meets = kNoClocks,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第四条"},
    // 专案组 reports to the head, who decides within 3 days of receiving it (art. 5).
    Transition{.act = Act::kSubmitReport,
               .from = kDraft,
               .to = S::kReported,
               .roles = kOfficer,
               .opens = kHeadDecision,
               .meets = kNoClocks,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第五条"},
    // Approved: transfer within 24 hours (art. 5).
    Transition{.act = Act::kApprove,
               .from = kReported,
               .to = S::kApproved,
               .roles = kHead,
               .opens = kTransfer,
               .meets = kHeadDecision,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第五条"},
    // Refused: the reasons are recorded (记录在案, art. 5).
    Transition{.act = Act::kRefuse,
               .from = kReported,
               .to = S::kRefused,
               .roles = kHead,
               .opens = kNoClocks,
               .meets = kHeadDecision,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = true,
               .basis = "国务院令第310号第五条"},
    // Transfer with the materials of art. 6.
    Transition{.act = Act::kTransfer,
               .from = kApproved,
               .to = S::kTransferred,
               .roles = kOfficer,
               .opens = kNoClocks,
               .meets = kTransfer,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第五条、第六条"},
    // The police sign the receipt (art. 7), also after a forwarding; 3 days to decide (art. 8).
    Transition{.act = Act::kReceive,
               .from = kAwaitingReceipt,
               .to = S::kReceived,
               .roles = kReceiver,
               .opens = kFilingDecision,
               .meets = kNoClocks,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第七条、第八条"},
    // Not competent: forward within 24 hours of the receipt and tell the agency (art. 7). The
    // forward clock is written now, already met or missed; the receiving police decides instead.
    Transition{.act = Act::kForward,
               .from = kReceived,
               .to = S::kForwarded,
               .roles = kReceiver,
               .opens = kForward,
               .meets = kForward,
               .cancels = kFilingDecision,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = true,
               .basis = "国务院令第310号第七条"},
    // 立案 on review (art. 8); the agency hands over within 3 days of the notice (art. 12).
    Transition{.act = Act::kFile,
               .from = kReceived,
               .to = S::kFiled,
               .roles = kInvestigator,
               .opens = kHandover,
               .meets = kFilingDecision,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第八条、第十二条"},
    // 立案 as the reconsideration decision, with its reasons (art. 9).
    Transition{.act = Act::kFile,
               .from = kUnderReconsideration,
               .to = S::kFiled,
               .roles = kInvestigator,
               .opens = kHandover,
               .meets = kReconsiderationDecision,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = true,
               .basis = "国务院令第310号第九条、第十二条"},
    // 立案 after a decline: on the procuratorate's 通知立案书 (最高检规定 item 10) or on the
    // police's own re-examination; the agency's windows become moot.
    Transition{.act = Act::kFile,
               .from = kAfterDecline,
               .to = S::kFiled,
               .roles = kInvestigator,
               .opens = kHandover,
               .meets = kNoClocks,
               .cancels = kAgencyWindows,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis =
                   "国务院令第310号第九条、第十四条；最高人民检察院《人民检察院办理行政执法机关"
                   "移送涉嫌犯罪案件的规定》第十条"},
    // 不予立案: reasons stated, written notice, materials returned (art. 8); the agency may
    // contest within 3 days (art. 9).
    Transition{.act = Act::kDecline,
               .from = kReceived,
               .to = S::kDeclined,
               .roles = kInvestigator,
               .opens = kReconsiderationRequest,
               .meets = kFilingDecision,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = true,
               .basis = "国务院令第310号第八条"},
    // 提请复议 within 3 days of the decline notice; the police decide within 3 days (art. 9).
    Transition{.act = Act::kRequestReconsideration,
               .from = kDeclined,
               .to = S::kReconsiderationRequested,
               .roles = kOfficer,
               .opens = kReconsiderationDecision,
               .meets = kReconsiderationRequest,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kReconsiderationRequest,
               .reasons_required = true,
               .basis = "国务院令第310号第九条"},
    // 复议维持: the agency may still propose supervision within 3 days (art. 9).
    Transition{.act = Act::kUpholdDecline,
               .from = kUnderReconsideration,
               .to = S::kReconsiderationDeclined,
               .roles = kInvestigator,
               .opens = kSupervisionProposal,
               .meets = kReconsiderationDecision,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = true,
               .basis = "国务院令第310号第九条"},
    // 立案监督: either instead of reconsideration or after it (art. 9); not barred by the window,
    // since the procuratorate supervises at any time (art. 14).
    Transition{.act = Act::kProposeSupervision,
               .from = kDeclineContested,
               .to = S::kSupervisionProposed,
               .roles = kOfficer,
               .opens = kNoClocks,
               .meets = kAgencyWindows,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = true,
               .basis = "国务院令第310号第九条、第十四条"},
    // 移交 within 3 days of the filing notice (art. 12).
    Transition{.act = Act::kRecordHandover,
               .from = kFiled,
               .to = S::kHandoverRecorded,
               .roles = kOfficer,
               .opens = kNoClocks,
               .meets = kHandover,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第十二条"},
    // 办结交接手续: the police confirm what they received (art. 12).
    Transition{.act = Act::kConfirmHandover,
               .from = kHandoverRecorded,
               .to = S::kHandedOver,
               .roles = kInvestigator,
               .opens = kNoClocks,
               .meets = kNoClocks,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第十二条"},
    // 反向移送 after investigation: no crime, or too minor, but administrative liability (art.
    // 13). A pending hand-over becomes moot. Before filing, the route is a decline (art. 8, 10).
    Transition{.act = Act::kReverseTransfer,
               .from = kAfterFiling,
               .to = S::kReverseTransferred,
               .roles = kInvestigator,
               .opens = kNoClocks,
               .meets = kNoClocks,
               .cancels = kHandover,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = true,
               .basis = "国务院令第310号第十三条"},
    // The agency takes the case back and must handle it (art. 13).
    Transition{.act = Act::kAcknowledgeReverseTransfer,
               .from = kReverseTransferred,
               .to = S::kReverseAcknowledged,
               .roles = kOfficer,
               .opens = kNoClocks,
               .meets = kNoClocks,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第十三条"},
    // The agency handles the case itself after a decline it no longer contests (art. 10) or a
    // reverse transfer (art. 13); reporting gives up any window still open.
    Transition{.act = Act::kReportAdministrativeOutcome,
               .from = kAgencyHandles,
               .to = S::kClosedAdministratively,
               .roles = kOfficer,
               .opens = kNoClocks,
               .meets = kNoClocks,
               .cancels = kAgencyWindows,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第十条、第十三条"},
    // Fines already paid are offset against the criminal fine (art. 11; 行政处罚法 art. 35),
    // which exists only once the case is filed.
    Transition{.act = Act::kRecordFineOffset,
               .from = kAfterFiling,
               .to = std::nullopt,
               .roles = kFineOffsetRoles,
               .opens = kNoClocks,
               .meets = kNoClocks,
               .cancels = kNoClocks,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = false,
               .basis = "国务院令第310号第十一条；《中华人民共和国行政处罚法》第三十五条"},
    // 310号 has no withdrawal: before the transfer everything is the agency's own procedure under
    // art. 5, so the officers may withdraw, and after approval only the head who approved.
    Transition{.act = Act::kWithdraw,
               .from = kBeforeApproval,
               .to = S::kWithdrawn,
               .roles = kOfficer,
               .opens = kNoClocks,
               .meets = kNoClocks,
               .cancels = kHeadDecision,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = true,
               .basis = "国务院令第310号第五条（移送前）"},
    Transition{.act = Act::kWithdraw,
               .from = kApproved,
               .to = S::kWithdrawn,
               .roles = kHead,
               .opens = kNoClocks,
               .meets = kNoClocks,
               .cancels = kTransfer,
               .barred_after_lapse = C::kUnspecified,
               .reasons_required = true,
               .basis = "国务院令第310号第五条（移送前）"},
};

}  // namespace

std::span<const Transition> Transitions() { return kTransitions; }

}  // namespace casebridge::law::referral
