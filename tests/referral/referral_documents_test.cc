// The rendered 移送书, 涉案物品清单 and 回执 carry their statutory content, checked by extracting
// the PDF's text with pdftotext (poppler-utils).
#include "services/referral/referral_documents.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/harness/pdf_text.h"

namespace casebridge::referral {
namespace {

using google::protobuf::util::TimeUtil;
using testing::PdfText;
using testing::RunOnPdf;

// 2026-11-23 10:00 Asia/Shanghai.
const auto kTransferTime = std::chrono::system_clock::time_point(std::chrono::seconds(1795399200));

int PagesOf(const std::string& pdf) {
  std::string info = RunOnPdf(pdf, "sh -c 'pdfinfo \"$0\"'");
  const auto at = info.find("Pages:");
  return at == std::string::npos ? 0 : std::stoi(info.substr(at + 6));
}

std::string Hex(char c) { return std::string(64, c); }

v1::Referral TransferredReferral(int seized_items) {
  v1::Referral r;
  r.set_name("referrals/r1");
  v1::CaseFile* c = r.mutable_case_snapshot()->mutable_case_file();
  c->set_case_number("通市监立〔2026〕88号");
  c->set_cause("销售假冒注册商标的商品");
  c->set_facts("当事人自2026年1月起在其门店销售假冒“耐克”注册商标的运动鞋。");
  auto* party = c->add_parties();
  party->set_capacity(v1::Party::CAPACITY_RESPONDENT);
  party->mutable_organisation()->set_registered_name("南通某某鞋业有限公司");
  party->mutable_organisation()->set_unified_social_credit_code("91320600MA1XXXXX3B");
  party->mutable_organisation()->set_legal_representative("王某");
  auto* person = c->add_parties();
  person->set_capacity(v1::Party::CAPACITY_RESPONDENT);
  person->mutable_natural_person()->set_full_name("李某某");
  person->mutable_natural_person()->set_id_number("11010519491231002X");
  c->mutable_threshold_facts()->mutable_amounts()->set_illegal_business_amount_fen(6'000'000);
  c->mutable_threshold_facts()->mutable_amounts()->set_sales_amount_fen(5'200'000);
  for (int i = 1; i <= seized_items; ++i) {
    auto* item = c->add_seized_items();
    item->set_goods_name("运动鞋批次" + std::to_string(i));
    item->set_brand("耐克");
    item->set_quantity(std::to_string(10 * i));
    item->set_unit("双");
    item->set_storage_location("南通市市场监管局涉案物品仓库");
  }
  r.mutable_case_snapshot()->set_sha256_hex(Hex('a'));
  r.mutable_task_force()->add_members("users/nt.officer");
  r.mutable_task_force()->add_members("users/nt.officer2");
  r.mutable_report()->add_suspected_offences(
      v1::OFFENCE_ART214_SELLING_COUNTERFEIT_TRADEMARK_GOODS);
  r.mutable_head_decision()->mutable_decided_by()->set_display_name("张局长");
  auto* t = r.mutable_transfer();
  t->set_referral_letter_number("通市监移〔2026〕3号");
  *t->mutable_transfer_time() = TimeUtil::SecondsToTimestamp(1795399200);
  int n = 0;
  for (auto [kind, file, digit] :
       {std::tuple{v1::Referral::Material::KIND_INVESTIGATION_REPORT, "调查报告.pdf", 'b'},
        std::tuple{v1::Referral::Material::KIND_SEIZED_GOODS_LIST, "涉案物品清单.pdf", 'c'},
        std::tuple{v1::Referral::Material::KIND_INSPECTION_REPORT, "鉴定意见.pdf", 'd'}}) {
    auto* m = t->add_materials();
    m->set_kind(kind);
    m->mutable_document()->set_name("referrals/r1/documents/d" + std::to_string(++n));
    m->mutable_document()->set_file_name(file);
    m->mutable_document()->set_sha256_hex(Hex(digit));
  }
  t->set_manifest_sha256_hex(Hex('e'));
  return r;
}

const DocumentParties kParties{"南通市市场监督管理局", "南通市公安局"};

TEST(ReferralDocumentsTest, LetterCarriesNumberAddresseePartiesFactsAmountsAndEveryDigest) {
  const v1::Referral r = TransferredReferral(2);
  const std::string pdf = RenderReferralLetter(r, kParties, kTransferTime);
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  const std::string text = PdfText(pdf);
  for (const std::string expected :
       {"涉嫌犯罪案件移送书", "通市监移〔2026〕3号", "南通市公安局：", "南通某某鞋业有限公司",
        "91320600MA1XXXXX3B", "李某某", "11010519491231002X", "通市监立〔2026〕88号",
        "销售假冒“耐克”注册商标的运动鞋", "60,000.00元", "52,000.00元", "销售假冒注册商标的商品罪",
        "国务院令第310号", "②涉嫌犯罪案件情况的调查报告", "③涉案物品清单", "④检验报告或者鉴定结论",
        "南通市市场监督管理局", "2026年11月23日"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing " << expected << " in\n" << text;
  }
  for (char digit : {'a', 'b', 'c', 'd'}) {
    EXPECT_NE(text.find(Hex(digit)), std::string::npos) << "digest " << digit << " missing";
  }
}

TEST(ReferralDocumentsTest, LongGoodsListFlowsOverPagesWithEveryItem) {
  const v1::Referral r = TransferredReferral(120);
  const std::string pdf = RenderSeizedGoodsList(r, kParties, kTransferTime);
  EXPECT_GE(PagesOf(pdf), 3);
  const std::string text = PdfText(pdf);
  EXPECT_NE(text.find("涉案物品清单"), std::string::npos);
  EXPECT_NE(text.find("通市监立〔2026〕88号"), std::string::npos);
  for (int i : {1, 60, 119, 120}) {
    EXPECT_NE(text.find("运动鞋批次" + std::to_string(i) + "（耐克）"), std::string::npos)
        << "item " << i;
    EXPECT_NE(text.find(std::to_string(10 * i) + "双"), std::string::npos) << "item " << i;
  }
  EXPECT_NE(text.find("第3页"), std::string::npos);
}

TEST(ReferralDocumentsTest, EmptyGoodsListSaysSo) {
  const std::string text =
      PdfText(RenderSeizedGoodsList(TransferredReferral(0), kParties, kTransferTime));
  EXPECT_NE(text.find("本案无查封、扣押的涉案物品"), std::string::npos);
}

TEST(ReferralDocumentsTest, ReceiptEchoesDigestsAndStatesTheMatch) {
  v1::Referral r = TransferredReferral(1);
  v1::Referral::Receipt receipt;
  receipt.set_receipt_number("通公回〔2026〕17号");
  receipt.mutable_received_by()->set_display_name("赵警官");
  *receipt.mutable_receive_time() = TimeUtil::SecondsToTimestamp(1795399200 + 86400);
  receipt.set_digests_match(true);
  auto* snapshot = receipt.add_echoed_digests();
  snapshot->set_sha256_hex(Hex('a'));
  auto* report = receipt.add_echoed_digests();
  report->set_document("referrals/r1/documents/d1");
  report->set_sha256_hex(Hex('b'));
  std::string text = PdfText(RenderReceipt(r, receipt, kParties));
  for (const std::string& expected : std::vector<std::string>{
           "涉嫌犯罪案件移送书回执", "通公回〔2026〕17号", "南通市市场监督管理局：",
           "通市监移〔2026〕3号", "2026年11月24日", "赵警官", "签收材料与移送记录一致",
           "南通市公安局", "案件快照", "调查报告.pdf", Hex('a'), Hex('b'), Hex('e')}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing " << expected << " in\n" << text;
  }

  receipt.set_digests_match(false);
  receipt.add_discrepancies("调查报告.pdf 的 SHA-256 与移送时不一致");
  text = PdfText(RenderReceipt(r, receipt, kParties));
  EXPECT_NE(text.find("不一致——调查报告.pdf的SHA-256与移送时不一致"), std::string::npos) << text;
}

}  // namespace
}  // namespace casebridge::referral
