#include "services/referral/referral_documents.h"

#include <google/protobuf/util/time_util.h>

#include <utility>
#include <vector>

#include "services/law/calendar.h"
#include "services/law/threshold_text.h"
#include "services/law/thresholds.h"
#include "services/referral/pdf_composer.h"

namespace casebridge::referral {
namespace {

using google::protobuf::util::TimeUtil;
using Clock = std::chrono::system_clock;

constexpr char kRegulation[] = "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）";

std::string DateText(Clock::time_point time) {
  const std::chrono::year_month_day d = law::ShanghaiDate(time);
  return std::to_string(static_cast<int>(d.year())) + "年" +
         std::to_string(static_cast<unsigned>(d.month())) + "月" +
         std::to_string(static_cast<unsigned>(d.day())) + "日";
}

Clock::time_point TimeOf(const google::protobuf::Timestamp& t) {
  return Clock::time_point(std::chrono::microseconds(TimeUtil::TimestampToMicroseconds(t)));
}

std::string OrDash(const std::string& text) { return text.empty() ? "—" : text; }

std::string PartyName(const v1::Party& p) {
  return p.has_organisation() ? p.organisation().registered_name() : p.natural_person().full_name();
}

std::vector<std::vector<std::string>> PartyRows(const v1::CaseFile& c) {
  std::vector<std::vector<std::string>> rows;
  for (const v1::Party& p : c.parties()) {
    if (p.has_organisation()) {
      const auto& o = p.organisation();
      rows.push_back({o.registered_name(), "单位", OrDash(o.unified_social_credit_code()),
                      OrDash(o.legal_representative()), OrDash(o.address())});
    } else {
      const auto& n = p.natural_person();
      rows.push_back({n.full_name(), "自然人", OrDash(n.id_number()), "—", OrDash(n.address())});
    }
  }
  return rows;
}

std::string PartyList(const v1::CaseFile& c) {
  std::vector<std::string> names;
  for (const v1::Party& p : c.parties()) {
    if (p.capacity() == v1::Party::CAPACITY_RESPONDENT) names.push_back(PartyName(p));
  }
  if (names.empty()) {
    for (const v1::Party& p : c.parties()) names.push_back(PartyName(p));
  }
  return law::text::Join(names, "、");
}

std::vector<std::pair<std::string, std::string>> AmountFields(const v1::CaseFile& c) {
  const v1::ThresholdAmounts& a = c.threshold_facts().amounts();
  std::vector<std::pair<std::string, std::string>> fields;
  auto add = [&](bool present, const char* label, int64_t fen) {
    if (present) fields.emplace_back(label, law::text::Fen(fen));
  };
  add(a.has_sales_amount_fen(), "销售金额", a.sales_amount_fen());
  add(a.has_illegal_business_amount_fen(), "非法经营数额", a.illegal_business_amount_fen());
  add(a.has_illegal_gains_fen(), "违法所得数额", a.illegal_gains_fen());
  add(a.has_unsold_goods_value_fen(), "尚未销售的货值金额", a.unsold_goods_value_fen());
  add(a.has_production_loss_fen(), "生产损失", a.production_loss_fen());
  add(a.has_right_holder_loss_fen(), "权利人损失", a.right_holder_loss_fen());
  const v1::ThresholdCounts& n = c.threshold_facts().counts();
  if (n.has_mark_label_count()) {
    fields.emplace_back("注册商标标识数量", law::text::Grouped(n.mark_label_count()) + " 件");
  }
  if (n.has_copy_count()) {
    fields.emplace_back("复制品数量", law::text::Grouped(n.copy_count()) + " 张（份）");
  }
  if (fields.empty()) fields.emplace_back("涉案金额", "未记录");
  return fields;
}

std::string OffenceList(const v1::Referral& r) {
  std::vector<std::string> names;
  for (int offence : r.report().suspected_offences()) {
    const auto o = static_cast<law::Offence>(offence);
    names.push_back(std::string(law::OffenceName(o)) + "（" + std::string(law::OffenceArticle(o)) +
                    "）");
  }
  return names.empty() ? "涉嫌犯罪" : law::text::Join(names, "、");
}

std::string MaterialKindName(v1::Referral::Material::Kind kind) {
  switch (kind) {
    case v1::Referral::Material::KIND_REFERRAL_LETTER:
      return "① 涉嫌犯罪案件移送书";
    case v1::Referral::Material::KIND_INVESTIGATION_REPORT:
      return "② 涉嫌犯罪案件情况的调查报告";
    case v1::Referral::Material::KIND_SEIZED_GOODS_LIST:
      return "③ 涉案物品清单";
    case v1::Referral::Material::KIND_INSPECTION_REPORT:
      return "④ 检验报告或者鉴定结论";
    case v1::Referral::Material::KIND_OTHER:
      return "⑤ 其他有关涉嫌犯罪的材料";
    default:
      return "其他";
  }
}

std::string AssessmentText(const v1::ThresholdAssessment& a) {
  std::vector<std::string> lines;
  for (const auto& offence : a.offences()) {
    if (offence.outcome() == v1::ASSESSMENT_OUTCOME_MET ||
        offence.outcome() == v1::ASSESSMENT_OUTCOME_NEAR) {
      lines.push_back(offence.article() + "：" + offence.explanation());
    }
  }
  return lines.empty() ? "系统评估未显示达到或接近立案追诉标准；移送理由见调查报告。"
                       : law::text::Join(lines, "\n");
}

}  // namespace

std::string RenderReferralLetter(const v1::Referral& r, const DocumentParties& parties,
                                 Clock::time_point time) {
  const v1::CaseFile& c = r.case_snapshot().case_file();
  PdfComposer pdf("涉嫌犯罪案件移送书 " + r.transfer().referral_letter_number());
  pdf.Title("涉嫌犯罪案件移送书");
  pdf.Centered(r.transfer().referral_letter_number());
  pdf.Paragraph(parties.police_name + "：");
  pdf.Paragraph("　　" + PartyList(c) + "涉嫌" + c.cause() + "一案（本机关案件编号 " +
                c.case_number() + "），经本机关调查，涉嫌" + OffenceList(r) + "。根据" +
                kRegulation +
                "第三条、第六条的规定，现将该案移送你单位，请依法审查，并于收到之日起" +
                "三日内作出立案或者不予立案的决定（第八条）。");
  pdf.Heading("一、当事人");
  pdf.Table({"名称 / 姓名", "类型", "统一社会信用代码 / 证件号码", "法定代表人", "住所"},
            {3, 1, 3, 1.5, 3}, PartyRows(c));
  pdf.Heading("二、涉嫌犯罪的事实");
  pdf.Paragraph(c.facts().empty() ? r.report().summary() : c.facts());
  pdf.Heading("三、涉案金额与数量");
  pdf.Fields(AmountFields(c));
  pdf.Heading("四、立案追诉标准评估");
  pdf.Paragraph(AssessmentText(c.assessment()));
  pdf.Heading("五、移送材料（第六条）");
  for (const auto& m : r.transfer().materials()) {
    if (m.kind() == v1::Referral::Material::KIND_REFERRAL_LETTER) continue;
    pdf.Digest(MaterialKindName(m.kind()) + "：" + m.document().file_name() + "，SHA-256",
               m.document().sha256_hex());
  }
  if (!r.transfer().no_inspection_reason().empty()) {
    pdf.Paragraph("未附检验报告或者鉴定结论的理由：" + r.transfer().no_inspection_reason());
  }
  pdf.Digest("案件快照（移送时的案件记录）SHA-256", r.case_snapshot().sha256_hex());
  pdf.Fields({{"批准移送的负责人", r.head_decision().decided_by().display_name()}});
  if (!r.transfer().jurisdiction_note().empty()) {
    pdf.Paragraph("管辖说明：" + r.transfer().jurisdiction_note());
  }
  pdf.Signature({parties.agency_name, DateText(time)});
  return pdf.Finish();
}

std::string RenderSeizedGoodsList(const v1::Referral& r, const DocumentParties& parties,
                                  Clock::time_point time) {
  const v1::CaseFile& c = r.case_snapshot().case_file();
  PdfComposer pdf("涉案物品清单 " + c.case_number());
  pdf.Title("涉案物品清单");
  pdf.Centered("案件编号 " + c.case_number() + "　移送书 " + r.transfer().referral_letter_number());
  std::vector<std::vector<std::string>> rows;
  int n = 0;
  for (const v1::SeizedItem& item : c.seized_items()) {
    std::string description = item.goods_name();
    if (!item.brand().empty()) description += "（" + item.brand() + "）";
    if (!item.specification().empty()) description += " " + item.specification();
    rows.push_back({std::to_string(++n), description.empty() ? item.name() : description,
                    item.quantity() + " " + item.unit(), OrDash(item.measure_document_number()),
                    OrDash(item.storage_location()), OrDash(item.custodian())});
  }
  if (rows.empty()) rows.push_back({"—", "本案无查封、扣押的涉案物品", "", "", "", ""});
  pdf.Table({"序号", "物品", "数量", "查封扣押文书", "存放地点", "保管人"},
            {0.8, 3.2, 1.4, 2, 2, 1.2}, rows);
  pdf.Paragraph("依" + std::string(kRegulation) +
                "第四条，涉案物品应妥善保存；需要检验的，已交由法定检验机构检验。");
  pdf.Signature({parties.agency_name, DateText(time)});
  return pdf.Finish();
}

std::string RenderReceipt(const v1::Referral& r, const v1::Referral::Receipt& receipt,
                          const DocumentParties& parties) {
  PdfComposer pdf("回执 " + receipt.receipt_number());
  pdf.Title("涉嫌犯罪案件移送书回执");
  pdf.Centered(receipt.receipt_number());
  pdf.Paragraph(parties.agency_name + "：");
  pdf.Paragraph("　　你单位于" + DateText(TimeOf(r.transfer().transfer_time())) +
                "移送的《涉嫌犯罪案件移送书》（" + r.transfer().referral_letter_number() +
                "）及所附材料已于" + DateText(TimeOf(receipt.receive_time())) + "收到（" +
                kRegulation + "第七条）。");
  pdf.Heading("签收材料及签收时核对的 SHA-256");
  for (const auto& echoed : receipt.echoed_digests()) {
    std::string what = "案件快照";
    for (const auto& m : r.transfer().materials()) {
      if (!echoed.document().empty() && m.document().name() == echoed.document()) {
        what = MaterialKindName(m.kind()) + "：" + m.document().file_name();
      }
    }
    pdf.Digest(what, echoed.sha256_hex());
  }
  pdf.Paragraph(receipt.digests_match()
                    ? "核对结果：签收材料与移送记录一致。"
                    : "核对结果：不一致——" + law::text::Join({receipt.discrepancies().begin(),
                                                              receipt.discrepancies().end()},
                                                             "；"));
  if (!receipt.remarks().empty()) pdf.Paragraph("备注：" + receipt.remarks());
  pdf.Fields({{"签收人", receipt.received_by().display_name()},
              {"移送书编号", r.transfer().referral_letter_number()}});
  pdf.Digest("移送清单（案件快照及全部材料）SHA-256", r.transfer().manifest_sha256_hex());
  pdf.Signature({parties.police_name, DateText(TimeOf(receipt.receive_time()))});
  return pdf.Finish();
}

}  // namespace casebridge::referral
