// ImportCaseFiles: batches of legacy cases, validated record by record, committed all or nothing
// with COPY, one audit record and one event per case.
#include <google/protobuf/util/time_util.h>

#include <set>

#include "services/core/audit.h"
#include "services/core/digest.h"
#include "services/core/errors.h"
#include "services/core/log.h"
#include "services/core/request_log.h"
#include "services/core/transaction.h"
#include "services/intake/case_rows.h"
#include "services/intake/case_validation.h"
#include "services/intake/intake_access.h"
#include "services/intake/intake_service.h"
#include "services/law/calendar.h"

namespace casebridge::intake {
namespace {

using google::protobuf::util::TimeUtil;
constexpr int kMaxRecordsPerBatch = 500;

void AddViolation(v1::ImportRejection& rejection, const std::string& field,
                  const std::string& description) {
  auto* v = rejection.add_violations();
  v->set_field(field);
  v->set_description(description);
}

// The stream: one batch at a time, answered in order.
class ImportReactor final
    : public grpc::ServerBidiReactor<v1::ImportCaseFilesRequest, v1::ImportCaseFilesResponse> {
 public:
  ImportReactor(IntakeService& service, core::Principal caller)
      : service_(service), caller_(std::move(caller)) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status::OK);  // the client sent its last batch
      return;
    }
    if (!service_.executor().Post([this] {
          try {
            response_ = service_.ImportBatch(caller_, request_);
          } catch (...) {
            Finish(core::StatusFromCurrentException("ImportCaseFiles"));
            return;
          }
          StartWrite(&response_);
        })) {
      Finish(core::StatusWithReason(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                    "服务繁忙，请稍后重试 / The service is busy; try again shortly",
                                    "SERVER_BUSY"));
    }
  }

  void OnWriteDone(bool ok) override {
    if (ok) {
      StartRead(&request_);
    } else {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    }
  }

  void OnDone() override { delete this; }

 private:
  IntakeService& service_;
  const core::Principal caller_;
  v1::ImportCaseFilesRequest request_;
  v1::ImportCaseFilesResponse response_;
};

