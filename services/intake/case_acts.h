// One act on a stored case (an edit, a seized item, a penalty decision, closing ...), applied the
// same way every time: permission, request_id replay, etag, re-assessment, one-statement write.
#pragma once

#include <google/protobuf/field_mask.pb.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <pqxx/pqxx>
#include <string>

#include "casebridge/v1/intake.pb.h"

namespace casebridge::intake {

struct CaseAct {
  std::string method;  // e.g. "AddSeizedItem": audit action intake.<method>, request log key
  v1::CaseEvent::Type event_type = v1::CaseEvent::TYPE_UNSPECIFIED;
  std::string case_name;  // caseFiles/{id}
  std::string etag;       // the case etag the caller read; "" only where the act takes none
  std::string etag_field = "etag";  // request field path named when the etag is missing
  bool heads_may_act = false;       // agency heads as well as officers
  bool allowed_when_closed = false;
  // False for acts whose request carries no case etag (e.g. UploadDocument only adds to the case);
  // the case version is still checked inside the transaction.
  bool takes_etag = true;
  // For the act the referral service reports (RecordReferralStatus) instead of agency staff:
  // allowed only when the caller presented the referral service's client certificate
  // (`referral_peer_verified`, read by the RPC handler); anyone else is refused and audited.
  bool by_referral_service = false;
  bool referral_peer_verified = false;
  // When `change` leaves the case exactly as it was, nothing is written and the stored case is
  // answered (a stale referral report is ignored, intake.proto RecordReferralStatusRequest).
  bool unchanged_writes_nothing = false;
  const google::protobuf::FieldMask* changed_fields = nullptr;  // for CASE_UPDATED events
  // Changes the case; sets *subject to the sub-resource acted on. A non-OK status refuses the
  // act with nothing written (put every field problem in one FieldViolations status).
  std::function<grpc::Status(v1::CaseFile& c, std::string* subject)> change;
  // Fills the RPC's response from the case after the act (the case itself, or the sub-resource).
  std::function<void(const v1::CaseFile& c, const std::string& subject,
                     google::protobuf::Message* response)>
      respond;
  // Optional further writes of the act, in the same transaction after the case row (e.g. a
  // document's bytes, which are kept out of the case body).
  std::function<void(pqxx::transaction_base& tx, const v1::CaseFile& c, const std::string& subject)>
      also_write;
};

}  // namespace casebridge::intake
