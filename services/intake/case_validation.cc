#include "services/intake/case_validation.h"

#include <google/protobuf/descriptor.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>

#include "services/intake/party_validation.h"

namespace casebridge::intake {
namespace {

using validation::CheckText;
using validation::TextRule;

// Bounds on repeated fields, so one request cannot grow without limit.
constexpr int kMaxHandlingOfficers = 20;
constexpr int kMaxParties = 200;
constexpr int kMaxViolatedProvisions = 50;
// The largest amount (fen) or count the threshold engine accepts, 10^15 (10万亿元); see
// law::threshold_internal::kMaxValue.
constexpr std::int64_t kMaxValue = 1'000'000'000'000'000;

constexpr TextRule kCaseNumber{"立案编号", "case number", 100, true};
constexpr TextRule kCause{"案由", "cause of the case", 200, true};
constexpr TextRule kGoodsDescription{"涉案商品或服务", "description of the goods or services", 2000,
                                     false, false};
constexpr TextRule kFacts{"案情（违法事实）", "facts of the case", 20000, false, false};
constexpr TextRule kInstrument{"法律文件名称", "name of the law or regulation", 200, true};
constexpr TextRule kArticle{"条款", "article", 100};
constexpr TextRule kProvisionText{"条文内容", "text of the provision", 2000, false, false};

std::string Index(const std::string& path, int i) { return path + "[" + std::to_string(i) + "]"; }

// The date when `date` is a real calendar date in 1900-9999 (types.proto), else nullopt.
std::optional<std::chrono::year_month_day> ToYmd(const v1::Date& date) {
  if (date.year() < 1900 || date.year() > 9999 || date.month() < 1 || date.month() > 12 ||
      date.day() < 1 || date.day() > 31) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{date.year()},
                                        std::chrono::month{static_cast<unsigned>(date.month())},
                                        std::chrono::day{static_cast<unsigned>(date.day())}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

// Checks a set date: real, and not after today. Returns it when both hold.
std::optional<std::chrono::year_month_day> CheckPastDate(const v1::Date& date, const char* label_zh,
                                                         const char* label_en,
                                                         std::chrono::year_month_day today,
                                                         const std::string& path,
                                                         core::FieldViolations& v) {
  const std::optional<std::chrono::year_month_day> ymd = ToYmd(date);
  if (!ymd) {
    v.Add(path, std::string(label_zh) + "不是真实存在的日期（年份 1900-9999） / the " + label_en +
                    " is not a real date (year 1900-9999)");
  } else if (*ymd > today) {
    v.Add(path,
          std::string(label_zh) + "不能晚于今天 / the " + label_en + " cannot be after today");
    return std::nullopt;
  }
  return ymd;
}

void ValidateHandlingOfficers(const v1::CaseFile& c, const std::string& path,
                              core::FieldViolations& v) {
  static const std::regex kUserName("^users/[a-z][a-z0-9.-]{1,61}[a-z0-9]$");
  if (c.handling_officers_size() > kMaxHandlingOfficers) {
    v.Add(path, "承办人不能超过 20 名 / at most 20 handling officers");
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < c.handling_officers_size(); ++i) {
    const std::string& officer = c.handling_officers(i);
    if (!std::regex_match(officer, kUserName)) {
      v.Add(Index(path, i),
            "承办人须为平台用户，格式 users/{登录名}，如 users/zhang.wei / a handling officer is a "
            "platform user, written users/{id}, e.g. users/zhang.wei");
    } else if (!seen.insert(officer).second) {
      v.Add(Index(path, i), "承办人重复 / this handling officer is listed twice");
    }
  }
  if (seen.size() < 2) {
    v.Add(path,
          "须至少两名承办人（行政处罚法第四十二条） / at least two handling officers are required "
          "(Administrative Penalty Law art. 42)");
  }
}

void ValidateParties(const v1::CaseFile& c, std::chrono::year_month_day today,
                     const std::string& path, core::FieldViolations& v) {
  if (c.parties_size() > kMaxParties) {
    v.Add(path, "当事人及涉案人员不能超过 200 个 / at most 200 parties per case");
    return;
  }
  bool has_respondent = false;
  std::set<std::string> party_ids;
  for (int i = 0; i < c.parties_size(); ++i) {
    const v1::Party& party = c.parties(i);
    has_respondent = has_respondent || party.capacity() == v1::Party::CAPACITY_RESPONDENT;
    const std::string party_path = Index(path, i);
    validation::ValidateParty(party, today, party_path, v);
    // A malformed id is reported by ValidateParty; only well-formed ones are compared.
    if (validation::IsValidPartyId(party.party_id()) &&
        !party_ids.insert(party.party_id()).second) {
      v.Add(party_path + ".party_id",
            "当事人编号与前面的当事人重复 / another party of this case already has this id");
    }
  }
  if (!has_respondent) {
    v.Add(path,
          "须至少有一名当事人（涉案身份为“当事人”） / at least one party must be the respondent "
          "(当事人), the one who may be penalised or referred");
  }
}

void ValidateViolatedProvisions(const v1::CaseFile& c, const std::string& path,
                                core::FieldViolations& v) {
  if (c.violated_provisions_size() > kMaxViolatedProvisions) {
    v.Add(path, "违反的法律条款不能超过 50 条 / at most 50 violated provisions");
    return;
  }
  for (int i = 0; i < c.violated_provisions_size(); ++i) {
    const v1::LegalBasis& basis = c.violated_provisions(i);
    const std::string item = Index(path, i);
    CheckText(basis.instrument(), kInstrument, item + ".instrument", v);
    CheckText(basis.article(), kArticle, item + ".article", v);
    CheckText(basis.text(), kProvisionText, item + ".text", v);
  }
}

// Enum fields of `message` holding a number their enum does not define (proto3 keeps those).
void CheckEnumValues(const google::protobuf::Message& message, const std::string& path,
                     core::FieldViolations& v) {
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  const google::protobuf::Reflection* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_ENUM || field->is_repeated()) {
      continue;
    }
    const int number = reflection->GetEnumValue(message, field);
    if (field->enum_type()->FindValueByNumber(number) == nullptr) {
      v.Add(path + "." + field->name(), "未知的选项值 " + std::to_string(number) +
                                            " / unknown choice " + std::to_string(number));
    }
  }
}

struct AmountField {
  const char* name;
  const char* label_zh;
  bool (v1::ThresholdAmounts::*has)() const;
  std::int64_t (v1::ThresholdAmounts::*get)() const;
};

void CheckAmounts(const v1::ThresholdAmounts& amounts, const std::string& path,
                  core::FieldViolations& v) {
  using A = v1::ThresholdAmounts;
  static constexpr AmountField kFields[] = {
      {"sales_amount_fen", "销售金额", &A::has_sales_amount_fen, &A::sales_amount_fen},
      {"illegal_business_amount_fen", "非法经营数额", &A::has_illegal_business_amount_fen,
       &A::illegal_business_amount_fen},
      {"illegal_gains_fen", "违法所得数额", &A::has_illegal_gains_fen, &A::illegal_gains_fen},
      {"unsold_goods_value_fen", "尚未销售的货值金额", &A::has_unsold_goods_value_fen,
       &A::unsold_goods_value_fen},
      {"production_loss_fen", "生产损失", &A::has_production_loss_fen, &A::production_loss_fen},
      {"right_holder_loss_fen", "权利人损失", &A::has_right_holder_loss_fen,
       &A::right_holder_loss_fen},
  };
  for (const AmountField& field : kFields) {
    if (!(amounts.*field.has)()) continue;
    const std::int64_t value = (amounts.*field.get)();
    if (value < 0) {
      v.Add(path + "." + field.name, std::string(field.label_zh) +
                                         "不能为负数（单位：分）；未查明请留空 / amounts cannot be "
                                         "negative (in fen); leave it empty when unknown");
    } else if (value > kMaxValue) {
      v.Add(path + "." + field.name,
            std::string(field.label_zh) +
                "超过 10 万亿元，请核对单位是否为分 / the amount exceeds 10 trillion yuan; "
                "amounts are in fen (分), please check");
    }
  }
}

void CheckCount(bool has, std::int64_t value, const char* label_zh, const std::string& path,
                core::FieldViolations& v) {
  if (!has) return;
  if (value < 0) {
    v.Add(path, std::string(label_zh) +
                    "不能为负数；未查明请留空 / counts cannot be negative; leave it empty when "
                    "unknown");
  } else if (value > kMaxValue) {
    v.Add(path, std::string(label_zh) + "数值过大，请核对 / the count is implausibly large");
  }
}

void ValidateThresholdFacts(const v1::ThresholdFacts& facts, std::chrono::year_month_day today,
                            const std::string& path, core::FieldViolations& v) {
  CheckEnumValues(facts, path, v);
  const v1::IpRight ip_right = facts.ip_right();

  if (ip_right == v1::IP_RIGHT_TRADEMARK &&
      facts.mark_relation() == v1::MARK_RELATION_UNSPECIFIED) {
    v.Add(path + ".mark_relation",
          "商标案件须写明所用商标与注册商标的关系：相同、近似或尚未查明 / a trademark case must "
          "record how the mark used relates to the registered mark: identical, similar or not yet "
          "determined");
  }

  // Numbers of marks and patents: non-negative, at least one when the case is about that right,
  // none when the case involves no IP right at all.
  if (facts.has_mark_count()) {
    const std::string mark_path = path + ".mark_count";
    if (facts.mark_count() < 0) {
      v.Add(mark_path,
            "注册商标种数不能为负数；未查明请留空 / the number of marks cannot be "
            "negative; leave it empty when unknown");
    } else if (facts.mark_count() == 0 && ip_right == v1::IP_RIGHT_TRADEMARK) {
      v.Add(mark_path,
            "商标案件涉及的注册商标至少一种；未查明请留空 / a trademark case involves at "
            "least one registered mark; leave it empty when unknown");
    } else if (facts.mark_count() > 0 && ip_right == v1::IP_RIGHT_NONE) {
      v.Add(mark_path,
            "案件标为不涉及知识产权，不应填写注册商标种数 / the case is marked as "
            "involving no IP right, so it cannot involve registered marks");
    }
  }
  if (facts.has_patent_count()) {
    const std::string patent_path = path + ".patent_count";
    if (facts.patent_count() < 0) {
      v.Add(patent_path,
            "专利件数不能为负数；未查明请留空 / the number of patents cannot be "
            "negative; leave it empty when unknown");
    } else if (facts.patent_count() == 0 && ip_right == v1::IP_RIGHT_PATENT) {
      v.Add(patent_path,
            "专利案件涉及的专利至少一件；未查明请留空 / a patent case involves at "
            "least one patent; leave it empty when unknown");
    } else if (facts.patent_count() > 0 && ip_right == v1::IP_RIGHT_NONE) {
      v.Add(patent_path,
            "案件标为不涉及知识产权，不应填写专利件数 / the case is marked as "
            "involving no IP right, so it cannot involve patents");
    }
  }

  CheckAmounts(facts.amounts(), path + ".amounts", v);
  const v1::ThresholdCounts& counts = facts.counts();
  CheckCount(counts.has_mark_label_count(), counts.mark_label_count(), "注册商标标识数量",
             path + ".counts.mark_label_count", v);
  CheckCount(counts.has_copy_count(), counts.copy_count(), "侵权复制品数量",
             path + ".counts.copy_count", v);

  std::optional<std::chrono::year_month_day> start;
  if (facts.has_act_start_date()) {
    start = CheckPastDate(facts.act_start_date(), "违法行为开始日期", "date the act began", today,
                          path + ".act_start_date", v);
  }
  if (facts.has_act_end_date()) {
    const std::optional<std::chrono::year_month_day> end =
        CheckPastDate(facts.act_end_date(), "违法行为终了日期", "date the act ended", today,
                      path + ".act_end_date", v);
    if (end && start && *end < *start) {
      v.Add(path + ".act_end_date",
            "违法行为终了日期不能早于开始日期；行为仍在持续的请留空 / the date the act ended "
            "cannot be before the date it began; leave it empty while the act goes on");
    }
  }
}

// The CaseFile fields UpdateCaseFile changes (intake.proto, UpdateCaseFileRequest.update_mask).
constexpr const char* kUpdatablePaths[] = {
    "case_number", "handling_officers",   "procedure",         "register_date", "parties",
    "cause",       "violated_provisions", "goods_description", "facts",         "threshold_facts",
};
constexpr const char* kUpdatableList =
    "case_number, handling_officers, procedure, register_date, parties, cause, "
    "violated_provisions, goods_description, facts, threshold_facts";

bool IsUpdatable(std::string_view field) {
  for (const char* path : kUpdatablePaths) {
    if (field == path) return true;
  }
  return false;
}

// "" when `path` can be updated, else why not.
std::string UpdateMaskProblem(std::string_view path) {
  const std::size_t dot = path.find('.');
  const std::string_view head = path.substr(0, dot);
  const std::string quoted = "“" + std::string(path) + "”";
  const std::string quoted_en = "'" + std::string(path) + "'";
  if (v1::CaseFile::descriptor()->FindFieldByName(std::string(head)) == nullptr) {
    return "案件没有字段" + quoted + "；可修改：" + kUpdatableList + " / a case has no field " +
           quoted_en + "; fields that can change: " + kUpdatableList;
  }
  if (!IsUpdatable(head)) {
    return quoted + "由系统维护或通过其他操作修改，不能在此修改；可修改：" + kUpdatableList +
           " / " + quoted_en + " is kept by the service or changed by other calls; fields that " +
           "can change here: " + kUpdatableList;
  }
  if (dot == std::string_view::npos) return "";
  if (head != "threshold_facts") {
    return "“" + std::string(head) + "”只能整体修改，请写 " + std::string(head) + " / '" +
           std::string(head) + "' changes as a whole: write " + std::string(head);
  }
  // Walk the sub-path through ThresholdFacts; a Date changes as a whole.
  const google::protobuf::Descriptor* message = v1::ThresholdFacts::descriptor();
  std::string_view rest = path.substr(dot + 1);
  while (true) {
    const std::size_t next = rest.find('.');
    const std::string name(rest.substr(0, next));
    const google::protobuf::FieldDescriptor* field =
        message == nullptr ? nullptr : message->FindFieldByName(name);
    if (field == nullptr) {
      return "案件的定罪量刑相关事实中没有字段" + quoted + " / " + quoted_en +
             " is not a field of the case's threshold facts";
    }
    if (next == std::string_view::npos) return "";
    const google::protobuf::Descriptor* type = field->message_type();
    if (field->is_repeated() || type == nullptr) {
      message = nullptr;  // nothing inside a scalar or a list to name
    } else if (type == v1::Date::descriptor()) {
      return "日期只能整体修改，请写到日期字段为止 / a date changes as a whole: end the path at "
             "the date field";
    } else {
      message = type;
    }
    rest = rest.substr(next + 1);
  }
}

}  // namespace

