#include "services/law/referral_clocks.h"

#include <array>

namespace casebridge::law::referral {
namespace {

constexpr std::string_view k310 = "国务院令第310号";

// STATUTES.md §1: 310号 does not say whether its 3日 are calendar or working days; the default is
// calendar days with holiday roll-over, and 24 hours count as hours.
constexpr CountingRule kThreeDays{
    .period = 3,
    .policy = CountingPolicy::kCalendarDays,
    .last_day = LastDayRule::kRollOverStatutoryHolidays,
};
constexpr CountingRule kTwentyFourHours{
    .period = 24,
    .policy = CountingPolicy::kHours,
    .last_day = LastDayRule::kRollOverStatutoryHolidays,
};

constexpr Act kByHeadDecision[] = {Act::kApprove, Act::kRefuse};
constexpr Act kByTransfer[] = {Act::kTransfer};
constexpr Act kByForward[] = {Act::kForward};
constexpr Act kByFilingDecision[] = {Act::kFile, Act::kDecline};
constexpr Act kByReconsiderationRequest[] = {Act::kRequestReconsideration,
                                             Act::kProposeSupervision};
constexpr Act kByReconsiderationDecision[] = {Act::kFile, Act::kUpholdDecline};
constexpr Act kBySupervisionProposal[] = {Act::kProposeSupervision};
constexpr Act kByHandover[] = {Act::kRecordHandover};

constexpr std::array<ClockSpec, kClockKindCount - 1> kClocks = {{
    {
        .kind = ClockKind::kHeadDecision,
        .id = "head_decision",
        .name_zh = "负责人审批期限",
        .name_en = "head's decision on the referral",
        .instrument = k310,
        .article = "第五条",
        .text =
            "行政执法机关正职负责人或者主持工作的负责人应当自接到报告之日起3日内作出批准移送或者"
            "不批准移送的决定",
        .default_rule = kThreeDays,
        .nature = ClockNature::kDuty,
        .responsible = Party::kAgency,
        .opened_by = Act::kSubmitReport,
        .starts_at = ClockStart::kOpeningAct,
        .closed_by = kByHeadDecision,
    },
    {
        .kind = ClockKind::kTransfer,
        .id = "transfer",
        .name_zh = "移送期限",
        .name_en = "transfer to the police",
        .instrument = k310,
        .article = "第五条",
        .text = "决定批准的，应当在24小时内向同级公安机关移送",
        .default_rule = kTwentyFourHours,
        .nature = ClockNature::kDuty,
        .responsible = Party::kAgency,
        .opened_by = Act::kApprove,
        .starts_at = ClockStart::kOpeningAct,
        .closed_by = kByTransfer,
    },
    {
        .kind = ClockKind::kForward,
        .id = "forward",
        .name_zh = "转送期限",
        .name_en = "forwarding to the competent police",
        .instrument = k310,
        .article = "第七条",
        .text = "公安机关对不属于本机关管辖的案件，应当在24小时内转送有管辖权的机关，并书面告知移送"
                "案件的行政执法机关",
        .default_rule = kTwentyFourHours,
        .nature = ClockNature::kDuty,
        .responsible = Party::kHoldingPolice,
        .opened_by = Act::kForward,
        .starts_at = ClockStart::kLatestReceipt,
        .closed_by = kByForward,
    },
    {
        .kind = ClockKind::kFilingDecision,
        .id = "filing_decision",
        .name_zh = "立案审查期限",
        .name_en = "police decision on filing",
        .instrument = k310,
        .article = "第八条",
        .text = "公安机关应当自接受行政执法机关移送的涉嫌犯罪案件之日起3日内进行审查，决定立案或者"
                "不予立案，并书面通知移送案件的行政执法机关",
        .default_rule = kThreeDays,
        .nature = ClockNature::kDuty,
        .responsible = Party::kHoldingPolice,
        .opened_by = Act::kReceive,
        .starts_at = ClockStart::kOpeningAct,
        .closed_by = kByFilingDecision,
    },
    {
        .kind = ClockKind::kReconsiderationRequest,
        .id = "reconsideration_request",
        .name_zh = "提请复议或者建议立案监督期限",
        .name_en = "request for reconsideration or proposal of supervision",
        .instrument = k310,
        .article = "第九条",
        .text = "行政执法机关可以自接到不予立案通知书之日起3日内，提请作出不予立案决定的公安机关"
                "复议，也可以建议人民检察院依法进行立案监督",
        .default_rule = kThreeDays,
        .nature = ClockNature::kWindow,
        .responsible = Party::kAgency,
        .opened_by = Act::kDecline,
        .starts_at = ClockStart::kOpeningAct,
        .closed_by = kByReconsiderationRequest,
    },
    {
        .kind = ClockKind::kReconsiderationDecision,
        .id = "reconsideration_decision",
        .name_zh = "复议决定期限",
        .name_en = "police decision on reconsideration",
        .instrument = k310,
        .article = "第九条",
        .text = "作出不予立案决定的公安机关应当自收到行政执法机关提请复议的文件之日起3日内作出立案"
                "或者不予立案的决定，并书面通知移送案件的行政执法机关",
        .default_rule = kThreeDays,
        .nature = ClockNature::kDuty,
        .responsible = Party::kHoldingPolice,
        .opened_by = Act::kRequestReconsideration,
        .starts_at = ClockStart::kOpeningAct,
        .closed_by = kByReconsiderationDecision,
    },
    {
        // "应当" here binds only an agency that still objects, so the clock is a window: letting
        // it pass is no breach (types.proto; ProposeSupervision is accepted after it, art. 14).
        .kind = ClockKind::kSupervisionProposal,
        .id = "supervision_proposal",
        .name_zh = "建议立案监督期限",
        .name_en = "proposal of supervision after reconsideration",
        .instrument = k310,
        .article = "第九条",
        .text = "行政执法机关对公安机关不予立案的复议决定仍有异议的，应当自收到复议决定通知书之日起"
                "3日内建议人民检察院依法进行立案监督",
        .default_rule = kThreeDays,
        .nature = ClockNature::kWindow,
        .responsible = Party::kAgency,
        .opened_by = Act::kUpholdDecline,
        .starts_at = ClockStart::kOpeningAct,
        .closed_by = kBySupervisionProposal,
    },
    {
        .kind = ClockKind::kHandover,
        .id = "handover",
        .name_zh = "移交涉案物品期限",
        .name_en = "hand-over of seized goods and materials",
        .instrument = k310,
        .article = "第十二条",
        .text = "行政执法机关对公安机关决定立案的案件，应当自接到立案通知书之日起3日内将涉案物品"
                "以及与案件有关的其他材料移交公安机关，并办结交接手续",
        .default_rule = kThreeDays,
        .nature = ClockNature::kDuty,
        .responsible = Party::kAgency,
        .opened_by = Act::kFile,
        .starts_at = ClockStart::kOpeningAct,
        .closed_by = kByHandover,
    },
}};

}  // namespace

std::span<const ClockSpec> ClockCatalogue() { return kClocks; }

const ClockSpec* FindClock(ClockKind kind) {
  const int i = static_cast<int>(kind) - 1;
  if (i < 0 || i >= static_cast<int>(kClocks.size())) return nullptr;
  return &kClocks[i];
}

std::optional<ClockKind> ClockKindFromId(std::string_view id) {
  for (const ClockSpec& spec : kClocks) {
    if (spec.id == id) return spec.kind;
  }
  return std::nullopt;
}

}  // namespace casebridge::law::referral
