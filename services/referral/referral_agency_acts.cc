// The agency's acts before the transfer (国务院令第310号第五条): the draft's task force and case
// snapshot, the task force's report, the head's approval or refusal, and withdrawal.
#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "services/core/rpc.h"
#include "services/referral/referral_acts.h"
#include "services/referral/referral_fields.h"
#include "services/referral/referral_rows.h"

namespace casebridge::referral {
namespace {

using core::FieldViolations;
using core::Principal;
namespace rl = law::referral;

constexpr TextRule kPromptedBy{"移送缘由", "prompting reference", 200, false, true};
constexpr TextRule kSummary{"报告摘要", "summary of the report", 10000, true, false};
constexpr TextRule kOpinion{"审批意见", "opinion", 2000, false, false};
constexpr TextRule kRefusalReasons{"不批准移送的理由", "reasons for refusing", 4000, true, false};
constexpr TextRule kWithdrawalReasons{"撤回理由", "reasons for withdrawing", 4000, true, false};

constexpr char kTaskForce[] = "task_force";
constexpr char kPromptedByPath[] = "prompted_by";

void CheckUpdateMask(const google::protobuf::FieldMask& mask, FieldViolations& v) {
  if (mask.paths().empty()) {
    v.Add("update_mask",
          "须在 update_mask 中列出要修改的字段：task_force、prompted_by / list the fields to "
          "change in update_mask: task_force, prompted_by");
  }
  for (int i = 0; i < mask.paths_size(); ++i) {
    if (mask.paths(i) != kTaskForce && mask.paths(i) != kPromptedByPath) {
      v.Add("update_mask.paths[" + std::to_string(i) + "]",
            "“" + mask.paths(i) + "”不能修改；可修改 task_force（整体）和 prompted_by / '" +
                mask.paths(i) + "' cannot change; task_force (as a whole) and prompted_by can");
    }
  }
}

bool InMask(const google::protobuf::FieldMask& mask, const std::string& path) {
  return std::find(mask.paths().begin(), mask.paths().end(), path) != mask.paths().end();
}

}  // namespace

grpc::ServerUnaryReactor* ReferralService::UpdateReferral(Context* context,
                                                          const v1::UpdateReferralRequest* request,
                                                          v1::Referral* response) {
  return core::RunUnary(context, executor_, "UpdateReferral", [=, this] {
    Principal caller = access_.Authenticate(*context);
    const v1::Referral& in = request->referral();
    if (ReferralIdFromName(in.name()).empty()) {
      FieldViolations v;
      v.Add("referral.name", "格式应为 referrals/{id} / expected referrals/{id}");
      return v.ToStatus();
    }
    ReferralAct act;
    act.act = rl::Act::kUpdate;
    act.method = "UpdateReferral";
    act.event_type = v1::ReferralEvent::TYPE_UPDATED;
    act.name = in.name();
    act.etag = in.etag();
    act.request_id = request->request_id();
    const google::protobuf::FieldMask& mask = request->update_mask();
    CheckUpdateMask(mask, act.request_problems);
    if (InMask(mask, kTaskForce)) {
      ValidateTaskForce(in.task_force(), "referral.task_force", act.request_problems);
    }
    if (InMask(mask, kPromptedByPath)) {
      CheckText(in.prompted_by(), "referral.prompted_by", kPromptedBy, act.request_problems);
    }
    act.change = [&](pqxx::transaction_base&, v1::Referral& r, std::string*) -> grpc::Status {
      if (InMask(mask, kTaskForce)) *r.mutable_task_force() = in.task_force();
      if (InMask(mask, kPromptedByPath)) r.set_prompted_by(in.prompted_by());
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::RefreshCaseSnapshot(
    Context* context, const v1::RefreshCaseSnapshotRequest* request, v1::Referral* response) {
  return core::RunUnary(context, executor_, "RefreshCaseSnapshot", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act = ActOn(*request, rl::Act::kRefreshSnapshot, "RefreshCaseSnapshot",
                            v1::ReferralEvent::TYPE_SNAPSHOT_REFRESHED);
    // Read with the caller's own credentials, as at creation: the snapshot never shows what the
    // officer could not read.
    v1::CaseFile fresh;
    act.prepare = [&](const v1::Referral& stored) -> grpc::Status {
      grpc::Status s = intake_.GetCaseFile(*context, stored.case_file(), &fresh);
      return s.ok() ? s : CaseReadRefusal(s);
    };
    act.change = [&](pqxx::transaction_base&, v1::Referral& r, std::string*) -> grpc::Status {
      *r.mutable_case_snapshot() = CaseSnapshotOf(
          fresh, google::protobuf::util::TimeUtil::TimestampToMicroseconds(act.record_time));
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::SubmitReport(Context* context,
                                                        const v1::SubmitReportRequest* request,
                                                        v1::Referral* response) {
  return core::RunUnary(context, executor_, "SubmitReport", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act = ActOn(*request, rl::Act::kSubmitReport, "SubmitReport",
                            v1::ReferralEvent::TYPE_REPORT_SUBMITTED);
    FieldViolations& v = act.request_problems;
    // The head's role cannot be checked here (users live in accounts); the head who decides must
    // hold ROLE_AGENCY_HEAD in the agency, which ApproveReferral and RefuseReferral enforce.
    if (!IsUserName(request->head())) {
      v.Add("head",
            "须指明报告的负责人，格式 users/{id}（国务院令第310号第五条：正职负责人或者主持工作的"
            "负责人） / name the head reported to, written users/{id} (国务院令第310号 art. 5)");
    }
    CheckText(request->summary(), "summary", kSummary, v);
    DocumentMentions documents(request->name());
    if (request->investigation_report().empty()) {
      // Without material ② the head would approve a referral that could never be transferred.
      v.Add("investigation_report",
            "须附涉嫌犯罪案件情况的调查报告，请先上传（国务院令第310号第六条第二项） / attach the "
            "investigation report, uploaded first (国务院令第310号 art. 6 ②)");
    }
    documents.Add(request->investigation_report(), "investigation_report", v);
    CheckOffences(request->suspected_offences(), "suspected_offences", v);
    act.prepare = [&](const v1::Referral& stored) -> grpc::Status {
      const auto& members = stored.task_force().members();
      access_.Require(caller,
                      std::find(members.begin(), members.end(), caller.user()) != members.end(),
                      act.method, act.name,
                      "只有专案组成员才能向负责人报告（国务院令第310号第五条） / only members of "
                      "the task force report to the head (国务院令第310号 art. 5)");
      return grpc::Status::OK;
    };
    act.change = [&](pqxx::transaction_base& tx, v1::Referral& r, std::string*) -> grpc::Status {
      FieldViolations stored;
      documents.CheckStored(tx, repository_, stored);
      if (!stored.empty()) return stored.ToStatus();
      v1::Referral::Report& report = *r.mutable_report();
      report.set_head(request->head());
      report.set_summary(request->summary());
      report.set_investigation_report(request->investigation_report());
      *report.mutable_suspected_offences() = request->suspected_offences();
      *report.mutable_submitted_by() = ActorOf(caller);
      *report.mutable_submit_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::ApproveReferral(
    Context* context, const v1::ApproveReferralRequest* request, v1::Referral* response) {
  return core::RunUnary(context, executor_, "ApproveReferral", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act =
        ActOn(*request, rl::Act::kApprove, "ApproveReferral", v1::ReferralEvent::TYPE_APPROVED);
    CheckText(request->opinion(), "opinion", kOpinion, act.request_problems);
    act.change = [&](pqxx::transaction_base&, v1::Referral& r, std::string*) -> grpc::Status {
      v1::Referral::HeadDecision& decision = *r.mutable_head_decision();
      decision.set_approved(true);
      decision.set_opinion(request->opinion());
      *decision.mutable_decided_by() = ActorOf(caller);
      *decision.mutable_decide_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::RefuseReferral(Context* context,
                                                          const v1::RefuseReferralRequest* request,
                                                          v1::Referral* response) {
  return core::RunUnary(context, executor_, "RefuseReferral", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act =
        ActOn(*request, rl::Act::kRefuse, "RefuseReferral", v1::ReferralEvent::TYPE_REFUSED);
    // 不批准的，应当将不予批准的理由记录在案 (国务院令第310号第五条).
    CheckText(request->reasons(), "reasons", kRefusalReasons, act.request_problems);
    act.change = [&](pqxx::transaction_base&, v1::Referral& r, std::string*) -> grpc::Status {
      v1::Referral::HeadDecision& decision = *r.mutable_head_decision();
      decision.set_approved(false);
      decision.set_refusal_reasons(request->reasons());
      *decision.mutable_decided_by() = ActorOf(caller);
      *decision.mutable_decide_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::WithdrawReferral(
    Context* context, const v1::WithdrawReferralRequest* request, v1::Referral* response) {
  return core::RunUnary(context, executor_, "WithdrawReferral", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act =
        ActOn(*request, rl::Act::kWithdraw, "WithdrawReferral", v1::ReferralEvent::TYPE_WITHDRAWN);
    CheckText(request->reasons(), "reasons", kWithdrawalReasons, act.request_problems);
    act.change = [&](pqxx::transaction_base&, v1::Referral& r, std::string*) -> grpc::Status {
      v1::Referral::Withdrawal& withdrawal = *r.mutable_withdrawal();
      withdrawal.set_reasons(request->reasons());
      *withdrawal.mutable_withdrawn_by() = ActorOf(caller);
      *withdrawal.mutable_withdraw_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

}  // namespace casebridge::referral
