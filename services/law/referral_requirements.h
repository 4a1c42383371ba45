// What a referral must carry under 国务院令第310号: its task force (art. 5) and its materials (art.
// 6).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace casebridge::law::referral {

// 国务院令第310号第五条: 应当立即指定2名或者2名以上行政执法人员组成专案组.
inline constexpr int kMinTaskForceMembers = 2;

// Why a task force does not meet art. 5, one "中文 / English" sentence each; empty when it does:
// at least kMinTaskForceMembers distinct members, and a leader, when named, among them.
std::vector<std::string> TaskForceProblems(std::span<const std::string> members,
                                           std::string_view leader);

// Mirrors casebridge.v1.Referral.Material.Kind: the five materials of 国务院令第310号第六条.
enum class MaterialKind {
  kUnspecified = 0,
  kReferralLetter = 1,       // ① 涉嫌犯罪案件移送书
  kInvestigationReport = 2,  // ② 涉嫌犯罪案件情况的调查报告
  kSeizedGoodsList = 3,      // ③ 涉案物品清单
  kInspectionReport = 4,     // ④ 有关检验报告或者鉴定结论
  kOther = 5,                // ⑤ 其他有关涉嫌犯罪的材料
};

// The materials art. 6 requires that `present` lacks, in order: ①, ② and ③ always; ④ unless the
// agency states why there is none (an inspection is needed only where the facts call for it,
// art. 4); ⑤ never, as it holds whatever else there is.
std::vector<MaterialKind> MissingMaterials(std::span<const MaterialKind> present,
                                           bool inspection_report_waived);

// "① 涉嫌犯罪案件移送书 / referral letter".
std::string MaterialName(MaterialKind kind);

}  // namespace casebridge::law::referral
