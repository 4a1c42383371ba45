#include "clients/cbctl/case_views.h"

#include <array>
#include <utility>

#include "clients/cbctl/names.h"

namespace casebridge::cbctl {
namespace {

struct MetricName {
  v1::Metric metric;
  const char* text;
  const char* unit;  // "" for money (元)
};

constexpr std::array<MetricName, 10> kMetrics = {{
    {v1::METRIC_SALES_AMOUNT, "销售金额 sales", ""},
    {v1::METRIC_ILLEGAL_BUSINESS_AMOUNT, "非法经营数额 illegal business amount", ""},
    {v1::METRIC_ILLEGAL_GAINS, "违法所得数额 illegal gains", ""},
    {v1::METRIC_UNSOLD_GOODS_VALUE, "尚未销售的货值金额 unsold goods value", ""},
    {v1::METRIC_TRIPLE_SALES_PLUS_UNSOLD_VALUE, "3×销售金额＋未售货值 3×sales + unsold", ""},
    {v1::METRIC_PRODUCTION_LOSS, "生产损失 production loss", ""},
    {v1::METRIC_RIGHT_HOLDER_LOSS, "权利人损失 right holder's loss", ""},
    {v1::METRIC_MARK_LABEL_COUNT, "注册商标标识数量 mark labels", " 件"},
    {v1::METRIC_COPY_COUNT, "侵权复制品数量 copies", " 张(份)"},
    {v1::METRIC_ACT_ITSELF, "行为本身 the act itself", ""},
}};

const MetricName* FindMetric(v1::Metric metric) {
  for (const MetricName& m : kMetrics) {
    if (m.metric == metric) return &m;
  }
  return nullptr;
}

constexpr std::array<std::pair<v1::Offence, const char*>, 12> kOffences = {{
    {v1::OFFENCE_ART140_FAKE_OR_INFERIOR_PRODUCTS, "140 生产、销售伪劣产品罪"},
    {v1::OFFENCE_ART141_COUNTERFEIT_DRUGS, "141 生产、销售、提供假药罪"},
    {v1::OFFENCE_ART144_TOXIC_OR_HARMFUL_FOOD, "144 生产、销售有毒、有害食品罪"},
    {v1::OFFENCE_ART147_FAKE_AGRICULTURAL_INPUTS, "147 生产、销售伪劣农药、兽药、化肥、种子罪"},
    {v1::OFFENCE_ART149_SPECIAL_PRODUCTS_UNDER_ART140, "149 特殊伪劣产品依第140条"},
    {v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK, "213 假冒注册商标罪"},
    {v1::OFFENCE_ART214_SELLING_COUNTERFEIT_TRADEMARK_GOODS, "214 销售假冒注册商标的商品罪"},
    {v1::OFFENCE_ART215_ILLEGAL_TRADEMARK_LABELS, "215 非法制造、销售非法制造的注册商标标识罪"},
    {v1::OFFENCE_ART216_PATENT_COUNTERFEITING, "216 假冒专利罪"},
    {v1::OFFENCE_ART217_COPYRIGHT_INFRINGEMENT, "217 侵犯著作权罪"},
    {v1::OFFENCE_ART218_SELLING_INFRINGING_COPIES, "218 销售侵权复制品罪"},
    {v1::OFFENCE_ART219_TRADE_SECRET_INFRINGEMENT, "219 侵犯商业秘密罪"},
}};

constexpr std::array<std::pair<v1::CaseFile::State, const char*>, 5> kStates = {{
    {v1::CaseFile::STATE_REGISTERED, "已立案 REGISTERED"},
    {v1::CaseFile::STATE_UNDER_INVESTIGATION, "调查取证中 UNDER_INVESTIGATION"},
    {v1::CaseFile::STATE_PENALTY_DECIDED, "已处罚 PENALTY_DECIDED"},
    {v1::CaseFile::STATE_REFERRED, "已移送 REFERRED"},
    {v1::CaseFile::STATE_CLOSED, "已结案 CLOSED"},
}};

// Enum name without its prefix, e.g. IP_RIGHT_TRADEMARK → TRADEMARK.
std::string Short(const std::string& name, const std::string& prefix) {
  return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
}

std::string PartyName(const v1::Party& p) {
  return p.has_organisation() ? p.organisation().registered_name() : p.natural_person().full_name();
}

std::string CapacityText(v1::Party::Capacity capacity) {
  switch (capacity) {
    case v1::Party::CAPACITY_RESPONDENT:
      return "当事人 respondent";
    case v1::Party::CAPACITY_RIGHT_HOLDER:
      return "权利人 right holder";
    case v1::Party::CAPACITY_OTHER:
      return "其他 other";
    default:
      return "?";
  }
}

}  // namespace

std::string ActorText(const v1::Actor& a) {
  return a.user() + (a.display_name().empty() ? "" : " (" + a.display_name() + ")");
}

std::unique_ptr<v1::IntakeService::Stub> Intake(const Session& session) {
  return v1::IntakeService::NewStub(session.Channel(session.config().intake_endpoint));
}

int FailIntake(const Printer& printer, const grpc::Status& status, const Session& session,
               const FileInput* input) {
  if (input == nullptr) return printer.Error(status, "intake", session.config().intake_endpoint);
  return FailIntake(printer, status, session,
                    [input](const std::string& field) { return input->Where(field); });
}

int FailIntake(const Printer& printer, const grpc::Status& status, const Session& session,
               const std::function<std::string(const std::string& field)>& where) {
  return printer.Error(status, "intake", session.config().intake_endpoint, where);
}

std::string FenToYuan(int64_t fen) {
  // Unsigned, so the most negative int64 has a magnitude too.
  const uint64_t magnitude =
      fen < 0 ? uint64_t{0} - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  const uint64_t cents = magnitude % 100;
  // Grouped by thousands, as the assessment's explanations print amounts.
  std::string whole = std::to_string(magnitude / 100);
  for (size_t i = whole.size(); i > 3; i -= 3) whole.insert(i - 3, ",");
  return (fen < 0 ? "-" : "") + whole + (cents < 10 ? ".0" : ".") + std::to_string(cents);
}

std::string DateText(const v1::Date& d) {
  if (d.year() == 0) return "";
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", d.year(), d.month(), d.day());
  return text;
}

std::string OutcomeText(v1::AssessmentOutcome outcome) {
  switch (outcome) {
    case v1::ASSESSMENT_OUTCOME_MET:
      return "达到追诉标准 MET";
    case v1::ASSESSMENT_OUTCOME_NEAR:
      return "接近追诉标准 NEAR";
    case v1::ASSESSMENT_OUTCOME_NOT_MET:
      return "未达到 NOT_MET";
    case v1::ASSESSMENT_OUTCOME_INSUFFICIENT_DATA:
      return "数据不足 INSUFFICIENT_DATA";
    default:
      return "未评估 not assessed";
  }
}

std::string FlagText(const v1::CaseFile& c) {
  return c.flagged() ? "⚠ " + OutcomeText(c.assessment().overall_outcome()) : "";
}

std::string CaseStateText(v1::CaseFile::State state) {
  for (const auto& [s, text] : kStates) {
    if (s == state) return text;
  }
  return "?";
}

std::optional<v1::CaseFile::State> ParseCaseState(const std::string& text) {
  std::string upper;
  for (char c : text) upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  for (char& c : upper) c = c == '-' ? '_' : c;
  v1::CaseFile::State state;
  if (v1::CaseFile::State_Parse(upper, &state) ||
      v1::CaseFile::State_Parse("STATE_" + upper, &state))
    return state;
  return std::nullopt;
}

std::string RespondentText(const v1::CaseFile& c) {
  std::string first;
  int count = 0;
  for (const v1::Party& p : c.parties()) {
    if (p.capacity() != v1::Party::CAPACITY_RESPONDENT) continue;
    if (count++ == 0) first = PartyName(p);
  }
  return count > 1 ? first + " 等 " + std::to_string(count) + " 人 / +" + std::to_string(count - 1)
                   : first;
}

std::string OffenceText(v1::Offence offence) {
  for (const auto& [o, text] : kOffences) {
    if (o == offence) return text;
  }
  return v1::Offence_Name(offence);
}

Fields CaseFields(const v1::CaseFile& c) {
  Fields f = {{"name", c.name()},
              {"立案编号 case number", c.case_number()},
              {"agency", c.agency() + " (" + c.region_code() + ")"},
              {"state", CaseStateText(c.state())},
              {"procedure", c.procedure() == v1::CaseFile::PROCEDURE_GENERAL ? "一般程序 general"
                            : c.procedure() == v1::CaseFile::PROCEDURE_SIMPLE ? "简易程序 simple"
                                                                              : ""},
              {"立案日期 registered", DateText(c.register_date())}};
  std::string officers;
  for (const std::string& o : c.handling_officers()) officers += (officers.empty() ? "" : ", ") + o;
  f.emplace_back("承办人 officers", officers);
  for (const v1::Party& p : c.parties()) {
    std::string text = CapacityText(p.capacity()) + ": " + PartyName(p);
    if (p.has_organisation() && !p.organisation().unified_social_credit_code().empty()) {
      text += " (" + p.organisation().unified_social_credit_code() + ")";
    }
    f.emplace_back("party " + p.party_id(), text);
  }
  f.emplace_back("案由 cause", c.cause());
  if (!c.goods_description().empty()) f.emplace_back("涉案商品 goods", c.goods_description());
  for (const v1::LegalBasis& b : c.violated_provisions()) {
    f.emplace_back("违反条款 provision", b.instrument() + " " + b.article());
  }
  const v1::ThresholdFacts& t = c.threshold_facts();
  f.emplace_back("知识产权 IP right", Short(v1::IpRight_Name(t.ip_right()), "IP_RIGHT_"));
  if (t.ip_right() == v1::IP_RIGHT_TRADEMARK) {
    f.emplace_back("商标关系 mark",
                   Short(v1::MarkRelation_Name(t.mark_relation()), "MARK_RELATION_"));
  }
  const v1::ThresholdAmounts& a = t.amounts();
  const std::pair<bool, std::pair<const char*, int64_t>> amounts[] = {
      {a.has_sales_amount_fen(), {"销售金额 sales", a.sales_amount_fen()}},
      {a.has_illegal_business_amount_fen(),
       {"非法经营数额 business", a.illegal_business_amount_fen()}},
      {a.has_illegal_gains_fen(), {"违法所得 gains", a.illegal_gains_fen()}},
      {a.has_unsold_goods_value_fen(), {"未售货值 unsold", a.unsold_goods_value_fen()}},
      {a.has_production_loss_fen(), {"生产损失 production loss", a.production_loss_fen()}},
      {a.has_right_holder_loss_fen(), {"权利人损失 holder's loss", a.right_holder_loss_fen()}},
  };
  for (const auto& [has, amount] : amounts) {
    if (has) f.emplace_back(amount.first, FenToYuan(amount.second) + " 元");
  }
  if (t.has_act_start_date() || t.has_act_end_date()) {
    f.emplace_back("行为日期 act dates",
                   DateText(t.act_start_date()) + " – " +
                       (t.has_act_end_date() ? DateText(t.act_end_date()) : "持续中 ongoing"));
  }
  f.emplace_back("追诉标准 assessment",
                 (c.flagged() ? FlagText(c) : OutcomeText(c.assessment().overall_outcome())) +
                     " (rule set v" + std::to_string(c.assessment().rule_set_version()) + ")");
  f.emplace_back("涉案物品 seized items", std::to_string(c.seized_items_size()));
  f.emplace_back("材料 documents", std::to_string(c.documents_size()));
  f.emplace_back("处罚决定 penalties", std::to_string(c.penalty_decisions_size()));
  for (const v1::ReferralLink& r : c.referrals()) {
    f.emplace_back("移送 referral",
                   r.referral() + " " + Short(v1::ReferralLink::Stage_Name(r.stage()), "STAGE_"));
  }
  f.emplace_back("created", TimestampText(c.create_time()) + " by " + ActorText(c.created_by()));
  f.emplace_back("updated", TimestampText(c.update_time()));
  f.emplace_back("etag", c.etag());
  return f;
}

std::vector<std::string> CaseListHeaders() {
  return {"NAME", "立案编号", "STATE", "FLAGGED", "OUTCOME", "RESPONDENT", "REGISTERED"};
}

std::vector<std::string> CaseListRow(const v1::CaseFile& c) {
  return {c.name(),
          c.case_number(),
          CaseStateText(c.state()),
          c.flagged() ? "⚠ 是 yes" : "",
          OutcomeText(c.assessment().overall_outcome()),
          RespondentText(c),
          DateText(c.register_date())};
}

std::vector<std::string> AssessmentHeaders() {
  return {"OFFENCE", "ARTICLE", "OUTCOME", "METRIC", "VALUE (元)", "THRESHOLD (元)", "EXPLANATION"};
}

std::vector<std::vector<std::string>> AssessmentRows(const v1::ThresholdAssessment& assessment) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::OffenceAssessment& o : assessment.offences()) {
    const MetricName* metric = FindMetric(o.metric());
    const std::string unit = metric ? metric->unit : "";
    std::string value, threshold;
    if (o.has_value_amount_fen()) value = FenToYuan(o.value_amount_fen());
    if (o.has_value_count()) value = std::to_string(o.value_count()) + unit;
    if (o.has_threshold_amount_fen()) threshold = FenToYuan(o.threshold_amount_fen());
    if (o.has_threshold_count()) threshold = std::to_string(o.threshold_count()) + unit;
    const bool flag =
        o.outcome() == v1::ASSESSMENT_OUTCOME_MET || o.outcome() == v1::ASSESSMENT_OUTCOME_NEAR;
    rows.push_back({OffenceText(o.offence()), o.article(),
                    (flag ? "⚠ " : "") + OutcomeText(o.outcome()), metric ? metric->text : "",
                    value, threshold, o.explanation()});
  }
  return rows;
}

std::string EventLine(const v1::CaseEvent& e) {
  std::string line = std::to_string(e.header().sequence()) + "  " +
                     TimestampText(e.header().event_time()) + "  " +
                     Short(v1::CaseEvent::Type_Name(e.type()), "TYPE_") + "  " + e.case_file() +
                     "  " + ActorText(e.header().actor());
  if (!e.subject().empty()) line += "  " + e.subject();
  if (e.snapshot().flagged()) line += "  " + FlagText(e.snapshot());
  return line;
}

}  // namespace casebridge::cbctl
