#include "services/referral/referral_document_records.h"

#include "services/core/audit.h"
#include "services/core/digest.h"
#include "services/referral/referral_rows.h"

namespace casebridge::referral {

std::optional<DocumentName> ParseDocumentName(const std::string& name) {
  constexpr std::string_view kMiddle = "/documents/";
  const size_t middle = name.find(kMiddle);
  if (middle == std::string::npos) return std::nullopt;
  DocumentName parsed{ReferralIdFromName(name.substr(0, middle)),
                      name.substr(middle + kMiddle.size())};
  if (parsed.referral_id.empty() || parsed.document_id.empty() ||
      parsed.document_id.find('/') != std::string::npos) {
    return std::nullopt;
  }
  return parsed;
}

NewDocument MakeDocument(const std::string& referral, v1::ReferralDocument document,
                         std::string content, std::string sha256_hex,
                         const google::protobuf::Timestamp& time, const v1::Actor& by) {
  document.set_name(referral + "/documents/" + core::HexEncode(core::RandomBytes(10)));
  v1::DocumentRef* ref = document.mutable_content();
  ref->set_name(document.name());
  ref->set_size_bytes(static_cast<int64_t>(content.size()));
  ref->set_sha256_hex(std::move(sha256_hex));
  *ref->mutable_create_time() = time;
  *ref->mutable_uploaded_by() = by;
  return NewDocument{std::move(document), std::move(content)};
}

NewDocument GeneratedPdf(const std::string& referral, v1::ReferralDocument::Kind kind,
                         std::string title, std::string file_name, std::string pdf,
                         const google::protobuf::Timestamp& time, const v1::Actor& by) {
  v1::ReferralDocument d;
  d.set_kind(kind);
  d.set_title(std::move(title));
  d.set_generated(true);
  d.mutable_content()->set_file_name(std::move(file_name));
  d.mutable_content()->set_media_type("application/pdf");
  std::string digest = core::Sha256Hex(pdf);
  return MakeDocument(referral, std::move(d), std::move(pdf), std::move(digest), time, by);
}

void StoreDocument(ReferralRepository& repository, pqxx::transaction_base& tx,
                   const NewDocument& d) {
  const std::optional<DocumentName> name = ParseDocumentName(d.document.name());
  repository.InsertDocumentContent(tx, name->referral_id, name->document_id,
                                   d.document.content().sha256_hex(), d.content);
  repository.InsertDocument(tx, DocumentRow{.referral_id = name->referral_id,
                                            .document_id = name->document_id,
                                            .kind = d.document.kind(),
                                            .generated = d.document.generated(),
                                            .ordinal = 0,
                                            .body = core::DeterministicBytes(d.document)});
}

}  // namespace casebridge::referral
