// The IntakeService RPCs: where protobuf meets the case store, with every permission checked.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "casebridge/v1/intake.grpc.pb.h"
#include "services/core/access_control.h"
#include "services/core/database.h"
#include "services/core/event_notifier.h"
#include "services/core/executor.h"
#include "services/intake/case_acts.h"
#include "services/intake/entry_clock.h"
#include "services/intake/intake_repository.h"
#include "services/intake/threshold_rule_book.h"

namespace casebridge::intake {

class IntakeService final : public v1::IntakeService::CallbackService {
 public:
  // `rules` is the threshold rule book in force (shared with the Reassessor); `entry_policy` the
  // entry periods by region (entry_clock.h).
  IntakeService(core::ConnectionPool& pool, core::BlockingExecutor& executor,
                core::AccessControl& access, core::EventNotifier& notifier, RuleBookCache& rules,
                EntryClockPolicy entry_policy, int max_watchers,
                int64_t max_document_bytes = kDefaultMaxDocumentBytes);

  // The largest document UploadDocument accepts unless configured otherwise (20 MB), and the
  // contract's ceiling for any configuration (64 MiB).
  static constexpr int64_t kDefaultMaxDocumentBytes = 20 * 1024 * 1024;
  static constexpr int64_t kMaxDocumentBytesCeiling = 64 * 1024 * 1024;

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

  // Case documents (case_documents.cc, document_upload.cc).
  grpc::ServerReadReactor<v1::UploadDocumentRequest>* UploadDocument(
      Context* context, v1::CaseDocument* response) override;
  Reactor* GetDocument(Context* context, const v1::GetDocumentRequest* request,
                       v1::CaseDocument* response) override;
  Reactor* ListDocuments(Context* context, const v1::ListDocumentsRequest* request,
                         v1::ListDocumentsResponse* response) override;
  grpc::ServerWriteReactor<v1::DownloadDocumentResponse>* DownloadDocument(
      Context* context, const v1::DownloadDocumentRequest* request) override;

  // Seized goods (seized_items.cc).
  Reactor* AddSeizedItem(Context* context, const v1::AddSeizedItemRequest* request,
                         v1::SeizedItem* response) override;
  Reactor* UpdateSeizedItem(Context* context, const v1::UpdateSeizedItemRequest* request,
                            v1::SeizedItem* response) override;
  Reactor* RecordSeizedItemDisposal(Context* context,
                                    const v1::RecordSeizedItemDisposalRequest* request,
                                    v1::SeizedItem* response) override;
  // Penalty decisions (penalty_decisions.cc).
  Reactor* RecordPenaltyDecision(Context* context, const v1::RecordPenaltyDecisionRequest* request,
                                 v1::PenaltyDecision* response) override;
  Reactor* RecordPenaltyExecution(Context* context,
                                  const v1::RecordPenaltyExecutionRequest* request,
                                  v1::PenaltyDecision* response) override;
  Reactor* RevokePenaltyDecision(Context* context, const v1::RevokePenaltyDecisionRequest* request,
                                 v1::PenaltyDecision* response) override;
  // Closing and referral status (case_lifecycle.cc).
  Reactor* CloseCaseFile(Context* context, const v1::CloseCaseFileRequest* request,
                         v1::CaseFile* response) override;
  Reactor* RecordReferralStatus(Context* context, const v1::RecordReferralStatusRequest* request,
                                v1::CaseFile* response) override;

  // Threshold rules (threshold_rules.cc).
  Reactor* ListThresholdRules(Context* context, const v1::ListThresholdRulesRequest* request,
                              v1::ListThresholdRulesResponse* response) override;
  Reactor* GetThresholdRule(Context* context, const v1::GetThresholdRuleRequest* request,
                            v1::ThresholdRule* response) override;
  Reactor* UpdateThresholdRule(Context* context, const v1::UpdateThresholdRuleRequest* request,
                               v1::ThresholdRule* response) override;
  Reactor* EnableThresholdRule(Context* context, const v1::EnableThresholdRuleRequest* request,
                               v1::ThresholdRule* response) override;
  Reactor* DisableThresholdRule(Context* context, const v1::DisableThresholdRuleRequest* request,
                                v1::ThresholdRule* response) override;

  grpc::ServerBidiReactor<v1::ImportCaseFilesRequest, v1::ImportCaseFilesResponse>* ImportCaseFiles(
      Context* context) override;
  // One batch of an import, all or nothing (case_import.cc); blocking, run on the executor.
  v1::ImportCaseFilesResponse ImportBatch(const core::Principal& caller,
                                          const v1::ImportCaseFilesRequest& request);
  core::BlockingExecutor& executor() { return executor_; }

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

  // One administrator's change of a threshold rule: `apply` changes the rule as stored and names
  // the fields it set; `conflict_fields` are the request fields to blame when the changed rule no
  // longer fits the table.
  struct RuleChange {
    std::string method;
    std::string name;
    std::string etag;
    std::string request_id;
    std::function<grpc::Status(v1::ThresholdRule& rule, std::vector<std::string>* fields)> apply;
    std::vector<std::string> conflict_fields;
  };
  // Applies `change` with request_id replay, etag, audit and version history in one transaction,
  // then installs the new rule book (threshold_rules.cc).
  grpc::Status ChangeThresholdRule(const core::Principal& caller, const RuleChange& change,
                                   const google::protobuf::Message& request,
                                   v1::ThresholdRule* response);
  grpc::Status ToggleThresholdRule(const Context& context, bool enable,
                                   const std::string& request_id, const std::string& name,
                                   const std::string& etag, const std::string& note,
                                   const google::protobuf::Message& request,
                                   v1::ThresholdRule* response);

  // The reactors of UploadDocument and DownloadDocument, which use the private parts below.
  class DocumentUpload;
  class DocumentDownload;
  // The document `name` (caseFiles/{id}/documents/{id}) with its case, if the caller may read it.
  grpc::Status ReadableDocument(const core::Principal& caller, const std::string& name,
                                const std::string& method, CaseRow* row,
                                v1::CaseDocument* document);

  core::ConnectionPool& pool_;
  core::BlockingExecutor& executor_;
  core::AccessControl& access_;
  core::EventNotifier& notifier_;
  RuleBookCache& rules_;
  const EntryClockPolicy entry_policy_;
  const int max_watchers_;
  std::atomic<int> watchers_{0};
  const int64_t max_document_bytes_;
  IntakeRepository repository_;
};

}  // namespace casebridge::intake
