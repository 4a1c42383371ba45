#include "services/referral/intake_client.h"

#include <chrono>

#include "services/core/digest.h"

namespace casebridge::referral {

std::unique_ptr<grpc::ClientContext> ForwardingContext(const grpc::ServerContextBase* caller) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (caller != nullptr) {
    const auto& metadata = caller->client_metadata();
    if (auto it = metadata.find("authorization"); it != metadata.end()) {
      context->AddMetadata("authorization", std::string(it->second.data(), it->second.size()));
    }
  }
  return context;
}

IntakeClient::IntakeClient(std::shared_ptr<grpc::Channel> channel)
    : stub_(v1::IntakeService::NewStub(std::move(channel))) {}

grpc::Status IntakeClient::GetCaseFile(const grpc::ServerContextBase& caller,
                                       const std::string& name, v1::CaseFile* out) {
  v1::GetCaseFileRequest request;
  request.set_name(name);
  return stub_->GetCaseFile(ForwardingContext(&caller).get(), request, out);
}

grpc::Status IntakeClient::DownloadDocument(const grpc::ServerContextBase& caller,
                                            const std::string& name, v1::CaseDocument* document,
                                            std::string* bytes) {
  v1::DownloadDocumentRequest request;
  request.set_name(name);
  auto context = ForwardingContext(&caller);
  auto reader = stub_->DownloadDocument(context.get(), request);
  v1::DownloadDocumentResponse message;
  bytes->clear();
  while (reader->Read(&message)) {
    if (message.has_document()) *document = message.document();
    if (message.has_chunk()) bytes->append(message.chunk());
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) return status;
  if (core::Sha256Hex(*bytes) != document->content().sha256_hex()) {
    return grpc::Status(grpc::StatusCode::DATA_LOSS,
                        "案件材料 " + name +
                            " 的内容与登记的 SHA-256 不符 / the case document's bytes "
                            "do not match its recorded SHA-256");
  }
  return status;
}

grpc::Status IntakeClient::RecordReferralStatus(const v1::RecordReferralStatusRequest& request,
                                                v1::CaseFile* out) {
  return stub_->RecordReferralStatus(ForwardingContext(nullptr).get(), request, out);
}

grpc::Status CaseReadRefusal(const grpc::Status& from_intake) {
  if (from_intake.error_code() == grpc::StatusCode::NOT_FOUND ||
      from_intake.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    return from_intake;
  }
  return grpc::Status(
      grpc::StatusCode::UNAVAILABLE,
      "暂时无法读取案件，请稍后重试 / The case cannot be read from intake just now; "
      "try again shortly (" +
          from_intake.error_message() + ")");
}

}  // namespace casebridge::referral
