// 行政处罚决定: RecordPenaltyDecision, RecordPenaltyExecution, RevokePenaltyDecision.
#include "services/core/rpc.h"
#include "services/intake/case_rows.h"
#include "services/intake/case_sub_resources.h"
#include "services/intake/entry_clock.h"
#include "services/intake/intake_service.h"
#include "services/intake/penalty_validation.h"

namespace casebridge::intake {

using core::FieldViolations;
using core::Principal;

namespace {

constexpr int kMaxPenaltyDecisions = 100;  // per case, intake.proto CaseFile

v1::PenaltyDecision* FindDecision(v1::CaseFile& c, const std::string& name) {
  for (v1::PenaltyDecision& d : *c.mutable_penalty_decisions()) {
    if (d.name() == name) return &d;
  }
  return nullptr;
}

void RespondWithDecision(const v1::CaseFile& c, const std::string& subject,
                         google::protobuf::Message* out) {
  for (const v1::PenaltyDecision& d : c.penalty_decisions()) {
    if (d.name() == subject) out->CopyFrom(d);
  }
}

// The decision `name` of case `c` as it may still change: found, read at `etag`, in force.
grpc::Status DecisionInForce(v1::CaseFile& c, const std::string& name, const std::string& etag,
                             v1::PenaltyDecision** decision) {
  *decision = FindDecision(c, name);
  if (*decision == nullptr) return SubResourceNotFound(name);
  if ((*decision)->etag() != etag) {
    return StaleEtag("处罚决定", "penalty decision", (*decision)->etag());
  }
  if ((*decision)->state() != v1::PenaltyDecision::STATE_IN_FORCE) {
    return NotNow(
        "该处罚决定已撤销或变更，不能再办理此事项 / This decision was revoked or "
        "changed; this can no longer be done",
        "DECISION_REVOKED");
  }
  return grpc::Status::OK;
}

grpc::Status MalformedName(const std::string& field, const std::string& form) {
  FieldViolations v;
  v.Add(field, "格式应为 " + form + " / expected " + form);
  return v.ToStatus();
}

}  // namespace

grpc::ServerUnaryReactor* IntakeService::RecordPenaltyDecision(
    Context* context, const v1::RecordPenaltyDecisionRequest* request,
    v1::PenaltyDecision* response) {
  return core::RunUnary(context, executor_, "RecordPenaltyDecision", [=, this] {
    Principal caller = access_.Authenticate(*context);
    if (CaseIdFromName(request->parent()).empty()) {
      return MalformedName("parent", "caseFiles/{id}");
    }
    CaseAct act;
    act.method = "RecordPenaltyDecision";
    act.event_type = v1::CaseEvent::TYPE_PENALTY_DECIDED;
    act.case_name = request->parent();
    // The case etag: the officer decided against the assessment they saw.
    act.etag = request->etag();
    act.change = [&](v1::CaseFile& c, std::string* subject) {
      if (c.state() == v1::CaseFile::STATE_REFERRED) {
        return NotNow(
            "案件已移送公安机关，不得以行政处罚代替移送（国务院令第310号第十一条）/ The case "
            "is with the police: no administrative penalty may replace the referral "
            "(State Council Decree 310 art. 11)",
            "CASE_REFERRED");
      }
      FieldViolations v;
      std::string number;
      ValidatePenaltyDecision(request->penalty_decision(), c, ShanghaiToday(), v, &number);
      if (!v.empty()) return v.ToStatus();
      if (c.penalty_decisions_size() >= kMaxPenaltyDecisions) {
        return NotNow("每案处罚决定不能超过 100 份 / A case holds at most 100 penalty decisions",
                      "LIMIT_REACHED");
      }
      v1::PenaltyDecision d = request->penalty_decision();
      d.set_decision_number(number);
      d.set_name(c.name() + "/" + kPenaltyDecisions + "/" +
                 NextSubResourceId("pd", c.penalty_decisions_size()));
      *d.mutable_assessment_at_decision() = c.assessment();
      d.clear_execution();
      d.clear_revocation();
      d.clear_entry_clock();
      d.set_state(v1::PenaltyDecision::STATE_IN_FORCE);
      *d.mutable_recorded_by() = ActorOf(caller);
      *d.mutable_create_time() = NowTimestamp();
      *d.mutable_update_time() = d.create_time();
      d.set_etag("1");
      // 录入时限: the decision is entered now; the case's clock is its first decision's or
      // referral's.
      if (EntryDuty(c)) {
        *d.mutable_entry_clock() = DecisionEntryClock(entry_policy_, c, d);
        KeepEarliestEntryClock(c, d.entry_clock());
      }
      if (!d.supersedes().empty()) {
        // The changed decision points to its replacement (Revocation.replaced_by).
        v1::PenaltyDecision* old = FindDecision(c, d.supersedes());
        old->mutable_revocation()->set_replaced_by(d.name());
        old->set_etag(NextEtag(old->etag()));
        *old->mutable_update_time() = d.create_time();
      }
      *subject = d.name();
      *c.add_penalty_decisions() = std::move(d);
      c.set_state(v1::CaseFile::STATE_PENALTY_DECIDED);
      return grpc::Status::OK;
    };
    act.respond = RespondWithDecision;
    return ApplyAct(caller, act, *request, request->request_id(), response);
  });
}

grpc::ServerUnaryReactor* IntakeService::RecordPenaltyExecution(
    Context* context, const v1::RecordPenaltyExecutionRequest* request,
    v1::PenaltyDecision* response) {
  return core::RunUnary(context, executor_, "RecordPenaltyExecution", [=, this] {
    Principal caller = access_.Authenticate(*context);
    auto parsed = ParseSubResourceName(request->name(), kPenaltyDecisions);
    if (!parsed) return MalformedName("name", "caseFiles/{id}/penaltyDecisions/{id}");
    CaseAct act;
    act.method = "RecordPenaltyExecution";
    act.event_type = v1::CaseEvent::TYPE_PENALTY_EXECUTED;
    act.case_name = parsed->case_name;
    act.takes_etag = false;  // the decision's own etag is checked below
    act.change = [&](v1::CaseFile& c, std::string* subject) {
      FieldViolations v;
      RequireEtag(request->etag(), "etag", v);
      if (!v.empty()) return v.ToStatus();
      v1::PenaltyDecision* d = nullptr;
      if (grpc::Status s = DecisionInForce(c, request->name(), request->etag(), &d); !s.ok()) {
        return s;
      }
      ValidatePenaltyExecution(request->execution(), *d, ShanghaiToday(), v);
      if (!v.empty()) return v.ToStatus();
      *d->mutable_execution() = request->execution();
      *d->mutable_execution()->mutable_recorded_by() = ActorOf(caller);
      *d->mutable_execution()->mutable_record_time() = NowTimestamp();
      d->set_etag(NextEtag(d->etag()));
      *d->mutable_update_time() = d->execution().record_time();
      *subject = d->name();
      return grpc::Status::OK;
    };
    act.respond = RespondWithDecision;
    return ApplyAct(caller, act, *request, request->request_id(), response);
  });
}

grpc::ServerUnaryReactor* IntakeService::RevokePenaltyDecision(
    Context* context, const v1::RevokePenaltyDecisionRequest* request,
    v1::PenaltyDecision* response) {
  return core::RunUnary(context, executor_, "RevokePenaltyDecision", [=, this] {
    Principal caller = access_.Authenticate(*context);
    auto parsed = ParseSubResourceName(request->name(), kPenaltyDecisions);
    if (!parsed) return MalformedName("name", "caseFiles/{id}/penaltyDecisions/{id}");
    CaseAct act;
    act.method = "RevokePenaltyDecision";
    act.event_type = v1::CaseEvent::TYPE_PENALTY_REVOKED;
    act.case_name = parsed->case_name;
    act.takes_etag = false;  // the decision's own etag is checked below
    // 行政处罚法 art. 48 / 45号 art. 11: a decision annulled after closing must still be withdrawn.
    act.allowed_when_closed = true;
    act.change = [&](v1::CaseFile& c, std::string* subject) {
      FieldViolations v;
      RequireEtag(request->etag(), "etag", v);
      if (!v.empty()) return v.ToStatus();
      v1::PenaltyDecision* d = nullptr;
      if (grpc::Status s = DecisionInForce(c, request->name(), request->etag(), &d); !s.ok()) {
        return s;
      }
      ValidatePenaltyRevocation(request->revocation(), *d, ShanghaiToday(), v);
      if (!v.empty()) return v.ToStatus();
      *d->mutable_revocation() = request->revocation();
      d->mutable_revocation()->clear_replaced_by();
      *d->mutable_revocation()->mutable_recorded_by() = ActorOf(caller);
      *d->mutable_revocation()->mutable_record_time() = NowTimestamp();
      d->set_state(v1::PenaltyDecision::STATE_REVOKED);
      d->set_etag(NextEtag(d->etag()));
      *d->mutable_update_time() = d->revocation().record_time();
      *subject = d->name();
      // PENALTY_DECIDED means a decision in force; without one the case is back to investigation.
      if (c.state() == v1::CaseFile::STATE_PENALTY_DECIDED && !AnyDecisionInForce(c)) {
        c.set_state(v1::CaseFile::STATE_UNDER_INVESTIGATION);
      }
      return grpc::Status::OK;
    };
    act.respond = RespondWithDecision;
    return ApplyAct(caller, act, *request, request->request_id(), response);
  });
}

}  // namespace casebridge::intake
