// The agency's acts after the police decided (国务院令第310号第九至十三条): reconsideration and
// supervision after a decline, the hand-over after filing, taking a case back, the administrative
// outcome, and the offset of a fine already paid.
#include <algorithm>
#include <regex>

#include "services/core/rpc.h"
#include "services/referral/referral_acts.h"
#include "services/referral/referral_fields.h"
#include "services/referral/referral_rows.h"

namespace casebridge::referral {
namespace {

using core::FieldViolations;
using core::Principal;
namespace rl = law::referral;

constexpr TextRule kReconsiderationReasons{"复议理由", "reasons for reconsideration", 4000, true,
                                           false};
constexpr TextRule kSupervisionReasons{"提请立案监督的理由", "reasons for proposing supervision",
                                       4000, true, false};
constexpr TextRule kRecipientPerson{"接收人姓名", "name of the receiving person", 50, true, true};
constexpr TextRule kAcknowledgeNote{"接收说明", "note on receiving the case back", 2000, false,
                                    false};
constexpr TextRule kOutcomeSummary{"处理情况说明", "account of how the case was handled", 10000,
                                   true, false};
constexpr TextRule kJudgmentNumber{"判决书文号", "judgment number", 100, true, true};

bool IsPenaltyDecisionName(const std::string& name) {
  static const std::regex kDecision("^caseFiles/[^/]{1,100}/penaltyDecisions/[^/]{1,100}$");
  return std::regex_match(name, kDecision);
}

constexpr char kPenaltyDecisionForm[] =
    "须为本案的行政处罚决定，格式 caseFiles/{id}/penaltyDecisions/{id} / expected a penalty "
    "decision of the case, written caseFiles/{id}/penaltyDecisions/{id}";

void CheckAmount(int64_t fen, const std::string& path, FieldViolations& v) {
  if (fen < 0) v.Add(path, "金额（分）不能为负数 / the amount in fen cannot be negative");
}

// 罚款折抵 (国务院令第310号第十一条; 行政处罚法第三十五条): the offset is at most the fine paid and
// at most the criminal fine it is offset against.
void CheckFineOffset(const v1::Referral::FineOffset& f, FieldViolations& v) {
  const std::string p = "fine_offset.";
  if (!IsPenaltyDecisionName(f.penalty_decision()))
    v.Add(p + "penalty_decision", kPenaltyDecisionForm);
  CheckAmount(f.administrative_fine_paid_fen(), p + "administrative_fine_paid_fen", v);
  CheckAmount(f.criminal_fine_fen(), p + "criminal_fine_fen", v);
  CheckAmount(f.offset_amount_fen(), p + "offset_amount_fen", v);
  if (f.offset_amount_fen() > f.administrative_fine_paid_fen() &&
      f.administrative_fine_paid_fen() >= 0) {
    v.Add(p + "offset_amount_fen",
          "折抵金额不能超过已缴纳的罚款（行政处罚法第三十五条） / the offset cannot exceed the "
          "administrative fine paid (行政处罚法 art. 35)");
  } else if (f.offset_amount_fen() > f.criminal_fine_fen() && f.criminal_fine_fen() >= 0) {
    v.Add(p + "offset_amount_fen",
          "折抵金额不能超过判处的罚金（行政处罚法第三十五条） / the offset cannot exceed the "
          "criminal fine imposed (行政处罚法 art. 35)");
  }
  CheckText(f.judgment_number(), p + "judgment_number", kJudgmentNumber, v);
  CheckPastDate(f.judgment_date(), p + "judgment_date", v);
  CheckText(f.note(), p + "note", kOptionalNote, v);
}

const v1::PenaltyDecision* FindDecision(const v1::CaseFile& c, const std::string& name) {
  for (const v1::PenaltyDecision& d : c.penalty_decisions()) {
    if (d.name() == name) return &d;
  }
  return nullptr;
}

}  // namespace

grpc::ServerUnaryReactor* ReferralService::RequestReconsideration(
    Context* context, const v1::RequestReconsiderationRequest* request, v1::Referral* response) {
  return core::RunUnary(context, executor_, "RequestReconsideration", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act = ActOn(*request, rl::Act::kRequestReconsideration, "RequestReconsideration",
                            v1::ReferralEvent::TYPE_RECONSIDERATION_REQUESTED);
    CheckText(request->reasons(), "reasons", kReconsiderationReasons, act.request_problems);
    DocumentMentions documents(request->name());
    documents.AddAll(request->documents(), "documents", act.request_problems);
    act.change = [&](pqxx::transaction_base& tx, v1::Referral& r, std::string*) -> grpc::Status {
      FieldViolations v;
      documents.CheckStored(tx, repository_, v);
      if (!v.empty()) return v.ToStatus();
      v1::Referral::Reconsideration& reconsideration = *r.mutable_reconsideration();
      reconsideration.set_request_reasons(request->reasons());
      *reconsideration.mutable_request_documents() = request->documents();
      *reconsideration.mutable_requested_by() = ActorOf(caller);
      *reconsideration.mutable_request_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::ProposeSupervision(
    Context* context, const v1::ProposeSupervisionRequest* request, v1::Referral* response) {
  return core::RunUnary(context, executor_, "ProposeSupervision", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act = ActOn(*request, rl::Act::kProposeSupervision, "ProposeSupervision",
                            v1::ReferralEvent::TYPE_SUPERVISION_PROPOSED);
    FieldViolations& v = act.request_problems;
    CheckOrganisationName(request->procuratorate(), "procuratorate", v);
    CheckText(request->reasons(), "reasons", kSupervisionReasons, v);
    DocumentMentions documents(request->name());
    documents.AddAll(request->documents(), "documents", v);
    act.prepare = [&](const v1::Referral&) {
      return CheckOrganisationKind(directory_, *context, request->procuratorate(),
                                   v1::ORGANISATION_KIND_PROCURATORATE, "人民检察院",
                                   "a procuratorate", "procuratorate");
    };
    act.change = [&](pqxx::transaction_base& tx, v1::Referral& r, std::string*) -> grpc::Status {
      FieldViolations stored;
      documents.CheckStored(tx, repository_, stored);
      if (!stored.empty()) return stored.ToStatus();
      v1::Referral::SupervisionProposal& proposal = *r.mutable_supervision_proposal();
      proposal.set_procuratorate(request->procuratorate());
      proposal.set_reasons(request->reasons());
      *proposal.mutable_documents() = request->documents();
      *proposal.mutable_proposed_by() = ActorOf(caller);
      *proposal.mutable_propose_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::RecordHandover(Context* context,
                                                          const v1::RecordHandoverRequest* request,
                                                          v1::Referral* response) {
  return core::RunUnary(context, executor_, "RecordHandover", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act = ActOn(*request, rl::Act::kRecordHandover, "RecordHandover",
                            v1::ReferralEvent::TYPE_HANDOVER_RECORDED);
    FieldViolations& v = act.request_problems;
    CheckGoodsLines(request->items(), "items", v);
    DocumentMentions documents(request->name());
    documents.AddAll(request->documents(), "documents", v);
    documents.Add(request->handover_record(), "handover_record", v);
    CheckText(request->recipient_person(), "recipient_person", kRecipientPerson, v);
    // 310号第十二条: 涉案物品以及与案件有关的其他材料 — something must change hands.
    if (request->items().empty() && request->documents().empty() &&
        request->handover_record().empty()) {
      v.Add("items",
            "须列出移交的涉案物品或材料（国务院令第310号第十二条） / list the seized goods or "
            "materials handed over (国务院令第310号 art. 12)");
    }
    act.change = [&](pqxx::transaction_base& tx, v1::Referral& r, std::string*) -> grpc::Status {
      FieldViolations problems;
      CheckGoodsAgainstSnapshot(request->items(), r.case_snapshot().case_file(), "items", problems);
      documents.CheckStored(tx, repository_, problems);
      if (!problems.empty()) return problems.ToStatus();
      v1::Referral::Handover& handover = *r.mutable_handover();
      *handover.mutable_items() = request->items();
      *handover.mutable_documents() = request->documents();
      handover.set_recipient_person(request->recipient_person());
      handover.set_handover_record(request->handover_record());
      *handover.mutable_recorded_by() = ActorOf(caller);
      *handover.mutable_record_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::AcknowledgeReverseTransfer(
    Context* context, const v1::AcknowledgeReverseTransferRequest* request,
    v1::Referral* response) {
  return core::RunUnary(context, executor_, "AcknowledgeReverseTransfer", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act =
        ActOn(*request, rl::Act::kAcknowledgeReverseTransfer, "AcknowledgeReverseTransfer",
              v1::ReferralEvent::TYPE_REVERSE_TRANSFER_ACKNOWLEDGED);
    CheckText(request->note(), "note", kAcknowledgeNote, act.request_problems);
    act.change = [&](pqxx::transaction_base&, v1::Referral& r, std::string*) -> grpc::Status {
      v1::Referral::ReverseTransfer& back = *r.mutable_reverse_transfer();
      back.set_acknowledge_note(request->note());
      *back.mutable_acknowledged_by() = ActorOf(caller);
      *back.mutable_acknowledge_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::ReportAdministrativeOutcome(
    Context* context, const v1::ReportAdministrativeOutcomeRequest* request,
    v1::Referral* response) {
  return core::RunUnary(context, executor_, "ReportAdministrativeOutcome", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act =
        ActOn(*request, rl::Act::kReportAdministrativeOutcome, "ReportAdministrativeOutcome",
              v1::ReferralEvent::TYPE_ADMINISTRATIVE_OUTCOME_REPORTED);
    FieldViolations& v = act.request_problems;
    using Outcome = v1::Referral::AdministrativeOutcome;
    const bool penalised = request->kind() == Outcome::KIND_PENALISED;
    if (request->kind() == Outcome::KIND_UNSPECIFIED || !Outcome::Kind_IsValid(request->kind())) {
      v.Add("kind",
            "须说明处理方式：给予行政处罚、不予行政处罚或移送其他有管辖权的机关 / say how the "
            "case was handled: penalised, not penalised, or transferred elsewhere");
    } else if (penalised && request->penalty_decisions().empty()) {
      v.Add("penalty_decisions", "给予行政处罚的，须列出处罚决定 / name the penalty decisions");
    } else if (!penalised && !request->penalty_decisions().empty()) {
      v.Add("penalty_decisions",
            "未给予行政处罚的，不应列出处罚决定 / penalty decisions belong only to a case "
            "that was penalised");
    }
    for (int i = 0; i < request->penalty_decisions_size(); ++i) {
      if (!IsPenaltyDecisionName(request->penalty_decisions(i))) {
        v.Add("penalty_decisions[" + std::to_string(i) + "]", kPenaltyDecisionForm);
      }
    }
    CheckText(request->summary(), "summary", kOutcomeSummary, v);
    // The decisions were made after the referral's snapshot (310号第十条、第十三条), so they are
    // read from intake as the officer; each must be one of this case and still in force.
    act.prepare = [&](const v1::Referral& stored) -> grpc::Status {
      if (!penalised) return grpc::Status::OK;
      v1::CaseFile c;
      if (grpc::Status s = intake_.GetCaseFile(*context, stored.case_file(), &c); !s.ok()) {
        return CaseReadRefusal(s);
      }
      FieldViolations problems;
      for (int i = 0; i < request->penalty_decisions_size(); ++i) {
        const v1::PenaltyDecision* d = FindDecision(c, request->penalty_decisions(i));
        const std::string path = "penalty_decisions[" + std::to_string(i) + "]";
        if (d == nullptr) {
          problems.Add(path, "本案没有该处罚决定 / the case has no such penalty decision");
        } else if (d->state() != v1::PenaltyDecision::STATE_IN_FORCE) {
          problems.Add(path, "该处罚决定已撤销或变更 / the decision was revoked or changed");
        }
      }
      return problems.empty() ? grpc::Status::OK : problems.ToStatus();
    };
    act.change = [&](pqxx::transaction_base&, v1::Referral& r, std::string*) -> grpc::Status {
      Outcome& outcome = *r.mutable_administrative_outcome();
      outcome.set_kind(request->kind());
      *outcome.mutable_penalty_decisions() = request->penalty_decisions();
      outcome.set_summary(request->summary());
      *outcome.mutable_reported_by() = ActorOf(caller);
      *outcome.mutable_report_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::RecordFineOffset(
    Context* context, const v1::RecordFineOffsetRequest* request, v1::Referral* response) {
  return core::RunUnary(context, executor_, "RecordFineOffset", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act = ActOn(*request, rl::Act::kRecordFineOffset, "RecordFineOffset",
                            v1::ReferralEvent::TYPE_FINE_OFFSET_RECORDED);
    CheckFineOffset(request->fine_offset(), act.request_problems);
    act.change = [&](pqxx::transaction_base&, v1::Referral& r, std::string*) -> grpc::Status {
      // While the police hold the case no new penalty may be decided (310号第十一条), so the fine
      // offset is one decided before the referral: one in the case as referred. Police and
      // procurators cannot read intake, and the snapshot is what they were sent.
      const std::string& decision = request->fine_offset().penalty_decision();
      if (!IsPenaltyDecisionOf(decision, r.case_file()) ||
          FindDecision(r.case_snapshot().case_file(), decision) == nullptr) {
        FieldViolations v;
        v.Add("fine_offset.penalty_decision",
              "移送时的案件中没有该处罚决定 / the case as referred has no such penalty decision");
        return v.ToStatus();
      }
      v1::Referral::FineOffset& offset = *r.add_fine_offsets();
      offset = request->fine_offset();
      *offset.mutable_recorded_by() = ActorOf(caller);
      *offset.mutable_record_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

}  // namespace casebridge::referral
