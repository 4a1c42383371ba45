// The IntakeService RPCs: where protobuf meets the case store, with every permission checked.
#pragma once

#include <atomic>

#include "casebridge/v1/intake.grpc.pb.h"
#include "services/core/access_control.h"
#include "services/core/database.h"
#include "services/core/event_notifier.h"
#include "services/core/executor.h"
#include "services/intake/case_acts.h"
#include "services/intake/intake_repository.h"

namespace casebridge::intake {

class IntakeService final : public v1::IntakeService::CallbackService {
 public:
  IntakeService(core::ConnectionPool& pool, core::BlockingExecutor& executor,
                core::AccessControl& access, core::EventNotifier& notifier, int max_watchers);

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;

  Reactor* CreateCaseFile(Context* context, const v1::CreateCaseFileRequest* request,
                          v1::CaseFile* response) override;
  Reactor* GetCaseFile(Context* context, const v1::GetCaseFileRequest* request,
                       v1::CaseFile* response) override;
  Reactor* ListCaseFiles(Context* context, const v1::ListCaseFilesRequest* request,
                         v1::ListCaseFilesResponse* response) override;
  Reactor* UpdateCaseFile(Context* context, const v1::UpdateCaseFileRequest* request,
                          v1::CaseFile* response) override;
  Reactor* AssessCaseFile(Context* context, const v1::AssessCaseFileRequest* request,
                          v1::ThresholdAssessment* response) override;
  Reactor* VerifyAuditChain(Context* context, const v1::VerifyAuditChainRequest* request,
                            v1::AuditChainVerification* response) override;
  grpc::ServerWriteReactor<v1::CaseEvent>* WatchCaseEvents(
      Context* context, const v1::WatchCaseEventsRequest* request) override;

 private:
  grpc::Status DoCreate(const core::Principal& caller, const v1::CreateCaseFileRequest& request,
                        v1::CaseFile* response);
  grpc::Status DoUpdate(const core::Principal& caller, const v1::UpdateCaseFileRequest& request,
                        v1::CaseFile* response);
  // Applies `act` to the stored case for `caller`; `request` (with its `request_id`) keys the
  // replay of a retry. See CaseAct.
  grpc::Status ApplyAct(const core::Principal& caller, const CaseAct& act,
                        const google::protobuf::Message& request, const std::string& request_id,
                        google::protobuf::Message* response);
  grpc::Status DoList(const core::Principal& caller, const v1::ListCaseFilesRequest& request,
                      v1::ListCaseFilesResponse* response);
  // The case if the caller may read it; NOT_FOUND (also for cases outside the caller's scope, so
  // their existence is not revealed) or a denial otherwise.
  grpc::Status ReadableCase(const core::Principal& caller, const std::string& name,
                            const std::string& method, CaseRow* row);

  core::ConnectionPool& pool_;
  core::BlockingExecutor& executor_;
  core::AccessControl& access_;
  core::EventNotifier& notifier_;
  const int max_watchers_;
  std::atomic<int> watchers_{0};
  IntakeRepository repository_;
};

}  // namespace casebridge::intake
