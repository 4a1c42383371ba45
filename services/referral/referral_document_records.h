// A referral's documents as records: their names, the metadata of a new one, and storing it with
// its bytes in the act that adds it.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "casebridge/v1/referral.pb.h"
#include "services/referral/referral_repository.h"

namespace casebridge::referral {

struct DocumentName {
  std::string referral_id;
  std::string document_id;
};

// "referrals/{referral}/documents/{document}", both ids non-empty and without '/'; nullopt
// otherwise.
std::optional<DocumentName> ParseDocumentName(const std::string& name);

// A document an act stores: its metadata and its bytes.
struct NewDocument {
  v1::ReferralDocument document;
  std::string content;
};

// A new document of `referral` (`referrals/{id}`) under a fresh id: `document` gives its kind,
// title, description, file name and media type; the content reference records the bytes' size
// and SHA-256, `time` and who stored it.
NewDocument MakeDocument(const std::string& referral, v1::ReferralDocument document,
                         std::string content, std::string sha256_hex,
                         const google::protobuf::Timestamp& time, const v1::Actor& by);

// A PDF the system rendered for `referral` at `time` for the act of `by` (generated = true).
NewDocument GeneratedPdf(const std::string& referral, v1::ReferralDocument::Kind kind,
                         std::string title, std::string file_name, std::string pdf,
                         const google::protobuf::Timestamp& time, const v1::Actor& by);

// Writes the bytes, then the metadata, in the act's transaction.
void StoreDocument(ReferralRepository& repository, pqxx::transaction_base& tx,
                   const NewDocument& d);

}  // namespace casebridge::referral
