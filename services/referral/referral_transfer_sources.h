// What the transfer and the receipt read before their transaction, as the caller: the agency and
// the police from the organisation directory, and the materials a transfer lists — case documents
// from intake, the referral's own documents from its store.
#pragma once

#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "casebridge/v1/referral.pb.h"
#include "services/core/database.h"
#include "services/referral/intake_client.h"
#include "services/referral/organisation_directory.h"
#include "services/referral/referral_documents.h"
#include "services/referral/referral_repository.h"

namespace casebridge::referral {

// Where the sources are read.
struct SourceReaders {
  const grpc::ServerContextBase& caller;  // whose token intake and accounts are asked with
  IntakeClient& intake;
  OrganisationDirectory* directory;  // null: refused as UNAVAILABLE
  core::ConnectionPool& pool;
  ReferralRepository& repository;
};

// The agency and the police as the directory names them, for the generated documents.
struct Parties {
  v1::Organisation agency;
  v1::Organisation police;

  DocumentParties ForDocuments() const;
};

// The agency and the police of the names given; UNAVAILABLE when the directory does not answer.
grpc::Status ReadParties(const SourceReaders& readers, const std::string& agency,
                         const std::string& police, Parties* out);

// `caseFiles/{id}/documents/{id}`: the case id, or "" when `name` is not a case document.
std::string CaseOfDocument(const std::string& name);

// One material listed as ④ or ⑤: a document the referral holds, or a case document to copy with
// its bytes.
struct ListedMaterial {
  v1::Referral::Material::Kind kind = v1::Referral::Material::KIND_UNSPECIFIED;
  v1::ReferralDocument held;       // set when the referral holds it
  v1::CaseDocument case_document;  // set when it is copied from the case
  std::string bytes;               // of the case document, digest checked by IntakeClient
};

// Everything a transfer sends besides what it renders. Documents are never changed, so what is
// read here still holds in the act's transaction.
struct TransferSources {
  Parties parties;
  v1::ReferralDocument investigation_report;  // ②
  std::vector<ListedMaterial> listed;         // ④ then ⑤, as the request lists them

  // Reads what `request` names for the referral `stored`: INVALID_ARGUMENT naming every field
  // whose organisation or document does not exist, is not of its kind or not the case's;
  // FAILED_PRECONDITION when the report's investigation report (②) is not a document of the
  // referral; UNAVAILABLE or DATA_LOSS when intake or the directory fail.
  grpc::Status Read(const v1::TransferReferralRequest& request, const v1::Referral& stored,
                    const SourceReaders& readers);
};

}  // namespace casebridge::referral
