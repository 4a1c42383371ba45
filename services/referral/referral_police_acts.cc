// The police's acts on a referral they hold (国务院令第310号第七至九条、第十二条、第十三条):
// forwarding, filing or declining, the reconsideration decision, confirming the hand-over and
// transferring the case back.
#include "services/core/rpc.h"
#include "services/referral/referral_acts.h"
#include "services/referral/referral_fields.h"
#include "services/referral/referral_rows.h"

namespace casebridge::referral {
namespace {

using core::FieldViolations;
using core::Principal;
namespace rl = law::referral;
using Basis = v1::Referral::Filing;
using Outcome = v1::Referral::Reconsideration;

constexpr TextRule kForwardReasons{"转送理由", "reasons for forwarding", 4000, true, false};
constexpr TextRule kDecisionNumber{"立案决定书文号", "filing decision number", 100, true, true};
constexpr TextRule kNoticeNumber{"立案通知书编号", "filing notice number", 100, false, true};
constexpr TextRule kProcuratorateNotice{"通知立案书编号", "procuratorate's notice number", 100,
                                        true, true};
constexpr TextRule kDeclineNotice{"不予立案通知书编号", "decline notice number", 100, true, true};
constexpr TextRule kDeclineReasons{"不予立案理由", "reasons for declining", 4000, true, false};
constexpr TextRule kReconsiderationNumber{"复议决定书文号", "reconsideration decision number", 100,
                                          true, true};
constexpr TextRule kReconsiderationReasons{"复议决定理由", "reasons for the decision", 4000, true,
                                           false};
constexpr TextRule kDiscrepancies{"差异情况", "discrepancies", 4000, false, false};
constexpr TextRule kReverseReasons{"反向移送理由", "reasons for transferring back", 4000, true,
                                   false};
constexpr TextRule kPoliceDecisionNumber{"撤销案件决定书等文号", "police decision number", 100,
                                         false, true};

// The footing FileCase may state: not RECONSIDERATION, which DecideReconsideration sets.
bool IsFileCaseBasis(int basis) {
  return basis == Basis::BASIS_REVIEW || basis == Basis::BASIS_PROCURATORATE_NOTICE ||
         basis == Basis::BASIS_OWN_REEXAMINATION;
}

// Whether `basis` fits the state the police file from: 审查后立案 only on the receipt (art. 8);
// after a decline only on a 通知立案书 or the police's own re-examination.
bool BasisFitsState(int basis, v1::Referral::State state) {
  return (state == v1::Referral::STATE_RECEIVED) == (basis == Basis::BASIS_REVIEW);
}

v1::Referral::Filing& RecordFiling(v1::Referral& r, const Principal& caller,
                                   const google::protobuf::Timestamp& time) {
  v1::Referral::Filing& filing = *r.mutable_filing();
  filing.set_police(r.current_police());
  *filing.mutable_filed_by() = ActorOf(caller);
  *filing.mutable_file_time() = time;
  return filing;
}

}  // namespace

grpc::ServerUnaryReactor* ReferralService::ForwardReferral(
    Context* context, const v1::ForwardReferralRequest* request, v1::Referral* response) {
  return core::RunUnary(context, executor_, "ForwardReferral", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act =
        ActOn(*request, rl::Act::kForward, "ForwardReferral", v1::ReferralEvent::TYPE_FORWARDED);
    FieldViolations& v = act.request_problems;
    CheckOrganisationName(request->to_police(), "to_police", v);
    CheckText(request->reasons(), "reasons", kForwardReasons, v);
    DocumentMentions documents(request->name());
    documents.Add(request->notice_document(), "notice_document", v);
    // 有管辖权的机关 (art. 7) is a police organisation; accounts' directory says which kind it is.
    act.prepare = [&](const v1::Referral&) {
      return CheckOrganisationKind(directory_, *context, request->to_police(),
                                   v1::ORGANISATION_KIND_PUBLIC_SECURITY, "公安机关",
                                   "a police organisation", "to_police");
    };
    act.change = [&](pqxx::transaction_base& tx, v1::Referral& r, std::string*) -> grpc::Status {
      FieldViolations problems;
      if (request->to_police() == r.current_police()) {
        problems.Add("to_police",
                     "须转送给有管辖权的其他公安机关（国务院令第310号第七条） / forward to the "
                     "competent police organisation, another than the one holding it "
                     "(国务院令第310号 art. 7)");
      }
      documents.CheckStored(tx, repository_, problems);
      if (!problems.empty()) return problems.ToStatus();
      v1::Referral::Forwarding& forwarding = *r.add_forwardings();
      forwarding.set_from_police(r.current_police());
      forwarding.set_to_police(request->to_police());
      forwarding.set_reasons(request->reasons());
      forwarding.set_notice_document(request->notice_document());
      *forwarding.mutable_forwarded_by() = ActorOf(caller);
      *forwarding.mutable_forward_time() = act.record_time;
      // The competent police now hold it and sign their own receipt (art. 7).
      r.set_current_police(request->to_police());
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::FileCase(Context* context,
                                                    const v1::FileCaseRequest* request,
                                                    v1::Referral* response) {
  return core::RunUnary(context, executor_, "FileCase", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act = ActOn(*request, rl::Act::kFile, "FileCase", v1::ReferralEvent::TYPE_FILED);
    FieldViolations& v = act.request_problems;
    if (request->basis() == Basis::BASIS_RECONSIDERATION) {
      v.Add("basis",
            "复议后立案请以复议决定办理（DecideReconsideration） / filing on reconsideration is "
            "recorded by DecideReconsideration");
    } else if (!IsFileCaseBasis(request->basis())) {
      v.Add("basis",
            "须说明立案依据：审查后立案、根据人民检察院通知立案书或重新审查后自行立案 / state "
            "the footing: on review, on the procuratorate's notice, or on the police's own "
            "re-examination");
    }
    CheckText(request->decision_number(), "decision_number", kDecisionNumber, v);
    CheckText(request->notice_number(), "notice_number", kNoticeNumber, v);
    if (request->basis() == Basis::BASIS_PROCURATORATE_NOTICE) {
      CheckText(request->procuratorate_notice_number(), "procuratorate_notice_number",
                kProcuratorateNotice, v);
    } else if (!request->procuratorate_notice_number().empty()) {
      v.Add("procuratorate_notice_number",
            "仅根据人民检察院通知立案书立案时填写 / only for filing on the procuratorate's "
            "notice");
    }
    CheckOffences(request->charges(), "charges", v);
    DocumentMentions documents(request->name());
    documents.AddAll(request->documents(), "documents", v);
    act.change = [&](pqxx::transaction_base& tx, v1::Referral& r, std::string*) -> grpc::Status {
      if (r.state() == v1::Referral::STATE_RECONSIDERATION_REQUESTED) {
        return NotInThisState(r.state(),
                              "复议期间的立案以复议决定作出（DecideReconsideration，国务院令第310号"
                              "第九条） / while reconsideration is pending, filing is the "
                              "reconsideration decision (DecideReconsideration, 国务院令第310号 "
                              "art. 9)");
      }
      FieldViolations problems;
      if (!BasisFitsState(request->basis(), r.state())) {
        problems.Add("basis", r.state() == v1::Referral::STATE_RECEIVED
                                  ? "签收后审查立案的依据为审查后立案（BASIS_REVIEW） / filing "
                                    "after the receipt is on review (BASIS_REVIEW)"
                                  : "不予立案后再立案，依据为人民检察院通知立案书或重新审查 / "
                                    "filing after a decline is on the procuratorate's notice or "
                                    "the police's own re-examination");
      }
      documents.CheckStored(tx, repository_, problems);
      if (!problems.empty()) return problems.ToStatus();
      v1::Referral::Filing& filing = RecordFiling(r, caller, act.record_time);
      filing.set_basis(request->basis());
      filing.set_decision_number(request->decision_number());
      filing.set_notice_number(request->notice_number());
      filing.set_procuratorate_notice_number(request->procuratorate_notice_number());
      *filing.mutable_charges() = request->charges();
      *filing.mutable_documents() = request->documents();
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::DeclineFiling(Context* context,
                                                         const v1::DeclineFilingRequest* request,
                                                         v1::Referral* response) {
  return core::RunUnary(context, executor_, "DeclineFiling", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act =
        ActOn(*request, rl::Act::kDecline, "DeclineFiling", v1::ReferralEvent::TYPE_DECLINED);
    FieldViolations& v = act.request_problems;
    // 不予立案的，应当说明理由，并书面通知 (国务院令第310号第八条).
    CheckText(request->notice_number(), "notice_number", kDeclineNotice, v);
    CheckText(request->reasons(), "reasons", kDeclineReasons, v);
    CheckLegalBases(request->legal_basis(), "legal_basis", v);
    DocumentMentions documents(request->name());
    documents.AddAll(request->documents(), "documents", v);
    act.change = [&](pqxx::transaction_base& tx, v1::Referral& r, std::string*) -> grpc::Status {
      FieldViolations problems;
      documents.CheckStored(tx, repository_, problems);
      if (!problems.empty()) return problems.ToStatus();
      v1::Referral::Decline& decline = *r.mutable_decline();
      decline.set_notice_number(request->notice_number());
      decline.set_reasons(request->reasons());
      *decline.mutable_legal_basis() = request->legal_basis();
      decline.set_materials_returned(request->materials_returned());
      decline.set_police(r.current_police());
      *decline.mutable_documents() = request->documents();
      *decline.mutable_declined_by() = ActorOf(caller);
      *decline.mutable_decline_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::DecideReconsideration(
    Context* context, const v1::DecideReconsiderationRequest* request, v1::Referral* response) {
  return core::RunUnary(context, executor_, "DecideReconsideration", [=, this] {
    Principal caller = access_.Authenticate(*context);
    const bool files = request->outcome() == Outcome::OUTCOME_FILED;
    // Filing on reconsideration is the same 立案 as FileCase (art. 9), upholding is its own act.
    ReferralAct act = ActOn(
        *request, files ? rl::Act::kFile : rl::Act::kUpholdDecline, "DecideReconsideration",
        files ? v1::ReferralEvent::TYPE_FILED : v1::ReferralEvent::TYPE_RECONSIDERATION_DECLINED);
    FieldViolations& v = act.request_problems;
    if (!files && request->outcome() != Outcome::OUTCOME_DECLINE_UPHELD) {
      v.Add("outcome",
            "须选择复议结果：维持不予立案或撤销原决定立案 / choose the outcome: uphold the "
            "decline or file the case");
    }
    CheckText(request->decision_number(), "decision_number", kReconsiderationNumber, v);
    CheckText(request->reasons(), "reasons", kReconsiderationReasons, v);
    if (files) {
      CheckText(request->filing_decision_number(), "filing_decision_number", kDecisionNumber, v);
      CheckText(request->filing_notice_number(), "filing_notice_number", kNoticeNumber, v);
      CheckOffences(request->charges(), "charges", v);
    } else {
      const char* only_when_filing = "仅在复议后立案时填写 / only when the case is filed";
      if (!request->filing_decision_number().empty()) {
        v.Add("filing_decision_number", only_when_filing);
      }
      if (!request->filing_notice_number().empty()) {
        v.Add("filing_notice_number", only_when_filing);
      }
      if (!request->charges().empty()) v.Add("charges", only_when_filing);
    }
    DocumentMentions documents(request->name());
    documents.AddAll(request->documents(), "documents", v);
    act.change = [&](pqxx::transaction_base& tx, v1::Referral& r, std::string*) -> grpc::Status {
      // The law lets investigators file from other states too; this method is the decision on
      // a pending reconsideration only.
      if (r.state() != v1::Referral::STATE_RECONSIDERATION_REQUESTED) {
        return NotInThisState(r.state(),
                              "没有待决的复议申请；立案请用 FileCase / no reconsideration is "
                              "pending; file the case with FileCase");
      }
      FieldViolations problems;
      documents.CheckStored(tx, repository_, problems);
      if (!problems.empty()) return problems.ToStatus();
      Outcome& reconsideration = *r.mutable_reconsideration();
      reconsideration.set_outcome(request->outcome());
      reconsideration.set_decision_number(request->decision_number());
      reconsideration.set_decision_reasons(request->reasons());
      *reconsideration.mutable_decided_by() = ActorOf(caller);
      *reconsideration.mutable_decide_time() = act.record_time;
      if (files) {
        v1::Referral::Filing& filing = RecordFiling(r, caller, act.record_time);
        filing.set_basis(Basis::BASIS_RECONSIDERATION);
        filing.set_decision_number(request->filing_decision_number());
        filing.set_notice_number(request->filing_notice_number());
        *filing.mutable_charges() = request->charges();
        *filing.mutable_documents() = request->documents();
      } else {
        // Reconsideration has no place for the decision's scans; upholding, the 复议决定书
        // joins the papers of the decline it upholds.
        for (const std::string& d : request->documents()) r.mutable_decline()->add_documents(d);
      }
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::ConfirmHandover(
    Context* context, const v1::ConfirmHandoverRequest* request, v1::Referral* response) {
  return core::RunUnary(context, executor_, "ConfirmHandover", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act = ActOn(*request, rl::Act::kConfirmHandover, "ConfirmHandover",
                            v1::ReferralEvent::TYPE_HANDOVER_CONFIRMED);
    CheckText(request->discrepancies(), "discrepancies", kDiscrepancies, act.request_problems);
    act.change = [&](pqxx::transaction_base&, v1::Referral& r, std::string*) -> grpc::Status {
      v1::Referral::Handover& handover = *r.mutable_handover();
      handover.set_discrepancies(request->discrepancies());
      *handover.mutable_confirmed_by() = ActorOf(caller);
      *handover.mutable_confirm_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

grpc::ServerUnaryReactor* ReferralService::ReverseTransfer(
    Context* context, const v1::ReverseTransferRequest* request, v1::Referral* response) {
  return core::RunUnary(context, executor_, "ReverseTransfer", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralAct act = ActOn(*request, rl::Act::kReverseTransfer, "ReverseTransfer",
                            v1::ReferralEvent::TYPE_REVERSE_TRANSFERRED);
    FieldViolations& v = act.request_problems;
    using Back = v1::Referral::ReverseTransfer;
    if (request->basis() == Back::BASIS_UNSPECIFIED || !Back::Basis_IsValid(request->basis())) {
      v.Add("basis",
            "须说明反向移送的原因：没有犯罪事实、犯罪事实显著轻微或其他依法不追究刑事责任的情形"
            "（国务院令第310号第十三条） / state why the case goes back: no criminal facts, facts "
            "too minor, or another ground (国务院令第310号 art. 13)");
    }
    CheckText(request->reasons(), "reasons", kReverseReasons, v);
    CheckText(request->police_decision_number(), "police_decision_number", kPoliceDecisionNumber,
              v);
    CheckLegalBases(request->legal_basis(), "legal_basis", v);
    CheckGoodsLines(request->returned_items(), "returned_items", v);
    DocumentMentions documents(request->name());
    documents.AddAll(request->documents(), "documents", v);
    act.change = [&](pqxx::transaction_base& tx, v1::Referral& r, std::string*) -> grpc::Status {
      FieldViolations problems;
      CheckGoodsAgainstSnapshot(request->returned_items(), r.case_snapshot().case_file(),
                                "returned_items", problems);
      documents.CheckStored(tx, repository_, problems);
      if (!problems.empty()) return problems.ToStatus();
      Back& back = *r.mutable_reverse_transfer();
      back.set_basis(request->basis());
      back.set_reasons(request->reasons());
      back.set_police_decision_number(request->police_decision_number());
      *back.mutable_legal_basis() = request->legal_basis();
      *back.mutable_returned_items() = request->returned_items();
      *back.mutable_documents() = request->documents();
      *back.mutable_transferred_by() = ActorOf(caller);
      *back.mutable_transfer_time() = act.record_time;
      return grpc::Status::OK;
    };
    return ApplyAct(caller, act, *request, response);
  });
}

}  // namespace casebridge::referral
