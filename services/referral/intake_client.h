// The referral service's calls to intake: cases and documents read with the caller's own
// credentials, and referral stages reported as the referral service itself (mutual TLS).
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "casebridge/v1/intake.grpc.pb.h"

namespace casebridge::referral {

// A client context for a call made on behalf of `caller` (its bearer token forwarded, so the
// other service applies that user's permissions), or as the service itself when null.
std::unique_ptr<grpc::ClientContext> ForwardingContext(const grpc::ServerContextBase* caller);

class IntakeClient {
 public:
  // `channel` presents the referral service's certificate (ServiceProcess::ChannelTo).
  explicit IntakeClient(std::shared_ptr<grpc::Channel> channel);

  // Reads the case as the user who called the referral service, so intake applies that user's
  // permissions (a referral never shows what its creator could not read).
  grpc::Status GetCaseFile(const grpc::ServerContextBase& caller, const std::string& name,
                           v1::CaseFile* out);
  // Downloads a case document as the calling user, with its metadata; the SHA-256 of `bytes` is
  // checked against the recorded one (a mismatch is DATA_LOSS).
  grpc::Status DownloadDocument(const grpc::ServerContextBase& caller, const std::string& name,
                                v1::CaseDocument* document, std::string* bytes);
  // Tells intake where a referral of the case stands, as the referral service.
  grpc::Status RecordReferralStatus(const v1::RecordReferralStatusRequest& request,
                                    v1::CaseFile* out);

 private:
  std::unique_ptr<v1::IntakeService::Stub> stub_;
};

// What a caller is told when intake would not give a case: NOT_FOUND and PERMISSION_DENIED as
// intake said them (they are about the caller's request), anything else UNAVAILABLE, to be retried.
grpc::Status CaseReadRefusal(const grpc::Status& from_intake);

}  // namespace casebridge::referral
