#include "services/referral/intake_client.h"

#include <chrono>

#include "services/core/digest.h"

namespace casebridge::referral {

IntakeClient::IntakeClient(std::shared_ptr<grpc::Channel> channel)
    : stub_(v1::IntakeService::NewStub(std::move(channel))) {}

std::unique_ptr<grpc::ClientContext> IntakeClient::ContextAs(
    const grpc::ServerContextBase* caller) const {
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

grpc::Status IntakeClient::GetCaseFile(const grpc::ServerContextBase& caller,
                                       const std::string& name, v1::CaseFile* out) {
  v1::GetCaseFileRequest request;
  request.set_name(name);
  return stub_->GetCaseFile(ContextAs(&caller).get(), request, out);
}

grpc::Status IntakeClient::DownloadDocument(const grpc::ServerContextBase& caller,
                                            const std::string& name, v1::CaseDocument* document,
                                            std::string* bytes) {
  v1::DownloadDocumentRequest request;
  request.set_name(name);
  auto context = ContextAs(&caller);
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
  return stub_->RecordReferralStatus(ContextAs(nullptr).get(), request, out);
}

}  // namespace casebridge::referral
