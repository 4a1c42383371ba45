#include "clients/loadgen/intake_callers.h"

#include "casebridge/v1/intake.grpc.pb.h"
#include "clients/loadgen/signed_calls.h"

namespace casebridge::loadgen {
namespace {

class FilingCaller final : public Caller {
 public:
  explicit FilingCaller(CallerSetup setup)
      : setup_(std::move(setup)), stub_(v1::IntakeService::NewStub(setup_.channel)) {}

  CallOutcome Call(int64_t seq) override {
    const std::string unique = setup_.prefix + std::to_string(seq);
    v1::CreateCaseFileRequest request;
    request.set_request_id("loadgen-" + unique);
    *request.mutable_case_file() = setup_.case_template->Numbered(unique);
    v1::CaseFile response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + setup_.deadline);
    Authorize(context, setup_.token);
    grpc::Status status = stub_->CreateCaseFile(&context, request, &response);
    return {status, status.ok() ? 1 : 0, {}};
  }

 private:
  const CallerSetup setup_;
  std::unique_ptr<v1::IntakeService::Stub> stub_;
};

class ImportCaller final : public Caller {
 public:
  ImportCaller(CallerSetup setup, int batch)
      : setup_(std::move(setup)), batch_(batch), stub_(v1::IntakeService::NewStub(setup_.channel)) {
    for (int i = 0; i < batch_; ++i) request_.add_records()->set_record_ref(std::to_string(i));
  }

  ~ImportCaller() override {
    if (stream_ != nullptr) {
      stream_->WritesDone();
      stream_->Finish().IgnoreError();
    }
  }

  CallOutcome Call(int64_t seq) override {
    const std::string unique = setup_.prefix + std::to_string(seq);
    request_.set_request_id("loadgen-" + unique);
    for (int i = 0; i < batch_; ++i) {
      setup_.case_template->NumberInto(unique + "-" + std::to_string(i),
                                       request_.mutable_records(i)->mutable_case_file());
    }
    if (stream_ == nullptr) Open();
    if (!stream_->Write(request_) || !stream_->Read(&response_)) return {Close(), 0, {}};
    if (response_.outcome() == v1::ImportCaseFilesResponse::OUTCOME_COMMITTED &&
        response_.imported_size() == batch_) {
      return {grpc::Status::OK, batch_, {}};
    }
    std::string why = "batch " + request_.request_id() + " not committed (outcome " +
                      v1::ImportCaseFilesResponse::Outcome_Name(response_.outcome()) + ")";
    if (response_.rejected_size() > 0 && response_.rejected(0).violations_size() > 0) {
      const auto& v = response_.rejected(0).violations(0);
      why += ": record " + std::to_string(response_.rejected(0).index()) + " " + v.field() + ": " +
             v.description();
    }
    return {grpc::Status(grpc::StatusCode::UNKNOWN, why), 0, {}};
  }

 private:
  void Open() {
    context_ = std::make_unique<grpc::ClientContext>();
    context_->set_deadline(setup_.stream_deadline);
    Authorize(*context_, setup_.token);
    stream_ = stub_->ImportCaseFiles(context_.get());
  }

  // Ends a broken stream and returns why it broke; the next call opens a new one.
  grpc::Status Close() {
    grpc::Status status = stream_->Finish();
    stream_.reset();
    context_.reset();
    if (status.ok()) {
      return grpc::Status(grpc::StatusCode::UNKNOWN, "the service ended the import stream");
    }
    return status;
  }

  const CallerSetup setup_;
  const int batch_;
  std::unique_ptr<v1::IntakeService::Stub> stub_;
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::ImportCaseFilesRequest, v1::ImportCaseFilesResponse>>
      stream_;
  // Reused from batch to batch, so building a batch costs copies, not allocations.
  v1::ImportCaseFilesRequest request_;
  v1::ImportCaseFilesResponse response_;
};

}  // namespace

std::unique_ptr<Caller> NewFilingCaller(CallerSetup setup) {
  return std::make_unique<FilingCaller>(std::move(setup));
}

std::unique_ptr<Caller> NewImportCaller(CallerSetup setup, int batch) {
  return std::make_unique<ImportCaller>(std::move(setup), batch);
}

}  // namespace casebridge::loadgen
