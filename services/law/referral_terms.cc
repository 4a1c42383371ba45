#include "services/law/referral_terms.h"

#include <array>

namespace casebridge::law::referral {
namespace {

struct Names {
  std::string_view zh;
  std::string_view en;
};

struct StateNames {
  std::string_view code;
  std::string_view zh;
  std::string_view en;
};

// Indexed by the enum's number.
constexpr std::array<StateNames, kStateCount> kStates = {{
    {"STATE_UNSPECIFIED", "尚未启动移送", "not yet started"},
    {"DRAFT", "拟移送", "in preparation"},
    {"REPORTED", "已报告负责人", "reported to the head of the agency"},
    {"APPROVED", "已批准移送", "approved for transfer"},
    {"REFUSED", "不批准移送", "refused by the head of the agency"},
    {"TRANSFERRED", "已移送", "transferred to the police"},
    {"RECEIVED", "已签收", "received by the police"},
    {"FORWARDED", "已转送", "forwarded to the competent police"},
    {"FILED", "已立案", "filed as a criminal case"},
    {"DECLINED", "不予立案", "declined by the police"},
    {"RECONSIDERATION_REQUESTED", "已提请复议", "under reconsideration"},
    {"RECONSIDERATION_DECLINED", "复议维持不予立案", "declined again on reconsideration"},
    {"SUPERVISION_PROPOSED", "已建议立案监督", "proposed for procuratorate supervision"},
    {"HANDOVER_RECORDED", "已移交涉案物品", "goods handed over, awaiting police confirmation"},
    {"HANDED_OVER", "移交已确认", "hand-over confirmed by the police"},
    {"REVERSE_TRANSFERRED", "已反向移送", "transferred back to the agency"},
    {"REVERSE_ACKNOWLEDGED", "已接收反向移送", "taken back by the agency"},
    {"CLOSED_ADMINISTRATIVELY", "已报告行政处理结果", "closed with the administrative outcome"},
    {"WITHDRAWN", "已撤回", "withdrawn"},
}};

constexpr std::array<Names, kActCount> kActs = {{
    {"未指定", "no act"},
    {"启动移送", "start a referral"},
    {"修改专案组或来源", "change the task force or source"},
    {"更新案件快照", "refresh the case snapshot"},
    {"向负责人提交书面报告", "submit the written report to the head"},
    {"批准移送", "approve the referral"},
    {"不批准移送", "refuse the referral"},
    {"移送公安机关", "transfer to the police"},
    {"签收回执", "sign the receipt"},
    {"转送有管辖权的机关", "forward to the competent police"},
    {"立案", "file the case"},
    {"不予立案", "decline to file"},
    {"提请复议", "request reconsideration"},
    {"复议维持不予立案", "uphold the decline on reconsideration"},
    {"建议人民检察院立案监督", "propose supervision by the procuratorate"},
    {"移交涉案物品和材料", "hand over the seized goods and materials"},
    {"确认接收移交", "confirm the hand-over"},
    {"反向移送行政执法机关", "transfer the case back to the agency"},
    {"接收反向移送", "acknowledge the case transferred back"},
    {"报告行政处理结果", "report the administrative outcome"},
    {"登记罚款折抵", "record a fine offset"},
    {"撤回移送", "withdraw the referral"},
}};

constexpr std::array<Names, kRoleCount> kRoles = {{
    {"未指定角色", "no role"},
    {"执法人员", "an officer of the agency"},
    {"行政执法机关负责人", "the head of the agency"},
    {"公安受理人员", "a police receiver"},
    {"公安侦查人员", "a police investigator"},
    {"检察官", "a procurator"},
    {"打假办工作人员", "a coordination office member"},
    {"系统管理员", "an administrator"},
}};

template <typename Entry, size_t N, typename Enum>
const Entry& Lookup(const std::array<Entry, N>& names, Enum value) {
  const auto i = static_cast<size_t>(value);
  return i < N ? names[i] : names[0];
}

}  // namespace

Party PartyOf(Role role) {
  switch (role) {
    case Role::kOfficer:
    case Role::kAgencyHead:
      return Party::kAgency;
    case Role::kPoliceReceiver:
    case Role::kPoliceInvestigator:
      return Party::kHoldingPolice;
    case Role::kProcurator:
      return Party::kProcuratorate;
    case Role::kUnspecified:
    case Role::kCoordinator:
    case Role::kAdministrator:
      break;
  }
  return Party::kNone;
}

std::string_view StateCode(State state) { return Lookup(kStates, state).code; }
std::string_view StateNameZh(State state) { return Lookup(kStates, state).zh; }
std::string_view StateNameEn(State state) { return Lookup(kStates, state).en; }
std::string_view ActNameZh(Act act) { return Lookup(kActs, act).zh; }
std::string_view ActNameEn(Act act) { return Lookup(kActs, act).en; }
std::string_view RoleNameZh(Role role) { return Lookup(kRoles, role).zh; }
std::string_view RoleNameEn(Role role) { return Lookup(kRoles, role).en; }

}  // namespace casebridge::law::referral