// A stream refused before its first batch.
class RefusedImport final
    : public grpc::ServerBidiReactor<v1::ImportCaseFilesRequest, v1::ImportCaseFilesResponse> {
 public:
  explicit RefusedImport(grpc::Status status) { Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerBidiReactor<v1::ImportCaseFilesRequest, v1::ImportCaseFilesResponse>*
IntakeService::ImportCaseFiles(Context* context) {
  try {
    core::Principal caller = access_.Authenticate(*context);
    access_.Require(caller, MayFileCases(caller), "ImportCaseFiles", "caseFiles",
                    "only officers of an enforcement agency import cases, for their own agency");
    return new ImportReactor(*this, std::move(caller));
  } catch (const core::ServiceError& e) {
    return new RefusedImport(e.status());
  }
}

v1::ImportCaseFilesResponse IntakeService::ImportBatch(const core::Principal& caller,
                                                       const v1::ImportCaseFilesRequest& request) {
  core::FieldViolations batch_problems;
  if (auto problem = core::CheckRequestId(request.request_id()); !problem.empty()) {
    batch_problems.Add("request_id", problem);
  }
  if (request.records_size() == 0 || request.records_size() > kMaxRecordsPerBatch) {
    batch_problems.Add("records", "每批须含 1 至 500 条记录 / a batch holds 1 to 500 records");
  }
  if (!batch_problems.empty()) throw core::ServiceError(batch_problems.ToStatus());

  v1::ImportCaseFilesResponse response;
  response.set_request_id(request.request_id());
  response.set_record_count(request.records_size());
  const auto today = law::ShanghaiDate(std::chrono::system_clock::now());
  std::set<std::string> numbers_in_batch, ids_in_batch;
  std::vector<std::string> numbers;
  for (int i = 0; i < request.records_size(); ++i) {
    const v1::ImportRecord& record = request.records(i);
    core::FieldViolations v;
    ValidateCaseFileContent(record.case_file(), today, v, "case_file");
    if (!record.case_file_id().empty() &&
        (CaseIdFromName("caseFiles/" + record.case_file_id()) != record.case_file_id() ||
         !ids_in_batch.insert(record.case_file_id()).second)) {
      v.Add("case_file_id", "标识无效或在本批中重复 / invalid, or repeated within this batch");
    }
    if (!record.case_file().case_number().empty() &&
        !numbers_in_batch.insert(record.case_file().case_number()).second) {
      v.Add("case_file.case_number",
            "立案编号在本批中重复 / this case number appears twice in the batch");
    }
    // Seized goods and penalty decisions of legacy cases are entered with the case's own
    // methods after import; the batch path carries the case and its closure.
    if (record.seized_items_size() > 0) {
      v.Add("seized_items",
            "批量导入仅导入案件本身，涉案物品请导入后用 cbctl case seize 录入 / "
            "import the case first, then record its seized goods");
    }
    if (record.penalty_decisions_size() > 0) {
      v.Add("penalty_decisions",
            "处罚决定请导入后用 cbctl case penalty 录入 / import the case "
            "first, then record its penalty decisions");
    }
    numbers.push_back(record.case_file().case_number());
    if (!v.empty()) {
      auto* rejection = response.add_rejected();
      rejection->set_record_ref(record.record_ref());
      rejection->set_index(i);
      for (const auto& [field, description] : v.items())
        AddViolation(*rejection, field, description);
    }
  }

  const auto key =
      core::MakeRequestKey(caller.user(), "ImportCaseFiles", request.request_id(), request);
  const std::string agency_id = OrganisationId(caller.organisation());
  const std::shared_ptr<const RuleBook> rules = rules_.Current();
  return core::InTransaction(pool_, [&](pqxx::work& tx) {
    v1::ImportCaseFilesResponse out = response;
    if (core::ReplayPriorResponse(tx, key, &out)) {
      out.set_outcome(v1::ImportCaseFilesResponse::OUTCOME_REPLAYED);
      return out;
    }
    // Re-running an import file never duplicates: numbers already used are rejected.
    const auto existing = repository_.ExistingCaseNumbers(tx, agency_id, numbers);
    const std::set<std::string> taken(existing.begin(), existing.end());
    for (int i = 0; i < request.records_size(); ++i) {
      if (!taken.contains(request.records(i).case_file().case_number())) continue;
      v1::ImportRejection* rejection = nullptr;
      for (auto& r : *out.mutable_rejected()) {
        if (r.index() == i) rejection = &r;
      }
      if (rejection == nullptr) {
        rejection = out.add_rejected();
        rejection->set_record_ref(request.records(i).record_ref());
        rejection->set_index(i);
      }
      AddViolation(*rejection, "case_file.case_number",
                   "本机关已有此立案编号的案件 / your agency already has a case with this number");
    }
    if (out.rejected_size() > 0) {
      out.set_outcome(v1::ImportCaseFilesResponse::OUTCOME_REJECTED);
      return out;
    }
    if (request.validate_only()) {
      out.set_outcome(v1::ImportCaseFilesResponse::OUTCOME_VALID);
      return out;
    }
    const int64_t now = NowMicros();
    std::vector<CaseRow> rows;
    std::vector<std::string> events;
    std::string digests;
    rows.reserve(request.records_size());
    for (const v1::ImportRecord& record : request.records()) {
      v1::CaseFile c = record.case_file();
      const std::string id = record.case_file_id().empty() ? core::HexEncode(core::RandomBytes(10))
                                                           : record.case_file_id();
      for (int f : {v1::CaseFile::kSeizedItemsFieldNumber, v1::CaseFile::kDocumentsFieldNumber,
                    v1::CaseFile::kPenaltyDecisionsFieldNumber, v1::CaseFile::kReferralsFieldNumber,
                    v1::CaseFile::kEntryClockFieldNumber, v1::CaseFile::kClosureFieldNumber}) {
        c.GetReflection()->ClearField(&c, c.GetDescriptor()->FindFieldByNumber(f));
      }
      c.set_name("caseFiles/" + id);
      c.set_agency(caller.organisation());
      c.set_region_code(caller.region_code());
      c.set_state(record.has_closure() ? v1::CaseFile::STATE_CLOSED
                                       : v1::CaseFile::STATE_REGISTERED);
      if (record.has_closure()) *c.mutable_closure() = record.closure();
      c.mutable_created_by()->set_user(caller.user());
      c.mutable_created_by()->set_organisation(caller.organisation());
      c.mutable_created_by()->set_display_name(caller.claims.display_name());
      c.set_imported(true);
      *c.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(now);
      *c.mutable_update_time() = c.create_time();
      c.set_etag("1");
      Reassess(c, rules->set, now);
      ChangeRecord change =
          MakeChange(caller, "intake.ImportCaseFiles", v1::CaseEvent::TYPE_CASE_IMPORTED, c, key, c,
                     nullptr, true, "");
      digests += core::StateDigest(c);
      events.push_back(std::move(change.event));
      rows.push_back(ToRow(c, now, now, true));
      auto* imported = out.add_imported();
      imported->set_record_ref(record.record_ref());
      imported->set_case_file(c.name());
    }
    out.set_outcome(v1::ImportCaseFilesResponse::OUTCOME_COMMITTED);
    // One audit record for the batch; its digest covers every case's digest in order, and each
    // event carries its own case's digest.
    const int64_t audit_sequence = core::AppendAudit(
        tx, core::AuditEntry{caller.user(), caller.organisation(), "intake.ImportCaseFiles",
                             "importBatches/" + request.request_id(), core::Sha256Hex(digests)});
    const int64_t first = repository_.ReserveEventSequences(tx, static_cast<int64_t>(rows.size()));
    repository_.CopyCases(tx, rows, events, first, audit_sequence);
    core::RecordResponse(tx, key, out);
    core::LogInfo("cases_imported",
                  {{"count", std::to_string(rows.size())}, {"request_id", request.request_id()}});
    return out;
  });
}

}  // namespace casebridge::intake
