// 结案 and 移送情况: CloseCaseFile, and RecordReferralStatus from the referral service.
#include "services/core/rpc.h"
#include "services/intake/assessment_mapping.h"
#include "services/intake/case_rows.h"
#include "services/intake/case_sub_resources.h"
#include "services/intake/entry_clock.h"
#include "services/intake/intake_access.h"
#include "services/intake/intake_service.h"
#include "services/intake/party_validation.h"
#include "services/intake/penalty_validation.h"

namespace casebridge::intake {

using core::FieldViolations;
using core::Principal;
using validation::CheckText;
using validation::IsBlank;
using validation::TextRule;

namespace {

constexpr int kMaxReferrals = 100;  // per case; a case is referred a handful of times at most

constexpr TextRule kClosureNote{"结案说明", "note", 2000, false, false};
constexpr TextRule kJustification{"说明理由", "justification", 2000, false, false};
constexpr TextRule kReferralNumber{"移送书编号", "referral number", 100};

void ValidateClosure(const v1::CaseClosure& closure, const v1::CaseFile& c, FieldViolations& v) {
  using C = v1::CaseClosure;
  const auto reason = closure.reason();
  if (reason == C::REASON_UNSPECIFIED || !C::Reason_IsValid(reason)) {
    v.Add("closure.reason", "须选择结案方式 / choose how the case ends");
  } else if (c.state() == v1::CaseFile::STATE_REFERRED && reason != C::REASON_REFERRED_AND_FILED) {
    v.Add("closure.reason",
          "案件在公安机关处理中，只能以“移送公安机关并已立案”结案 / the case is "
          "with the police: it can only close as referred and filed");
  } else if (reason == C::REASON_REFERRED_AND_FILED && !PoliceFiledReferral(c)) {
    v.Add("closure.reason",
          "本案没有公安机关已立案的移送，不能以此结案 / no referral of this case "
          "was filed by the police");
  } else if (reason == C::REASON_PENALTY_EXECUTED) {
    bool executed = AnyDecisionInForce(c);
    for (const v1::PenaltyDecision& d : c.penalty_decisions()) {
      executed =
          executed && (d.state() != v1::PenaltyDecision::STATE_IN_FORCE || PayableFen(d) == 0 ||
                       d.execution().state() == v1::PenaltyDecision::EXECUTION_STATE_EXECUTED);
    }
    if (!executed) {
      v.Add("closure.reason",
            "须有有效的处罚决定且罚没款均已履行完毕，请先录入履行情况 / there "
            "must be a decision in force whose fines and confiscations are all "
            "executed; record the execution first");
    }
  }
  TextRule note = kClosureNote;
  note.required = reason == C::REASON_OTHER;
  CheckText(closure.note(), note, "closure.note", v);
  // 有案不移 (310号 art. 3, 11): ending a case that meets the threshold without the police having
  // filed it must be explained.
  if (ThresholdMet(c) && !PoliceFiledReferral(c) &&
      IsBlank(closure.justification_when_threshold_met())) {
    v.Add("closure.justification_when_threshold_met",
          "本案已达到刑事追诉标准且未经公安机关立案，结案须说明不移送的理由（国务院令第310号第三、"
          "十一条） / the case meets the criminal threshold and the police have not filed it: "
          "explain why it ends without referral (State Council Decree 310 art. 3, 11)");
  } else {
    CheckText(closure.justification_when_threshold_met(), kJustification,
              "closure.justification_when_threshold_met", v);
  }
  auto closed = CheckPastDate(closure.has_close_date() ? &closure.close_date() : nullptr, true,
                              "结案日期", "closing date", ShanghaiToday(), "closure.close_date", v);
  auto registered = DateFromProto(c.register_date());
  if (closed && registered && *closed < *registered) {
    v.Add("closure.close_date",
          "结案日期不能早于立案日期 / the case cannot close before it was "
          "registered");
  }
}

void ValidateLink(const v1::ReferralLink& link, FieldViolations& v) {
  if (!IsNameIn(link.referral(), "referrals")) {
    v.Add("link.referral", "格式应为 referrals/{id} / expected referrals/{id}");
  }
  if (link.stage() == v1::ReferralLink::STAGE_UNSPECIFIED ||
      !v1::ReferralLink::Stage_IsValid(link.stage())) {
    v.Add("link.stage", "须写明移送所处阶段 / the referral's stage is required");
  }
  CheckText(link.referral_number(), kReferralNumber, "link.referral_number", v);
  CheckPastTime(link.has_stage_time() ? &link.stage_time() : nullptr, true, "到达该阶段的时间",
                "time the stage was reached", "link.stage_time", v);
  if (link.referral_sequence() <= 0) {
    v.Add("link.referral_sequence",
          "须为报告该阶段的移送事件序号（大于 0） / the sequence of the "
          "referral event reporting the stage, above 0");
  }
}

bool WithPolice(v1::ReferralLink::Stage stage) {
  return stage == v1::ReferralLink::STAGE_WITH_POLICE ||
         stage == v1::ReferralLink::STAGE_FILED_BY_POLICE;
}

// Whether a referral at `stage` has been transferred to the police (every stage from 在公安机关
// on).
bool Transferred(v1::ReferralLink::Stage stage) {
  return stage != v1::ReferralLink::STAGE_UNSPECIFIED &&
         stage != v1::ReferralLink::STAGE_PREPARING &&
         stage != v1::ReferralLink::STAGE_REFUSED_BY_HEAD &&
         stage != v1::ReferralLink::STAGE_WITHDRAWN;
}

// The case state after `reported` was recorded (CaseFile.State): REFERRED while any referral is
// with the police; back to investigation (or PENALTY_DECIDED, which means a decision in force)
// when the police decline or transfer it back, which also reopens a closed case (310号 art. 10,
// 13).
void MoveState(v1::CaseFile& c, v1::ReferralLink::Stage reported) {
  bool with_police = false;
  for (const v1::ReferralLink& link : c.referrals()) with_police |= WithPolice(link.stage());
  const auto state = c.state();
  if (with_police) {
    // A case closed as referred and filed stays closed while the hand-over is reported.
    if (state != v1::CaseFile::STATE_CLOSED) c.set_state(v1::CaseFile::STATE_REFERRED);
    return;
  }
  const bool back_to_agency = reported == v1::ReferralLink::STAGE_DECLINED_BY_POLICE ||
                              reported == v1::ReferralLink::STAGE_REVERSE_TRANSFERRED;
  if (state == v1::CaseFile::STATE_REFERRED ||
      (state == v1::CaseFile::STATE_CLOSED && back_to_agency)) {
    c.clear_closure();
    c.set_state(AnyDecisionInForce(c) ? v1::CaseFile::STATE_PENALTY_DECIDED
                                      : v1::CaseFile::STATE_UNDER_INVESTIGATION);
  }
}

}  // namespace

grpc::ServerUnaryReactor* IntakeService::CloseCaseFile(Context* context,
                                                       const v1::CloseCaseFileRequest* request,
                                                       v1::CaseFile* response) {
  return core::RunUnary(context, executor_, "CloseCaseFile", [=, this] {
    Principal caller = access_.Authenticate(*context);
    CaseAct act;
    act.method = "CloseCaseFile";
    act.event_type = v1::CaseEvent::TYPE_CASE_CLOSED;
    act.case_name = request->name();
    act.etag = request->etag();
    act.change = [&](v1::CaseFile& c, std::string*) {
      FieldViolations v;
      ValidateClosure(request->closure(), c, v);
      if (!v.empty()) return v.ToStatus();
      *c.mutable_closure() = request->closure();
      *c.mutable_closure()->mutable_closed_by() = ActorOf(caller);
      *c.mutable_closure()->mutable_close_time() = NowTimestamp();
      c.set_state(v1::CaseFile::STATE_CLOSED);
      return grpc::Status::OK;
    };
    act.respond = [](const v1::CaseFile& c, const std::string&, google::protobuf::Message* out) {
      out->CopyFrom(c);
    };
    return ApplyAct(caller, act, *request, request->request_id(), response);
  });
}

grpc::ServerUnaryReactor* IntakeService::RecordReferralStatus(
    Context* context, const v1::RecordReferralStatusRequest* request, v1::CaseFile* response) {
  return core::RunUnary(context, executor_, "RecordReferralStatus", [=, this] {
    // The referral service calls with its certificate, not a user's token; anyone else is refused
    // (and audited) in ApplyAct.
    const std::string peer = PeerServiceName(*context);
    Principal caller = peer.empty() ? access_.Authenticate(*context) : ServicePrincipal(peer);
    CaseAct act;
    act.method = "RecordReferralStatus";
    act.event_type = v1::CaseEvent::TYPE_REFERRAL_STATUS_CHANGED;
    act.case_name = request->name();
    act.takes_etag = false;  // reports are ordered by referral_sequence instead
    act.by_referral_service = true;
    act.referral_peer_verified = peer == "referral";
    act.allowed_when_closed = true;  // a decline or reverse transfer reopens the case
    act.unchanged_writes_nothing = true;
    act.change = [&](v1::CaseFile& c, std::string* subject) {
      const v1::ReferralLink& link = request->link();
      FieldViolations v;
      ValidateLink(link, v);
      if (!v.empty()) return v.ToStatus();
      *subject = link.referral();
      v1::ReferralLink* stored = nullptr;
      for (v1::ReferralLink& existing : *c.mutable_referrals()) {
        if (existing.referral() == link.referral()) stored = &existing;
      }
      if (stored != nullptr && link.referral_sequence() <= stored->referral_sequence()) {
        return grpc::Status::OK;  // an older report arriving late: the case stays as it is
      }
      if (stored == nullptr) {
        if (c.referrals_size() >= kMaxReferrals) {
          return NotNow("每案移送记录不能超过 100 条 / A case holds at most 100 referrals",
                        "LIMIT_REACHED");
        }
        stored = c.add_referrals();
      }
      // 录入时限: a referral's first report from the police side starts the case's clock (the
      // earliest report stands in for the transfer, should the transfer's own be lost).
      if (Transferred(link.stage()) && !Transferred(stored->stage())) {
        KeepEarliestEntryClock(c, ReferralEntryClock(entry_policy_, c, link.stage_time()));
      }
      *stored = link;
      MoveState(c, link.stage());
      return grpc::Status::OK;
    };
    act.respond = [](const v1::CaseFile& c, const std::string&, google::protobuf::Message* out) {
      out->CopyFrom(c);
    };
    return ApplyAct(caller, act, *request, request->request_id(), response);
  });
}

}  // namespace casebridge::intake
