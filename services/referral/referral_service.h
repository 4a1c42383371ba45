// ReferralService: referrals of suspected crimes to the police under 国务院令第310号, one custom
// method per statutory act, each through ApplyAct (referral_service.cc).
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "casebridge/v1/referral.grpc.pb.h"
#include "services/core/access_control.h"
#include "services/core/database.h"
#include "services/core/errors.h"
#include "services/core/event_notifier.h"
#include "services/core/executor.h"
#include "services/law/calendar.h"
#include "services/law/referral_workflow.h"
#include "services/referral/clock_book.h"
#include "services/referral/intake_client.h"
#include "services/referral/organisation_directory.h"
#include "services/referral/referral_document_records.h"
#include "services/referral/referral_repository.h"

namespace casebridge::referral {

// The notification channel of the referral feed (referral_repository.cc issues it).
inline constexpr char kReferralEventChannel[] = "referral_events";

// One statutory act on a stored referral, as ApplyAct carries it out.
struct ReferralAct {
  law::referral::Act act = law::referral::Act::kUnspecified;
  std::string method;  // e.g. "ApproveReferral", for audit and errors
  v1::ReferralEvent::Type event_type = v1::ReferralEvent::TYPE_UNSPECIFIED;
  std::string name;  // referrals/{id}
  std::string etag;
  std::string request_id;
  // Problems of the request's own fields, found before anything is read; every one is listed.
  core::FieldViolations request_problems;
  // When the act is recorded, set by ApplyAct before `change`: every record of the act carries
  // this time, as the clocks it moves do, so the act has one time throughout.
  google::protobuf::Timestamp record_time;
  // Work outside the transaction once the act is allowed, e.g. reading case documents from
  // intake; gets the stored referral. A non-OK status refuses the act with nothing written.
  std::function<grpc::Status(const v1::Referral& stored)> prepare;
  // Records the act on the referral (after the clocks moved, before the state does) and sets
  // *subject to what it acted on, if not the referral itself. `tx` is for reads such as the next
  // document number. A non-OK status refuses the act with nothing written.
  std::function<grpc::Status(pqxx::transaction_base& tx, v1::Referral& r, std::string* subject)>
      change;
  // Further writes in the same transaction after the referral row (e.g. documents' bytes).
  std::function<void(pqxx::transaction_base& tx, const v1::Referral& r)> also_write;
};

class ReferralService final : public v1::ReferralService::CallbackService {
 public:
  ReferralService(core::ConnectionPool& pool, core::BlockingExecutor& executor,
                  core::AccessControl& access, core::EventNotifier& notifier, IntakeClient& intake,
                  ClockSettings clock_settings, int max_watchers);

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;

  // ---- Resource methods (referral_service.cc) ----
  Reactor* CreateReferral(Context* context, const v1::CreateReferralRequest* request,
                          v1::Referral* response) override;
  Reactor* GetReferral(Context* context, const v1::GetReferralRequest* request,
                       v1::Referral* response) override;
  Reactor* ListReferrals(Context* context, const v1::ListReferralsRequest* request,
                         v1::ListReferralsResponse* response) override;

  // ---- Agency acts (referral_agency_acts.cc) ----
  Reactor* UpdateReferral(Context* context, const v1::UpdateReferralRequest* request,
                          v1::Referral* response) override;
  Reactor* RefreshCaseSnapshot(Context* context, const v1::RefreshCaseSnapshotRequest* request,
                               v1::Referral* response) override;
  Reactor* SubmitReport(Context* context, const v1::SubmitReportRequest* request,
                        v1::Referral* response) override;
  Reactor* ApproveReferral(Context* context, const v1::ApproveReferralRequest* request,
                           v1::Referral* response) override;
  Reactor* RefuseReferral(Context* context, const v1::RefuseReferralRequest* request,
                          v1::Referral* response) override;
  Reactor* WithdrawReferral(Context* context, const v1::WithdrawReferralRequest* request,
                            v1::Referral* response) override;
  // After the police decided (referral_agency_followup_acts.cc).
  Reactor* RequestReconsideration(Context* context,
                                  const v1::RequestReconsiderationRequest* request,
                                  v1::Referral* response) override;
  Reactor* ProposeSupervision(Context* context, const v1::ProposeSupervisionRequest* request,
                              v1::Referral* response) override;
  Reactor* RecordHandover(Context* context, const v1::RecordHandoverRequest* request,
                          v1::Referral* response) override;
  Reactor* AcknowledgeReverseTransfer(Context* context,
                                      const v1::AcknowledgeReverseTransferRequest* request,
                                      v1::Referral* response) override;
  Reactor* ReportAdministrativeOutcome(Context* context,
                                       const v1::ReportAdministrativeOutcomeRequest* request,
                                       v1::Referral* response) override;
  // Also the filing police's and procurators' (国务院令第310号第十一条).
  Reactor* RecordFineOffset(Context* context, const v1::RecordFineOffsetRequest* request,
                            v1::Referral* response) override;

