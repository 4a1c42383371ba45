#include "services/law/referral_requirements.h"

#include <algorithm>
#include <array>

namespace casebridge::law::referral {

std::vector<std::string> TaskForceProblems(std::span<const std::string> members,
                                           std::string_view leader) {
  std::vector<std::string> distinct;
  for (const std::string& member : members) {
    if (!member.empty() && std::find(distinct.begin(), distinct.end(), member) == distinct.end()) {
      distinct.push_back(member);
    }
  }
  std::vector<std::string> problems;
  if (static_cast<int>(distinct.size()) < kMinTaskForceMembers) {
    problems.push_back(
        "专案组应当由2名或者2名以上执法人员组成（国务院令第310号第五条） / The task force needs at "
        "least 2 different officers (310号 art. 5)");
  }
  if (!leader.empty() && std::find(distinct.begin(), distinct.end(), leader) == distinct.end()) {
    problems.push_back("组长应当是专案组成员 / The leader must be a member of the task force");
  }
  return problems;
}

std::vector<MaterialKind> MissingMaterials(std::span<const MaterialKind> present,
                                           bool inspection_report_waived) {
  std::vector<MaterialKind> missing;
  for (MaterialKind kind : {MaterialKind::kReferralLetter, MaterialKind::kInvestigationReport,
                            MaterialKind::kSeizedGoodsList, MaterialKind::kInspectionReport}) {
    if (kind == MaterialKind::kInspectionReport && inspection_report_waived) continue;
    if (std::find(present.begin(), present.end(), kind) == present.end()) missing.push_back(kind);
  }
  return missing;
}

std::string MaterialName(MaterialKind kind) {
  static constexpr std::array<std::string_view, 6> kNames = {
      "未指定材料 / unspecified material",
      "① 涉嫌犯罪案件移送书 / referral letter",
      "② 涉嫌犯罪案件情况的调查报告 / investigation report",
      "③ 涉案物品清单 / list of seized goods",
      "④ 有关检验报告或者鉴定结论 / inspection reports or expert opinions",
      "⑤ 其他有关涉嫌犯罪的材料 / other materials on the suspected crime",
  };
  const auto i = static_cast<size_t>(kind);
  return std::string(i < kNames.size() ? kNames[i] : kNames[0]);
}

}  // namespace casebridge::law::referral
