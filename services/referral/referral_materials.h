// What a transfer carries under 国务院令第310号第六条 and what its receipt must echo (第七条): the
// numbers the system issues, the manifest digest, and the comparison of the digests the police
// echo with those sent.
#pragma once

#include <google/protobuf/repeated_field.h>

#include <string>
#include <string_view>
#include <vector>

#include "casebridge/v1/referral.pb.h"

namespace casebridge::referral {

// The kinds of number the system issues, as keys of document_numbers and the character that
// marks them in the number: 移 for the 移送书 (①, art. 6), 回 for the 回执 (art. 7).
struct NumberKind {
  std::string_view key;
  std::string_view mark;
};
inline constexpr NumberKind kReferralLetterNumber{"referral_letter", "移"};
inline constexpr NumberKind kReceiptNumber{"receipt", "回"};

// "nt-amr移〔2026〕3号": the issuing organisation's id, the kind's mark, the year and the number
// in that organisation's sequence of the kind for the year. The id stands where paper numbers
// carry the organisation's abbreviation (通市监), which the directory does not record; it is
// unique, so the number is too.
std::string DocumentNumber(std::string_view organisation_id, const NumberKind& kind, int year,
                           int number);

// The SHA-256 of "what was sent" (Transfer.manifest_sha256_hex): the case snapshot's digest,
// then every material's digest in the order of `materials`, each on a line of its own ending in
// "\n".
std::string ManifestSha256(
    const std::string& snapshot_sha256_hex,
    const google::protobuf::RepeatedPtrField<v1::Referral::Material>& materials);

// One difference between what was sent and what the police echoed.
struct Discrepancy {
  std::string subject;      // the material's document, or "" for the case snapshot
  std::string description;  // "中文 / English"
};

// Every difference between the materials and case snapshot `r` was transferred with and the
// digests echoed at receipt: something sent that was not echoed, a digest that differs, a
// document echoed that was not sent, in the order of the materials. Empty when they agree.
std::vector<Discrepancy> CompareEchoedDigests(
    const v1::Referral& r,
    const google::protobuf::RepeatedPtrField<v1::Referral::MaterialDigest>& echoed);

// The document kind a material is stored as.
v1::ReferralDocument::Kind DocumentKindOf(v1::Referral::Material::Kind kind);

}  // namespace casebridge::referral