  // ---- Police acts (referral_police_acts.cc) ----
  Reactor* ForwardReferral(Context* context, const v1::ForwardReferralRequest* request,
                           v1::Referral* response) override;
  Reactor* FileCase(Context* context, const v1::FileCaseRequest* request,
                    v1::Referral* response) override;
  Reactor* DeclineFiling(Context* context, const v1::DeclineFilingRequest* request,
                         v1::Referral* response) override;
  Reactor* DecideReconsideration(Context* context, const v1::DecideReconsiderationRequest* request,
                                 v1::Referral* response) override;
  Reactor* ConfirmHandover(Context* context, const v1::ConfirmHandoverRequest* request,
                           v1::Referral* response) override;
  Reactor* ReverseTransfer(Context* context, const v1::ReverseTransferRequest* request,
                           v1::Referral* response) override;

  // ---- Documents (referral_document_rpcs.cc, referral_document_upload.cc) ----
  grpc::ServerReadReactor<v1::UploadReferralDocumentRequest>* UploadReferralDocument(
      Context* context, v1::ReferralDocument* response) override;
  Reactor* GetReferralDocument(Context* context, const v1::GetReferralDocumentRequest* request,
                               v1::ReferralDocument* response) override;
  Reactor* ListReferralDocuments(Context* context, const v1::ListReferralDocumentsRequest* request,
                                 v1::ListReferralDocumentsResponse* response) override;
  grpc::ServerWriteReactor<v1::DownloadReferralDocumentResponse>* DownloadReferralDocument(
      Context* context, const v1::DownloadReferralDocumentRequest* request) override;
  // 移送 (an agency act) and 签收回执 (a police act) stand here beside the documents they generate
  // and check (referral_transfer.cc).
  Reactor* TransferReferral(Context* context, const v1::TransferReferralRequest* request,
                            v1::Referral* response) override;
  Reactor* ReceiveReferral(Context* context, const v1::ReceiveReferralRequest* request,
                           v1::Referral* response) override;

  // Uploads accepted by default, and the most the contract allows (UploadReferralDocumentMetadata).
  static constexpr int64_t kDefaultMaxDocumentBytes = 20 * 1024 * 1024;
  static constexpr int64_t kMaxDocumentBytesCeiling = 64 * 1024 * 1024;
  // Set by main before serving: the largest upload accepted, and the organisation directory the
  // acts read (names printed on generated documents, kinds of the organisations a request names);
  // without one, acts that need it are refused as UNAVAILABLE.
  void ConfigureDocuments(int64_t max_document_bytes, OrganisationDirectory* directory);

  // ---- Deadlines, feed and audit (referral_deadlines.cc, referral_feed.cc) ----
  Reactor* GetDeadline(Context* context, const v1::GetDeadlineRequest* request,
                       v1::Deadline* response) override;
  Reactor* ListDeadlines(Context* context, const v1::ListDeadlinesRequest* request,
                         v1::ListDeadlinesResponse* response) override;
  grpc::ServerWriteReactor<v1::ReferralEvent>* WatchReferralEvents(
      Context* context, const v1::WatchReferralEventsRequest* request) override;
  Reactor* VerifyAuditChain(Context* context, const v1::VerifyAuditChainRequest* request,
                            v1::AuditChainVerification* response) override;

  // Carries out `act` for `caller`: checks the request, reads the referral (NOT_FOUND, or
  // PERMISSION_DENIED when the caller may not see it), asks the law whether the caller's role may
  // do the act in the referral's state (PERMISSION_DENIED, audited; or FAILED_PRECONDITION naming
  // the state and the acts possible now; a retry of an act already done is answered as the first
  // time instead), then in one transaction: replays a repeated request_id, checks the etag
  // (ABORTED), moves the clocks, records the act, moves the state, and writes the referral, its
  // clocks, an audit record and one event. Answers the referral in BASIC view.
  grpc::Status ApplyAct(const core::Principal& caller, ReferralAct& act,
                        const google::protobuf::Message& request, v1::Referral* response);

 private:
  grpc::Status DoCreate(const core::Principal& caller, const grpc::ServerContextBase& context,
                        const v1::CreateReferralRequest& request, v1::Referral* response);
  // The referral `name` with its stored row, if the caller may read it.
  grpc::Status ReadableReferral(const core::Principal& caller, const std::string& name,
                                const std::string& method, ReferralRow* row);

  // Documents (referral_document_*.cc).
  // The document `name` if the caller may read its referral; NOT_FOUND when it has none such.
  grpc::Status ReadableDocument(const core::Principal& caller, const std::string& name,
                                const std::string& method, DocumentRow* row);
  // Adds `document` to the referral `metadata.parent` as ApplyAct does an act, for the one change
  // outside the law's table of acts: see referral_document_upload.cc.
  grpc::Status AddDocument(const core::Principal& caller,
                           const v1::UploadReferralDocumentMetadata& metadata, NewDocument document,
                           v1::ReferralDocument* response);
  int64_t max_document_bytes_ = kDefaultMaxDocumentBytes;
  OrganisationDirectory* directory_ = nullptr;

  core::ConnectionPool& pool_;
  core::BlockingExecutor& executor_;
  core::AccessControl& access_;
  core::EventNotifier& notifier_;
  IntakeClient& intake_;
  const ClockSettings clock_settings_;
  const law::WorkingCalendar& calendar_;
  const int max_watchers_;
  std::atomic<int> watchers_{0};
  ReferralRepository repository_;
};

}  // namespace casebridge::referral
