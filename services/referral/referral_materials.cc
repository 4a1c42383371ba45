#include "services/referral/referral_materials.h"

#include <map>

#include "services/core/digest.h"
#include "services/law/referral_requirements.h"

namespace casebridge::referral {
namespace {

// "② 涉嫌犯罪案件情况的调查报告（调查报告.pdf）" and "investigation report (调查报告.pdf)".
struct Named {
  std::string zh;
  std::string en;
};

Named NameOf(const v1::Referral::Material& m) {
  const std::string both =
      law::referral::MaterialName(static_cast<law::referral::MaterialKind>(m.kind()));
  const size_t bar = both.find(" / ");
  const std::string file = m.document().file_name();
  return {"“" + both.substr(0, bar) + "（" + file + "）”",
          "the " + both.substr(bar + 3) + " (" + file + ")"};
}

}  // namespace

std::string DocumentNumber(std::string_view organisation_id, const NumberKind& kind, int year,
                           int number) {
  return std::string(organisation_id) + std::string(kind.mark) + "〔" + std::to_string(year) +
         "〕" + std::to_string(number) + "号";
}

std::string ManifestSha256(
    const std::string& snapshot_sha256_hex,
    const google::protobuf::RepeatedPtrField<v1::Referral::Material>& materials) {
  std::string lines = snapshot_sha256_hex + "\n";
  for (const auto& m : materials) lines += m.document().sha256_hex() + "\n";
  return core::Sha256Hex(lines);
}

std::vector<Discrepancy> CompareEchoedDigests(
    const v1::Referral& r,
    const google::protobuf::RepeatedPtrField<v1::Referral::MaterialDigest>& echoed) {
  std::map<std::string, std::string> received;  // document ("" for the snapshot) -> digest
  for (const auto& e : echoed) received.emplace(e.document(), e.sha256_hex());

  std::vector<Discrepancy> out;
  auto compare = [&](const std::string& subject, const std::string& sent, const Named& name) {
    const auto it = received.find(subject);
    if (it == received.end()) {
      out.push_back(
          {subject, "未回报" + name.zh + "的 SHA-256 / no digest was echoed for " + name.en});
      return;
    }
    if (it->second != sent) {
      out.push_back({subject, name.zh + "的 SHA-256 与移送时不符：移送 " + sent + "，收到 " +
                                  it->second + " / the SHA-256 of " + name.en +
                                  " differs from what was sent: sent " + sent + ", received " +
                                  it->second});
    }
    received.erase(it);
  };
  compare("", r.case_snapshot().sha256_hex(), {"案件快照", "the case snapshot"});
  for (const auto& m : r.transfer().materials()) {
    compare(m.document().name(), m.document().sha256_hex(), NameOf(m));
  }
  for (const auto& [document, digest] : received) {
    out.push_back({document, "回报的文件 " + document + " 不是本次移送的材料 / " + document +
                                 " was not among the materials sent"});
  }
  return out;
}

v1::ReferralDocument::Kind DocumentKindOf(v1::Referral::Material::Kind kind) {
  switch (kind) {
    case v1::Referral::Material::KIND_REFERRAL_LETTER:
      return v1::ReferralDocument::KIND_REFERRAL_LETTER;
    case v1::Referral::Material::KIND_INVESTIGATION_REPORT:
      return v1::ReferralDocument::KIND_INVESTIGATION_REPORT;
    case v1::Referral::Material::KIND_SEIZED_GOODS_LIST:
      return v1::ReferralDocument::KIND_SEIZED_GOODS_LIST;
    case v1::Referral::Material::KIND_INSPECTION_REPORT:
      return v1::ReferralDocument::KIND_INSPECTION_REPORT;
    case v1::Referral::Material::KIND_OTHER:
      return v1::ReferralDocument::KIND_OTHER_MATERIAL;
    default:
      return v1::ReferralDocument::KIND_OTHER;
  }
}

}  // namespace casebridge::referral
