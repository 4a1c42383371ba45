// The vocabulary of a referral under 国务院令第310号: its states, acts and roles, named for
// officers.
#pragma once

#include <string_view>

namespace casebridge::law::referral {

// Mirrors casebridge.v1.Referral.State (referral.proto), same numbers, so the service maps with a
// static_cast. kUnspecified stands for "no referral yet": the only act from it is kCreate.
enum class State {
  kUnspecified = 0,
  kDraft = 1,                      // 拟移送
  kReported = 2,                   // 已报告负责人 (art. 5)
  kApproved = 3,                   // 已批准移送 (art. 5)
  kRefused = 4,                    // 不批准移送 (art. 5); final
  kTransferred = 5,                // 已移送 (art. 5, 6)
  kReceived = 6,                   // 已签收 (art. 7)
  kForwarded = 7,                  // 已转送 (art. 7)
  kFiled = 8,                      // 已立案 (art. 8)
  kDeclined = 9,                   // 不予立案 (art. 8)
  kReconsiderationRequested = 10,  // 已提请复议 (art. 9)
  kReconsiderationDeclined = 11,   // 复议维持不予立案 (art. 9)
  kSupervisionProposed = 12,       // 已提请立案监督 (art. 9, 14)
  kHandoverRecorded = 13,          // 已移交 (art. 12)
  kHandedOver = 14,                // 移交已确认 (art. 12)
  kReverseTransferred = 15,        // 反向移送 (art. 13)
  kReverseAcknowledged = 16,       // 已接收反向移送 (art. 13)
  kClosedAdministratively = 17,    // 已报告行政处理结果 (art. 10, 13); final
  kWithdrawn = 18,                 // 已撤回; final
};
inline constexpr int kStateCount = 19;

// The acts on a referral, one per statutory act. They follow the ReferralService methods, except
// that DecideReconsideration carries two acts: filing (kFile, the same 立案 as FileCase, art. 9)
// and upholding the decline (kUpholdDecline).
enum class Act {
  kUnspecified = 0,
  kCreate = 1,                   // CreateReferral: 启动移送
  kUpdate = 2,                   // UpdateReferral: task force, prompting reference
  kRefreshSnapshot = 3,          // RefreshCaseSnapshot
  kSubmitReport = 4,             // SubmitReport: 专案组报告 (art. 5)
  kApprove = 5,                  // ApproveReferral: 批准移送 (art. 5)
  kRefuse = 6,                   // RefuseReferral: 不批准移送 (art. 5)
  kTransfer = 7,                 // TransferReferral: 移送 (art. 5, 6)
  kReceive = 8,                  // ReceiveReferral: 签收回执 (art. 7)
  kForward = 9,                  // ForwardReferral: 转送 (art. 7)
  kFile = 10,                    // FileCase, or DecideReconsideration filing: 立案 (art. 8, 9)
  kDecline = 11,                 // DeclineFiling: 不予立案 (art. 8)
  kRequestReconsideration = 12,  // RequestReconsideration: 提请复议 (art. 9)
  kUpholdDecline = 13,       // DecideReconsideration upholding: 复议维持不予立案 (art. 9)
  kProposeSupervision = 14,  // ProposeSupervision: 建议立案监督 (art. 9)
  kRecordHandover = 15,      // RecordHandover: 移交涉案物品 (art. 12)
  kConfirmHandover = 16,     // ConfirmHandover: 确认接收移交 (art. 12)
  kReverseTransfer = 17,     // ReverseTransfer: 反向移送 (art. 13)
  kAcknowledgeReverseTransfer = 18,   // AcknowledgeReverseTransfer (art. 13)
  kReportAdministrativeOutcome = 19,  // ReportAdministrativeOutcome (art. 10, 13)
  kRecordFineOffset = 20,             // RecordFineOffset: 罚款折抵 (art. 11)
  kWithdraw = 21,                     // WithdrawReferral: 撤回移送
};
inline constexpr int kActCount = 22;

// Mirrors casebridge.v1.Role (common.proto), same numbers. A role counts for a referral only when
// held in the organisation Party() names; the service checks that before asking the workflow.
enum class Role {
  kUnspecified = 0,
  kOfficer = 1,             // 执法人员
  kAgencyHead = 2,          // 行政执法机关负责人
  kPoliceReceiver = 3,      // 公安受理人员
  kPoliceInvestigator = 4,  // 公安侦查人员
  kProcurator = 5,          // 检察官
  kCoordinator = 6,         // 打假办工作人员
  kAdministrator = 7,       // 系统管理员
};
inline constexpr int kRoleCount = 8;

// The organisation in which a role acts on a referral, and which answers for a clock.
enum class Party {
  kNone = 0,
  kAgency = 1,         // the referring agency (the case's agency)
  kHoldingPolice = 2,  // the police organisation the referral was transferred or forwarded to
  kProcuratorate = 3,  // a procuratorate whose region covers the referral
};

// Where `role` must belong to act on a referral; kNone for roles that never act on one.
Party PartyOf(Role role);

// "RECEIVED": the proto name without its prefix, as filters and error details spell it.
std::string_view StateCode(State state);
// "已签收".
std::string_view StateNameZh(State state);
// "received by the police".
std::string_view StateNameEn(State state);
// "提请复议".
std::string_view ActNameZh(Act act);
// "request reconsideration": a verb phrase, so it reads after "you may".
std::string_view ActNameEn(Act act);
// "行政执法机关负责人".
std::string_view RoleNameZh(Role role);
// "the head of the agency".
std::string_view RoleNameEn(Role role);

}  // namespace casebridge::law::referral
