// The numbers, the manifest digest and the receipt's digest check of a transfer
// (国务院令第310号第六条、 第七条).
#include "services/referral/referral_materials.h"

#include <gtest/gtest.h>

#include "services/core/digest.h"

namespace casebridge::referral {
namespace {

std::string Hex(char c) { return std::string(64, c); }

// A referral sent with the case snapshot 'a', ① 'b', ② 'c' and ④ 'd'.
v1::Referral Sent() {
  v1::Referral r;
  r.set_name("referrals/r1");
  r.mutable_case_snapshot()->set_sha256_hex(Hex('a'));
  int n = 0;
  for (auto [kind, file, digit] :
       {std::tuple{v1::Referral::Material::KIND_REFERRAL_LETTER, "移送书.pdf", 'b'},
        std::tuple{v1::Referral::Material::KIND_INVESTIGATION_REPORT, "调查报告.pdf", 'c'},
        std::tuple{v1::Referral::Material::KIND_INSPECTION_REPORT, "鉴定意见.pdf", 'd'}}) {
    auto* m = r.mutable_transfer()->add_materials();
    m->set_kind(kind);
    m->mutable_document()->set_name("referrals/r1/documents/d" + std::to_string(++n));
    m->mutable_document()->set_file_name(file);
    m->mutable_document()->set_sha256_hex(Hex(digit));
  }
  return r;
}

google::protobuf::RepeatedPtrField<v1::Referral::MaterialDigest> EchoOf(const v1::Referral& r) {
  google::protobuf::RepeatedPtrField<v1::Referral::MaterialDigest> echoed;
  echoed.Add()->set_sha256_hex(r.case_snapshot().sha256_hex());
  for (const auto& m : r.transfer().materials()) {
    auto* e = echoed.Add();
    e->set_document(m.document().name());
    e->set_sha256_hex(m.document().sha256_hex());
  }
  return echoed;
}

TEST(ReferralMaterialsTest, NumbersCarryTheOrganisationTheKindAndTheYear) {
  EXPECT_EQ(DocumentNumber("nt-amr", kReferralLetterNumber, 2026, 3), "nt-amr移〔2026〕3号");
  EXPECT_EQ(DocumentNumber("nt-psb", kReceiptNumber, 2027, 12), "nt-psb回〔2027〕12号");
}

TEST(ReferralMaterialsTest, ManifestIsTheDigestOfTheSnapshotAndEveryMaterialLineByLine) {
  const v1::Referral r = Sent();
  EXPECT_EQ(ManifestSha256(Hex('a'), r.transfer().materials()),
            core::Sha256Hex(Hex('a') + "\n" + Hex('b') + "\n" + Hex('c') + "\n" + Hex('d') + "\n"));
  // The order of the materials is part of what was sent.
  v1::Referral swapped = r;
  swapped.mutable_transfer()->mutable_materials()->SwapElements(1, 2);
  EXPECT_NE(ManifestSha256(Hex('a'), swapped.transfer().materials()),
            ManifestSha256(Hex('a'), r.transfer().materials()));
}

TEST(ReferralMaterialsTest, AnEchoOfEverythingSentAgrees) {
  const v1::Referral r = Sent();
  EXPECT_TRUE(CompareEchoedDigests(r, EchoOf(r)).empty());
}

TEST(ReferralMaterialsTest, EveryDifferenceIsNamedInTheOrderOfTheMaterials) {
  const v1::Referral r = Sent();
  auto echoed = EchoOf(r);
  echoed.erase(echoed.begin());        // the snapshot is not echoed
  echoed[0].set_sha256_hex(Hex('f'));  // ① differs
  echoed.erase(echoed.begin() + 2);    // ④ is not echoed
  auto* extra = echoed.Add();          // something never sent
  extra->set_document("referrals/r1/documents/d9");
  extra->set_sha256_hex(Hex('9'));

  const std::vector<Discrepancy> found = CompareEchoedDigests(r, echoed);
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].subject, "");
  EXPECT_NE(found[0].description.find("案件快照"), std::string::npos) << found[0].description;
  EXPECT_EQ(found[1].subject, "referrals/r1/documents/d1");
  EXPECT_NE(found[1].description.find("移送书.pdf"), std::string::npos) << found[1].description;
  EXPECT_NE(found[1].description.find(Hex('b')), std::string::npos);
  EXPECT_NE(found[1].description.find(Hex('f')), std::string::npos);
  EXPECT_EQ(found[2].subject, "referrals/r1/documents/d3");
  EXPECT_NE(found[2].description.find("未回报"), std::string::npos) << found[2].description;
  EXPECT_EQ(found[3].subject, "referrals/r1/documents/d9");
  EXPECT_NE(found[3].description.find("not among the materials sent"), std::string::npos);
}

}  // namespace
}  // namespace casebridge::referral
