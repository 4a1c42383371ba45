#include "services/intake/intake_service.h"

#include <google/protobuf/util/field_mask_util.h>
#include <google/protobuf/util/time_util.h>

#include "services/core/audit.h"
#include "services/core/audit_rpc.h"
#include "services/core/digest.h"
#include "services/core/errors.h"
#include "services/core/event_feed.h"
#include "services/core/request_log.h"
#include "services/core/rpc.h"
#include "services/core/transaction.h"
#include "services/intake/assessment_mapping.h"
#include "services/intake/case_rows.h"
#include "services/intake/case_validation.h"
#include "services/intake/intake_access.h"
#include "services/law/calendar.h"
#include "services/law/thresholds.h"

namespace casebridge::intake {

using core::FieldViolations;
using core::Principal;
using google::protobuf::util::TimeUtil;

namespace {

std::chrono::year_month_day Today() { return law::ShanghaiDate(std::chrono::system_clock::now()); }

grpc::Status CaseNotFound(const std::string& name) {
  return core::StatusWithReason(grpc::StatusCode::NOT_FOUND,
                                "案件 " + name + " 不存在 / case " + name + " does not exist",
                                "NOT_FOUND", {{"name", name}});
}

grpc::Status DuplicateCaseNumber(const std::string& number) {
  FieldViolations v;
  v.Add("case_file.case_number", "本机关已有立案编号为 " + number +
                                     " 的案件 / your agency already has a case with this number");
  return v.ToStatus();
}

bool IsCaseNumberClash(const pqxx::unique_violation& e) {
  return std::string(e.what()).find("case_files_case_number_unique") != std::string::npos;
}

}  // namespace

IntakeService::IntakeService(core::ConnectionPool& pool, core::BlockingExecutor& executor,
                             core::AccessControl& access, core::EventNotifier& notifier,
                             RuleBookCache& rules, EntryClockPolicy entry_policy, int max_watchers,
                             int64_t max_document_bytes)
    : pool_(pool),
      executor_(executor),
      access_(access),
      notifier_(notifier),
      rules_(rules),
      entry_policy_(std::move(entry_policy)),
      max_watchers_(max_watchers),
      max_document_bytes_(max_document_bytes) {}

// ---- Create ----------------------------------------------------------------------------------

grpc::ServerUnaryReactor* IntakeService::CreateCaseFile(Context* context,
                                                        const v1::CreateCaseFileRequest* request,
                                                        v1::CaseFile* response) {
  return core::RunUnary(context, executor_, "CreateCaseFile", [=, this] {
    Principal caller = access_.Authenticate(*context);
    access_.Require(caller, MayFileCases(caller), "CreateCaseFile", "caseFiles",
                    "only officers of an enforcement agency file cases");
    return DoCreate(caller, *request, response);
  });
}

grpc::Status IntakeService::DoCreate(const Principal& caller,
                                     const v1::CreateCaseFileRequest& request,
                                     v1::CaseFile* response) {
  FieldViolations violations;
  if (auto problem = core::CheckRequestId(request.request_id()); !problem.empty()) {
    violations.Add("request_id", problem);
  }
  if (!request.case_file_id().empty() &&
      CaseIdFromName("caseFiles/" + request.case_file_id()) != request.case_file_id()) {
    violations.Add("case_file_id", "案件标识不能含有 / / the id may not contain /");
  }
  ValidateCaseFileContent(request.case_file(), Today(), violations);
  if (!violations.empty()) return violations.ToStatus();

  const auto key =
      core::MakeRequestKey(caller.user(), "CreateCaseFile", request.request_id(), request);
  const std::shared_ptr<const RuleBook> rules = rules_.Current();
  try {
    // The filing is one statement after the replay lookup, so it needs no BEGIN/COMMIT around it.
    return core::InOneStatement(pool_, [&](pqxx::transaction_base& tx) -> grpc::Status {
      if (core::ReplayPriorResponse(tx, key, response)) return grpc::Status::OK;
      const int64_t now = NowMicros();
      v1::CaseFile c = request.case_file();
      const std::string id = request.case_file_id().empty() ? core::HexEncode(core::RandomBytes(10))
                                                            : request.case_file_id();
      // Output-only fields come from the server, whatever the request said.
      for (int f : {v1::CaseFile::kSeizedItemsFieldNumber, v1::CaseFile::kDocumentsFieldNumber,
                    v1::CaseFile::kPenaltyDecisionsFieldNumber, v1::CaseFile::kReferralsFieldNumber,
                    v1::CaseFile::kEntryClockFieldNumber, v1::CaseFile::kClosureFieldNumber}) {
        c.GetReflection()->ClearField(&c, c.GetDescriptor()->FindFieldByNumber(f));
      }
      c.set_name("caseFiles/" + id);
      c.set_agency(caller.organisation());
      c.set_region_code(caller.region_code());
      c.set_state(v1::CaseFile::STATE_REGISTERED);
      c.mutable_created_by()->set_user(caller.user());
      c.mutable_created_by()->set_organisation(caller.organisation());
      c.mutable_created_by()->set_display_name(caller.claims.display_name());
      c.set_imported(false);
      *c.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(now);
      *c.mutable_update_time() = c.create_time();
      c.set_etag("1");
      Reassess(c, rules->set, now);
      repository_.InsertCase(
          tx, ToRow(c, now, now, false),
          MakeChange(caller, "intake.CreateCaseFile", v1::CaseEvent::TYPE_CASE_CREATED, c, key, c,
                     nullptr, true, ""));
      *response = c;
      return grpc::Status::OK;
    });
  } catch (const pqxx::unique_violation& e) {
    if (!IsCaseNumberClash(e)) throw;
    return DuplicateCaseNumber(request.case_file().case_number());
  }
}

// ---- Read --------------------------------------------------------------------------------------

grpc::Status IntakeService::ReadableCase(const Principal& caller, const std::string& name,
                                         const std::string& method, CaseRow* row) {
  const std::string id = CaseIdFromName(name);
  if (id.empty()) {
    FieldViolations v;
    v.Add("name", "格式应为 caseFiles/{id} / expected caseFiles/{id}");
    return v.ToStatus();
  }
  auto lease = pool_.Acquire();
  pqxx::read_transaction tx(*lease);
  auto found = repository_.FindCase(tx, id);
  if (!found) return CaseNotFound(name);
  access_.Require(caller,
                  MayReadCase(caller, "organisations/" + found->agency_id, found->region_code),
                  method, name,
                  "cases are visible to their own agency and to procuratorates and coordination "
                  "offices whose region covers them");
  *row = std::move(*found);
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* IntakeService::GetCaseFile(Context* context,
                                                     const v1::GetCaseFileRequest* request,
                                                     v1::CaseFile* response) {
  return core::RunUnary(context, executor_, "GetCaseFile", [=, this] {
    Principal caller = access_.Authenticate(*context);
    CaseRow row;
    grpc::Status status = ReadableCase(caller, request->name(), "GetCaseFile", &row);
    if (status.ok()) response->ParseFromString(row.body);
    return status;
  });
}

// ---- Update ------------------------------------------------------------------------------------

grpc::ServerUnaryReactor* IntakeService::UpdateCaseFile(Context* context,
                                                        const v1::UpdateCaseFileRequest* request,
                                                        v1::CaseFile* response) {
  return core::RunUnary(context, executor_, "UpdateCaseFile", [=, this] {
    Principal caller = access_.Authenticate(*context);
    return DoUpdate(caller, *request, response);
  });
}

grpc::Status IntakeService::DoUpdate(const Principal& caller,
                                     const v1::UpdateCaseFileRequest& request,
                                     v1::CaseFile* response) {
  FieldViolations mask_problems;
  ValidateUpdateMask(request.update_mask(), mask_problems);
  CaseAct act;
  act.method = "UpdateCaseFile";
  act.event_type = v1::CaseEvent::TYPE_CASE_UPDATED;
  act.case_name = request.case_file().name();
  act.etag = request.case_file().etag();
  act.etag_field = "case_file.etag";
  act.changed_fields = &request.update_mask();
  act.change = [&](v1::CaseFile& c, std::string*) {
    if (!mask_problems.empty()) return mask_problems.ToStatus();
    google::protobuf::util::FieldMaskUtil::MergeOptions merge;
    merge.set_replace_repeated_fields(true);
    google::protobuf::util::FieldMaskUtil::MergeMessageTo(request.case_file(),
                                                          request.update_mask(), merge, &c);
    FieldViolations problems;
    ValidateCaseFileContent(c, Today(), problems);
    if (!problems.empty()) return problems.ToStatus();
    if (c.state() == v1::CaseFile::STATE_REGISTERED) {
      c.set_state(v1::CaseFile::STATE_UNDER_INVESTIGATION);
    }
    return grpc::Status::OK;
  };
  act.respond = [](const v1::CaseFile& c, const std::string&, google::protobuf::Message* out) {
    out->CopyFrom(c);
  };
  return ApplyAct(caller, act, request, request.request_id(), response);
}

grpc::Status IntakeService::ApplyAct(const Principal& caller, const CaseAct& act,
                                     const google::protobuf::Message& request,
                                     const std::string& request_id,
                                     google::protobuf::Message* response) {
  CaseRow row;
  if (act.by_referral_service) {
    // The referral service acts for whichever agency referred the case; the case itself is read
    // in the transaction below.
    access_.Require(caller, act.referral_peer_verified, act.method, act.case_name,
                    "only the referral service reports where a referral stands");
    row.id = CaseIdFromName(act.case_name);
    if (row.id.empty()) {
      FieldViolations v;
      v.Add("name", "格式应为 caseFiles/{id} / expected caseFiles/{id}");
      return v.ToStatus();
    }
  } else {
    if (grpc::Status s = ReadableCase(caller, act.case_name, act.method, &row); !s.ok()) return s;
    const bool staff = IsAgencyStaff(caller, "organisations/" + row.agency_id);
    access_.Require(caller,
                    staff && (caller.HasRole(v1::ROLE_OFFICER) ||
                              (act.heads_may_act && caller.HasRole(v1::ROLE_AGENCY_HEAD))),
                    act.method, act.case_name,
                    act.heads_may_act ? "only officers and heads of the case's own agency do this"
                                      : "only officers of the case's own agency do this");
  }
  FieldViolations violations;
  if (auto problem = core::CheckRequestId(request_id); !problem.empty()) {
    violations.Add("request_id", problem);
  }
  if (act.takes_etag && act.etag.empty()) {
    violations.Add(act.etag_field,
                   "须提供读取时的 etag，以免覆盖他人的修改 / the etag you read is "
                   "required, so nobody's change is overwritten");
  }
  if (!violations.empty()) return violations.ToStatus();

  const auto key = core::MakeRequestKey(caller.user(), act.method, request_id, request);
  const std::shared_ptr<const RuleBook> rules = rules_.Current();
  try {
    return core::InTransaction(pool_, [&](pqxx::work& tx) -> grpc::Status {
      if (core::ReplayPriorResponse(tx, key, response)) return grpc::Status::OK;
      auto current = repository_.FindCase(tx, row.id);
      if (!current) return CaseNotFound(act.case_name);
      if (act.takes_etag && std::to_string(current->version) != act.etag) {
        return core::StatusWithReason(
            grpc::StatusCode::ABORTED,
            "该案件已被他人修改，请重新读取后再改 / Someone changed this case since you read it; "
            "read it again and redo your change",
            "STALE_ETAG", {{"current_etag", std::to_string(current->version)}});
      }
      v1::CaseFile c;
      c.ParseFromString(current->body);
      if (c.state() == v1::CaseFile::STATE_CLOSED && !act.allowed_when_closed) {
        return core::StatusWithReason(grpc::StatusCode::FAILED_PRECONDITION,
                                      "案件已结案，不能再办理此事项 / The case is closed; this can "
                                      "no longer be done",
                                      "CASE_CLOSED", {{"state", "CLOSED"}});
      }
      std::string subject;
      if (grpc::Status s = act.change(c, &subject); !s.ok()) return s;
      if (act.unchanged_writes_nothing && core::DeterministicBytes(c) == current->body) {
        act.respond(c, subject, response);
        return grpc::Status::OK;
      }
      const int64_t now = NowMicros();
      *c.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(now);
      c.set_etag(std::to_string(current->version + 1));
      const bool assessment_changed = Reassess(c, rules->set, now);
      act.respond(c, subject, response);
      auto sequence = repository_.ReplaceCase(
          tx, ToRow(c, current->create_micros, now, current->imported), current->version,
          MakeChange(caller, "intake." + act.method, act.event_type, c, key, *response,
                     act.changed_fields, assessment_changed, subject));
      if (!sequence) throw pqxx::serialization_failure("case changed concurrently");
      if (act.also_write) act.also_write(tx, c, subject);
      return grpc::Status::OK;
    });
  } catch (const pqxx::unique_violation& e) {
    if (!IsCaseNumberClash(e)) throw;
    FieldViolations v;
    v.Add("case_file.case_number",
          "本机关已有相同立案编号的案件 / your agency already has a case "
          "with this number");
    return v.ToStatus();
  }
}

// ---- Assessment and audit --------------------------------------------------------------------

grpc::ServerUnaryReactor* IntakeService::AssessCaseFile(Context* context,
                                                        const v1::AssessCaseFileRequest* request,
                                                        v1::ThresholdAssessment* response) {
  return core::RunUnary(context, executor_, "AssessCaseFile", [=, this] {
    Principal caller = access_.Authenticate(*context);
    v1::ThresholdFacts facts;
    if (request->has_facts()) {
      access_.Require(
          caller,
          MayFileCases(caller) || IsRegionalReader(caller) || caller.HasRole(v1::ROLE_AGENCY_HEAD),
          "AssessCaseFile", "thresholdFacts",
          "assessment is for enforcement agencies, procuratorates and coordination "
          "offices");
      facts = request->facts();
    } else {
      CaseRow row;
      if (grpc::Status s = ReadableCase(caller, request->name(), "AssessCaseFile", &row); !s.ok()) {
        return s;
      }
      v1::CaseFile c;
      c.ParseFromString(row.body);
      facts = c.threshold_facts();
    }
    // A dry run: nothing is written, not even an audit record.
    *response = AssessmentToProto(law::Assess(rules_.Current()->set, FactsFromProto(facts)),
                                  TimeUtil::MicrosecondsToTimestamp(NowMicros()));
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* IntakeService::VerifyAuditChain(Context* context,
                                                          const v1::VerifyAuditChainRequest*,
                                                          v1::AuditChainVerification* response) {
  return core::RunUnary(context, executor_, "VerifyAuditChain", [=, this] {
    return core::AnswerVerifyAuditChain(access_, pool_, *context, response);
  });
}

}  // namespace casebridge::intake
