#include "clients/cbctl/case_record_views.h"

#include <map>

#include "clients/cbctl/case_views.h"
#include "clients/cbctl/names.h"

namespace casebridge::cbctl {
namespace {

// The Chinese term of each choice officers see, by the value's name within casebridge.v1.
const std::map<std::string, std::string>& ChineseTerms() {
  static const std::map<std::string, std::string> kTerms = {
      {"SeizedItem.STATE_IN_CUSTODY", "在案保管"},
      {"SeizedItem.STATE_DISPOSED", "已处置"},
      {"SeizedItem.MEASURE_SEALED_UP", "查封"},
      {"SeizedItem.MEASURE_DETAINED", "扣押"},
      {"SeizedItem.MEASURE_REGISTERED_PRESERVATION", "先行登记保存"},
      {"SeizedItem.MEASURE_SAMPLED", "抽样取证"},
      {"SeizedItem.VALUATION_ACTUAL_PRICE", "实际销售价格"},
      {"SeizedItem.VALUATION_MARKED_PRICE", "标价"},
      {"SeizedItem.VALUATION_AVERAGE_PRICE", "实际销售平均价格"},
      {"SeizedItem.VALUATION_GENUINE_MARKET_PRICE", "被侵权产品市场中间价格"},
      {"SeizedItem.VALUATION_PRICE_APPRAISAL", "价格认定"},
      {"SeizedItemDisposal.KIND_KEPT", "留存"},
      {"SeizedItemDisposal.KIND_HANDED_OVER", "移交"},
      {"SeizedItemDisposal.KIND_RETURNED", "退还"},
      {"SeizedItemDisposal.KIND_DESTROYED_HARMLESSLY", "无害化销毁"},
      {"SeizedItemDisposal.KIND_OTHER", "其他"},
      {"CaseDocument.KIND_INSPECTION_REPORT", "检验报告"},
      {"CaseDocument.KIND_APPRAISAL_OPINION", "鉴定意见"},
      {"CaseDocument.KIND_RIGHT_HOLDER_IDENTIFICATION", "权利人鉴别意见"},
      {"CaseDocument.KIND_PRICE_APPRAISAL", "价格认定结论书"},
      {"CaseDocument.KIND_INQUIRY_RECORD", "询问笔录"},
      {"CaseDocument.KIND_SITE_INSPECTION_RECORD", "现场检查笔录"},
      {"CaseDocument.KIND_SEIZURE_DECISION", "查封(扣押)决定书"},
      {"CaseDocument.KIND_SEIZED_GOODS_LIST", "涉案物品清单"},
      {"CaseDocument.KIND_EVIDENCE", "其他证据"},
      {"CaseDocument.KIND_PENALTY_DECISION", "行政处罚决定书"},
      {"CaseDocument.KIND_DISPOSAL_RECORD", "处置记录"},
      {"CaseDocument.KIND_OTHER", "其他"},
      {"PenaltyDecision.STATE_IN_FORCE", "有效"},
      {"PenaltyDecision.STATE_REVOKED", "已撤销/变更"},
      {"PenaltyDecision.MITIGATION_NONE", "无"},
      {"PenaltyDecision.MITIGATION_LIGHTER", "从轻处罚"},
      {"PenaltyDecision.MITIGATION_REDUCED", "减轻处罚"},
      {"PenaltyDecision.EXECUTION_STATE_PENDING", "待履行"},
      {"PenaltyDecision.EXECUTION_STATE_PARTIALLY_EXECUTED", "部分履行"},
      {"PenaltyDecision.EXECUTION_STATE_EXECUTED", "已履行完毕"},
      {"PenaltyDecision.EXECUTION_STATE_COMPULSORY_EXECUTION", "申请法院强制执行"},
      {"PenaltyDecision.Penalty.KIND_WARNING", "警告"},
      {"PenaltyDecision.Penalty.KIND_PUBLIC_CRITICISM", "通报批评"},
      {"PenaltyDecision.Penalty.KIND_FINE", "罚款"},
      {"PenaltyDecision.Penalty.KIND_CONFISCATE_ILLEGAL_GAINS", "没收违法所得"},
      {"PenaltyDecision.Penalty.KIND_CONFISCATE_ILLEGAL_PROPERTY", "没收非法财物"},
      {"PenaltyDecision.Penalty.KIND_SUSPEND_LICENCE", "暂扣许可证件"},
      {"PenaltyDecision.Penalty.KIND_LOWER_QUALIFICATION", "降低资质等级"},
      {"PenaltyDecision.Penalty.KIND_REVOKE_LICENCE", "吊销许可证件"},
      {"PenaltyDecision.Penalty.KIND_RESTRICT_BUSINESS", "限制开展生产经营活动"},
      {"PenaltyDecision.Penalty.KIND_ORDER_SUSPENSION", "责令停产停业"},
      {"PenaltyDecision.Penalty.KIND_ORDER_CLOSURE", "责令关闭"},
      {"PenaltyDecision.Penalty.KIND_RESTRICT_PRACTICE", "限制从业"},
      {"PenaltyDecision.Penalty.KIND_OTHER", "其他行政处罚"},
      {"PenaltyDecision.Revocation.KIND_REVOKED_BY_AGENCY", "本机关自行撤销"},
      {"PenaltyDecision.Revocation.KIND_CHANGED", "变更"},
      {"PenaltyDecision.Revocation.KIND_ANNULLED_ON_RECONSIDERATION", "复议撤销"},
      {"PenaltyDecision.Revocation.KIND_ANNULLED_BY_COURT", "法院判决撤销"},
      {"CaseClosure.REASON_PENALTY_EXECUTED", "处罚决定执行完毕"},
      {"CaseClosure.REASON_FACTS_NOT_ESTABLISHED", "违法事实不能成立"},
      {"CaseClosure.REASON_NOT_PUNISHABLE", "依法不予行政处罚"},
      {"CaseClosure.REASON_REFERRED_AND_FILED", "移送公安机关并已立案"},
      {"CaseClosure.REASON_TRANSFERRED_TO_OTHER_AUTHORITY", "移送其他有管辖权的机关"},
      {"CaseClosure.REASON_INVESTIGATION_TERMINATED", "终止调查"},
      {"CaseClosure.REASON_OTHER", "其他"},
      {"StatutoryClock.STATE_OPEN", "计时中"},
      {"StatutoryClock.STATE_MET", "按时完成"},
      {"StatutoryClock.STATE_MISSED", "超期"},
      {"StatutoryClock.STATE_LAPSED", "期限届满"},
      {"StatutoryClock.STATE_CANCELLED", "终止"},
  };
  return kTerms;
}

std::string Joined(const google::protobuf::RepeatedPtrField<std::string>& values) {
  std::string text;
  for (const std::string& v : values) text += (text.empty() ? "" : ", ") + v;
  return text;
}

// Adds `key: value` unless value is empty.
void AddIf(Fields& f, const std::string& key, const std::string& value) {
  if (!value.empty()) f.emplace_back(key, value);
}

std::string PenaltyText(const v1::PenaltyDecision::Penalty& p) {
  std::string text = ChoiceText(v1::PenaltyDecision::Penalty::Kind_descriptor(), p.kind());
  if (p.amount_fen() != 0) text += " " + FenToYuan(p.amount_fen()) + " 元";
  if (!p.description().empty()) text += "（" + p.description() + "）";
  if (p.seized_items_size() > 0) text += " " + Joined(p.seized_items());
  return text;
}

std::string ClockText(const v1::StatutoryClock& clock) {
  std::string text = ChoiceText(v1::StatutoryClock::State_descriptor(), clock.state());
  if (clock.has_due_date()) text += ", 期限 due " + DateText(clock.due_date());
  return text;
}

}  // namespace

std::string ChoiceText(const google::protobuf::EnumDescriptor* e, int value) {
  const google::protobuf::EnumValueDescriptor* v = e->FindValueByNumber(value);
  if (v == nullptr || value == 0) return "";
  std::string scope = v->full_name();
  scope = scope.substr(0, scope.size() - v->name().size());  // "casebridge.v1.SeizedItem."
  if (scope.rfind("casebridge.v1.", 0) == 0) scope = scope.substr(14);
  // The contract's name without the prefix the enum's values share (STATE_, KIND_, ...).
  std::string prefix = e->value(0)->name();
  prefix = prefix.substr(0, prefix.rfind("UNSPECIFIED"));
  const std::string short_name =
      v->name().rfind(prefix, 0) == 0 ? v->name().substr(prefix.size()) : v->name();
  auto it = ChineseTerms().find(scope + v->name());
  return it == ChineseTerms().end() ? short_name : it->second + " " + short_name;
}

std::string BytesText(int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  const char* units[] = {"KiB", "MiB", "GiB"};
  int64_t scale = 1024;
  int unit = 0;
  while (unit < 2 && bytes >= scale * 1024) {
    scale *= 1024;
    ++unit;
  }
  const int64_t tenths = (bytes * 10 + scale / 2) / scale;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " " + units[unit];
}

Fields SeizedItemFields(const v1::SeizedItem& item) {
  Fields f = {{"name", item.name()},
              {"品名 goods", item.goods_name()},
              {"状态 state", ChoiceText(v1::SeizedItem::State_descriptor(), item.state())}};
  AddIf(f, "标识 brand", item.brand());
  AddIf(f, "规格 specification", item.specification());
  f.emplace_back("数量 quantity", item.quantity() + " " + item.unit());
  if (item.has_unit_price_fen())
    f.emplace_back("单价 unit price", FenToYuan(item.unit_price_fen()) + " 元");
  if (item.has_value_fen()) f.emplace_back("货值 value", FenToYuan(item.value_fen()) + " 元");
  AddIf(f, "计价 valuation", ChoiceText(v1::SeizedItem::Valuation_descriptor(), item.valuation()));
  f.emplace_back(
      "措施 measure",
      ChoiceText(v1::SeizedItem::Measure_descriptor(), item.measure()) +
          (item.measure_document_number().empty() ? "" : " " + item.measure_document_number()));
  AddIf(f, "查封时间 seized", TimestampText(item.seize_time()));
  AddIf(f, "存放地点 storage", item.storage_location());
  AddIf(f, "保管人 custodian", item.custodian());
  if (item.perishable()) f.emplace_back("易腐烂变质 perishable", "是 yes");
  if (item.needs_testing()) f.emplace_back("需检验鉴定 needs testing", "是 yes");
  AddIf(f, "检验材料 inspection documents", Joined(item.inspection_documents()));
  AddIf(f, "所有人 owner party", item.owner_party_id());
  AddIf(f, "备注 note", item.note());
  if (item.state() == v1::SeizedItem::STATE_DISPOSED) {
    const v1::SeizedItemDisposal& d = item.disposal();
    f.emplace_back("处置 disposal",
                   ChoiceText(v1::SeizedItemDisposal::Kind_descriptor(), d.kind()));
    AddIf(f, "处置时间 disposed", TimestampText(d.dispose_time()));
    AddIf(f, "接收单位 recipient organisation", d.recipient_organisation());
    AddIf(f, "接收人 recipient", d.recipient_name());
    AddIf(f, "移送 referral", d.referral());
    AddIf(f, "销毁单位 destroying unit", d.destroying_unit());
    AddIf(f, "销毁方式 method", d.destruction_method());
    AddIf(f, "处置材料 documents", Joined(d.documents()));
    AddIf(f, "说明理由 justification", d.justification_when_threshold_met());
    AddIf(f, "处置备注 disposal note", d.note());
    f.emplace_back("处置登记 recorded",
                   TimestampText(d.record_time()) + " by " + ActorText(d.recorded_by()));
  }
  f.emplace_back("created", TimestampText(item.create_time()));
  f.emplace_back("updated", TimestampText(item.update_time()));
  f.emplace_back("etag", item.etag());
  return f;
}

std::vector<std::string> SeizedItemHeaders() {
  return {"NAME", "品名 GOODS", "BRAND", "QUANTITY", "VALUE (元)", "MEASURE", "STATE", "STORAGE"};
}

std::vector<std::string> SeizedItemRow(const v1::SeizedItem& item) {
  std::string state = ChoiceText(v1::SeizedItem::State_descriptor(), item.state());
  if (item.state() == v1::SeizedItem::STATE_DISPOSED) {
    state += ": " + ChoiceText(v1::SeizedItemDisposal::Kind_descriptor(), item.disposal().kind());
  }
  return {item.name(),
          item.goods_name(),
          item.brand(),
          item.quantity() + " " + item.unit(),
          item.has_value_fen() ? FenToYuan(item.value_fen()) : "",
          ChoiceText(v1::SeizedItem::Measure_descriptor(), item.measure()),
          state,
          item.storage_location()};
}

Fields DocumentFields(const v1::CaseDocument& d) {
  Fields f = {{"name", d.name()},
              {"类型 kind", ChoiceText(v1::CaseDocument::Kind_descriptor(), d.kind())},
              {"标题 title", d.title()}};
  AddIf(f, "出具单位 issuer", d.issuer());
  AddIf(f, "出具日期 issued", DateText(d.issue_date()));
  f.emplace_back("文件 file", d.content().file_name() + " (" + d.content().media_type() + ")");
  f.emplace_back("大小 size", BytesText(d.content().size_bytes()) + " (" +
                                  std::to_string(d.content().size_bytes()) + " bytes)");
  f.emplace_back("SHA-256", d.content().sha256_hex());
  AddIf(f, "涉案物品 seized items", Joined(d.seized_items()));
  AddIf(f, "替代 supersedes", d.supersedes());
  AddIf(f, "说明 description", d.description());
  f.emplace_back("uploaded", TimestampText(d.content().create_time()) + " by " +
                                 ActorText(d.content().uploaded_by()));
  return f;
}

std::vector<std::string> DocumentHeaders() {
  return {"NAME", "KIND", "TITLE", "ISSUER", "ISSUED", "FILE", "SIZE", "SHA-256"};
}

std::vector<std::string> DocumentRow(const v1::CaseDocument& d) {
  return {d.name(),
          ChoiceText(v1::CaseDocument::Kind_descriptor(), d.kind()),
          d.title(),
          d.issuer(),
          DateText(d.issue_date()),
          d.content().file_name(),
          BytesText(d.content().size_bytes()),
          d.content().sha256_hex().substr(0, 16) + "…"};
}

Fields PenaltyDecisionFields(const v1::PenaltyDecision& d) {
  using D = v1::PenaltyDecision;
  Fields f = {{"name", d.name()},
              {"文号 decision number", d.decision_number()},
              {"决定日期 decided", DateText(d.decision_date())},
              {"状态 state", ChoiceText(D::State_descriptor(), d.state())},
              {"被处罚人 parties", Joined(d.party_ids())}};
  for (const D::Penalty& p : d.penalties()) f.emplace_back("处罚 penalty", PenaltyText(p));
  for (const v1::LegalBasis& b : d.legal_basis()) {
    f.emplace_back("处罚依据 legal basis", b.instrument() + " " + b.article());
  }
  const bool has_min = d.has_statutory_fine_minimum_fen();
  const bool has_max = d.has_statutory_fine_maximum_fen();
  if (has_min || has_max) {
    const std::string min = FenToYuan(d.statutory_fine_minimum_fen());
    const std::string max = FenToYuan(d.statutory_fine_maximum_fen());
    f.emplace_back("法定罚款幅度 statutory range", (has_min && has_max ? min + " – " + max
                                                    : has_min          ? "≥ " + min
                                                                       : "≤ " + max) +
                                                       " 元");
  }
  AddIf(f, "从轻减轻 mitigation", ChoiceText(D::Mitigation_descriptor(), d.mitigation()));
  AddIf(f, "理由 mitigation reason", d.mitigation_reason());
  AddIf(f, "履行方式 compliance", d.compliance_method());
  AddIf(f, "履行期限 deadline", DateText(d.compliance_deadline()));
  AddIf(f, "说明理由 justification", d.justification_when_threshold_met());
  AddIf(f, "依据的移送 referral", d.justifying_referral());
  f.emplace_back("决定时评估 assessment then",
                 OutcomeText(d.assessment_at_decision().overall_outcome()) + " (rule set v" +
                     std::to_string(d.assessment_at_decision().rule_set_version()) + ")");
  AddIf(f, "不予公示 not published", d.disclosure_exemption());
  if (d.has_serious_dishonesty_listing()) {
    f.emplace_back("严重违法失信名单 listing",
                   d.serious_dishonesty_listing().decision_number() + " " +
                       DateText(d.serious_dishonesty_listing().listing_date()));
  }
  AddIf(f, "决定书 document", d.decision_document());
  AddIf(f, "替代 supersedes", d.supersedes());
  if (d.has_execution()) {
    const D::Execution& e = d.execution();
    f.emplace_back("履行 execution",
                   ChoiceText(D::ExecutionState_descriptor(), e.state()) + ", 已缴 paid " +
                       FenToYuan(e.paid_amount_fen()) + " 元" +
                       (e.has_completion_date() ? ", 完毕 " + DateText(e.completion_date()) : ""));
    AddIf(f, "履行说明 execution note", e.note());
  }
  if (d.has_revocation()) {
    const D::Revocation& r = d.revocation();
    AddIf(f, "撤销 revocation",
          ChoiceText(D::Revocation::Kind_descriptor(), r.kind()) +
              (r.document_number().empty() ? "" : " " + r.document_number()) +
              (r.has_revocation_date() ? " " + DateText(r.revocation_date()) : ""));
    AddIf(f, "撤销理由 reasons", r.reasons());
    AddIf(f, "变更为 replaced by", r.replaced_by());
  }
  if (d.has_entry_clock()) f.emplace_back("录入时限 entry clock", ClockText(d.entry_clock()));
  f.emplace_back("recorded", TimestampText(d.create_time()) + " by " + ActorText(d.recorded_by()));
  f.emplace_back("etag", d.etag());
  return f;
}

std::vector<std::string> PenaltyDecisionHeaders() {
  return {"NAME", "文号 NUMBER", "DECIDED", "PENALTIES", "STATE", "EXECUTION"};
}

std::vector<std::string> PenaltyDecisionRow(const v1::PenaltyDecision& d) {
  std::string penalties;
  for (const auto& p : d.penalties()) penalties += (penalties.empty() ? "" : "; ") + PenaltyText(p);
  return {d.name(),
          d.decision_number(),
          DateText(d.decision_date()),
          penalties,
          ChoiceText(v1::PenaltyDecision::State_descriptor(), d.state()),
          ChoiceText(v1::PenaltyDecision::ExecutionState_descriptor(), d.execution().state())};
}

Fields ClosureFields(const v1::CaseClosure& c) {
  Fields f = {{"结案方式 closed as", ChoiceText(v1::CaseClosure::Reason_descriptor(), c.reason())},
              {"结案日期 close date", DateText(c.close_date())}};
  AddIf(f, "结案说明 note", c.note());
  AddIf(f, "说明理由 justification", c.justification_when_threshold_met());
  f.emplace_back("closed", TimestampText(c.close_time()) + " by " + ActorText(c.closed_by()));
  return f;
}

}  // namespace casebridge::cbctl