void ValidateUpdateMask(const google::protobuf::FieldMask& mask, core::FieldViolations& v) {
  if (mask.paths_size() == 0) {
    v.Add("update_mask", std::string("须在 update_mask 中列出要修改的字段，如 cause 或 "
                                     "threshold_facts.amounts.sales_amount_fen；可修改：") +
                             kUpdatableList +
                             " / list the fields to change in update_mask, e.g. cause or "
                             "threshold_facts.amounts.sales_amount_fen; fields that can change: " +
                             kUpdatableList);
    return;
  }
  for (int i = 0; i < mask.paths_size(); ++i) {
    if (std::string problem = UpdateMaskProblem(mask.paths(i)); !problem.empty()) {
      v.Add(Index("update_mask.paths", i), problem);
    }
  }
}

void ValidateCaseFileContent(const v1::CaseFile& c, std::chrono::year_month_day today,
                             core::FieldViolations& v, const std::string& prefix) {
  const std::string p = prefix.empty() ? "" : prefix + ".";

  CheckText(c.case_number(), kCaseNumber, p + "case_number", v);
  ValidateHandlingOfficers(c, p + "handling_officers", v);

  if (c.procedure() == v1::CaseFile::PROCEDURE_UNSPECIFIED ||
      !v1::CaseFile::Procedure_IsValid(c.procedure())) {
    v.Add(p + "procedure",
          "须选择办案程序：一般程序或简易程序 / choose the procedure: general or simple");
  }

  if (!c.has_register_date()) {
    v.Add(p + "register_date",
          "须填写立案日期 / the date the case was registered (立案日期) is required");
  } else {
    CheckPastDate(c.register_date(), "立案日期", "registration date", today, p + "register_date",
                  v);
  }

  ValidateParties(c, today, p + "parties", v);
  CheckText(c.cause(), kCause, p + "cause", v);
  ValidateViolatedProvisions(c, p + "violated_provisions", v);
  CheckText(c.goods_description(), kGoodsDescription, p + "goods_description", v);
  CheckText(c.facts(), kFacts, p + "facts", v);
  if (c.has_threshold_facts()) {
    ValidateThresholdFacts(c.threshold_facts(), today, p + "threshold_facts", v);
  }
}

}  // namespace casebridge::intake
