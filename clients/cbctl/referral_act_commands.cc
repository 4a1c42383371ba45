// cbctl referral reconsider|supervise|handover|acknowledge|outcome|offset: the agency's acts after
// the police decided (国务院令第310号第九至十三条): contesting a decline, handing over the goods,
// taking a case back and reporting how it was handled, and a fine offset (折抵).
#include "clients/cbctl/command.h"
#include "clients/cbctl/referral_requests.h"

namespace casebridge::cbctl {
namespace {

using Stub = v1::ReferralService::Stub;

int Reconsider(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::RequestReconsiderationRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl referral reconsider referrals/abc --reasons ...",
      "已提请复议，公安机关须在 3 日内作出决定 / Reconsideration requested; the police decide "
      "within 3 days:",
      &Stub::RequestReconsideration,
      [&](const v1::Referral& r, v1::RequestReconsiderationRequest& q, FlagValues&) {
        q.set_reasons(args.Get("reasons"));
        AddDocuments(args, "document", r, q.mutable_documents());
      },
      {{"reasons", "--reasons"}, {"documents", "--document"}});
}

int Supervise(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::ProposeSupervisionRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl referral supervise referrals/abc "
      "--procuratorate nt-procuratorate --reasons ...",
      "已建议人民检察院立案监督 / Supervision proposed to the procuratorate:",
      &Stub::ProposeSupervision,
      [&](const v1::Referral& r, v1::ProposeSupervisionRequest& q, FlagValues&) {
        if (args.Has("procuratorate")) {
          q.set_procuratorate(WithPrefix(args.Get("procuratorate"), "organisations"));
        }
        q.set_reasons(args.Get("reasons"));
        AddDocuments(args, "document", r, q.mutable_documents());
      },
      {{"procuratorate", "--procuratorate"},
       {"reasons", "--reasons"},
       {"documents", "--document"}});
}

int Handover(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::RecordHandoverRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl referral handover referrals/abc --item s1 "
      "--recipient 王警官",
      "已登记移交，待公安机关确认 / Hand-over recorded; the police confirm it:",
      &Stub::RecordHandover,
      [&](const v1::Referral& r, v1::RecordHandoverRequest& q, FlagValues&) {
        for (auto& item : GoodsFrom(args, "item", r)) *q.add_items() = std::move(item);
        AddDocuments(args, "document", r, q.mutable_documents());
        q.set_recipient_person(args.Get("recipient"));
        if (args.Has("record")) q.set_handover_record(ReferralDocumentName(r, args.Get("record")));
      },
      {{"items", "--item"},
       {"documents", "--document"},
       {"recipient_person", "--recipient"},
       {"handover_record", "--record"}},
      /*full=*/true);
}

int Acknowledge(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::AcknowledgeReverseTransferRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl referral acknowledge referrals/abc --note ...",
      "已接收反向移送，请依法作出行政处理 / Case taken back; handle it administratively:",
      &Stub::AcknowledgeReverseTransfer,
      [&](const v1::Referral&, v1::AcknowledgeReverseTransferRequest& q, FlagValues&) {
        q.set_note(args.Get("note"));
      },
      {{"note", "--note"}});
}

int Outcome(Session& session, const ParsedArgs& args, const Printer& printer) {
  using Kind = v1::Referral::AdministrativeOutcome;
  return RunAct<v1::ReportAdministrativeOutcomeRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl referral outcome referrals/abc --kind "
      "penalised --decision pd1 --summary ...",
      "已报告行政处理结果 / Administrative outcome reported:", &Stub::ReportAdministrativeOutcome,
      [&](const v1::Referral& r, v1::ReportAdministrativeOutcomeRequest& q, FlagValues& flags) {
        if (auto kind = flags.Choice("kind", Kind::Kind_descriptor(),
                                     {{"给予行政处罚", Kind::KIND_PENALISED},
                                      {"不予行政处罚", Kind::KIND_NOT_PENALISED},
                                      {"移送其他机关", Kind::KIND_TRANSFERRED_ELSEWHERE}})) {
          q.set_kind(static_cast<Kind::Kind>(*kind));
        }
        for (const std::string& d : args.GetAll("decision")) {
          q.add_penalty_decisions(CaseRecordName(r, "penaltyDecisions", d));
        }
        q.set_summary(args.Get("summary"));
      },
      {{"kind", "--kind"}, {"penalty_decisions", "--decision"}, {"summary", "--summary"}});
}

int Offset(Session& session, const ParsedArgs& args, const Printer& printer) {
  return RunAct<v1::RecordFineOffsetRequest>(
      session, args, printer,
      "请给出移送 / name the referral, e.g. cbctl referral offset referrals/abc --decision pd1 "
      "--fine-paid 30000 --criminal-fine 50000 --offset 30000 --judgment-number ... "
      "--judgment-date 2026-09-01",
      "已登记罚款折抵 / Fine offset recorded:", &Stub::RecordFineOffset,
      [&](const v1::Referral& r, v1::RecordFineOffsetRequest& q, FlagValues& flags) {
        v1::Referral::FineOffset& f = *q.mutable_fine_offset();
        if (args.Has("decision")) {
          f.set_penalty_decision(CaseRecordName(r, "penaltyDecisions", args.Get("decision")));
        }
        f.set_administrative_fine_paid_fen(flags.Yuan("fine-paid").value_or(0));
        f.set_criminal_fine_fen(flags.Yuan("criminal-fine").value_or(0));
        f.set_offset_amount_fen(flags.Yuan("offset").value_or(0));
        f.set_judgment_number(args.Get("judgment-number"));
        if (auto date = flags.Date("judgment-date")) *f.mutable_judgment_date() = *date;
        f.set_note(args.Get("note"));
      },
      {{"fine_offset.penalty_decision", "--decision"},
       {"fine_offset.administrative_fine_paid_fen", "--fine-paid (元)"},
       {"fine_offset.criminal_fine_fen", "--criminal-fine (元)"},
       {"fine_offset.offset_amount_fen", "--offset (元)"},
       {"fine_offset.judgment_number", "--judgment-number"},
       {"fine_offset.judgment_date", "--judgment-date"},
       {"fine_offset.note", "--note"}});
}

}  // namespace

std::vector<Command> ReferralFollowUpCommands() {
  const FlagSpec document{"document", "DOCUMENT",
                          "a supporting document of the referral (see cbctl referral upload)",
                          true};
  return {
      {{"referral reconsider",
        "Request reconsideration (提请复议) of a decline to file, within 3 days (310号第九条).",
        "REFERRAL",
        {{"reasons", "TEXT", "复议理由 (required)"}, document, EtagFlag(), RequestIdFlag()},
        "cbctl referral reconsider referrals/abc --reasons 鉴别意见足以证明非法经营数额"},
       Reconsider},
      {{"referral supervise",
        "Propose supervision (建议立案监督) to a procuratorate after a decline (310号第九条).",
        "REFERRAL",
        {{"procuratorate", "ORGANISATION", "the procuratorate, e.g. nt-procuratorate"},
         {"reasons", "TEXT", "理由 (required)"},
         document,
         EtagFlag(),
         RequestIdFlag()},
        "cbctl referral supervise referrals/abc --procuratorate nt-procuratorate --reasons ..."},
       Supervise},
      {{"referral handover",
        "Record the hand-over (移交) of the goods and materials after filing, within 3 days "
        "(第十二条).",
        "REFERRAL",
        {{"item", "ITEM[=QTY]",
          "a seized item of the case handed over (e.g. s1, or s1=100; default: the whole quantity)",
          true},
         document,
         {"recipient", "NAME", "接收人姓名 as on the 移交清单 (required)"},
         {"record", "DOCUMENT", "the signed 移交清单, uploaded to the referral"},
         EtagFlag(),
         RequestIdFlag()},
        "cbctl referral handover referrals/abc --item s1 --recipient 王警官"},
       Handover},
      {{"referral acknowledge",
        "Acknowledge a case the police transferred back (接收反向移送, 310号第十三条).",
        "REFERRAL",
        {{"note", "TEXT", "接收说明, e.g. goods received back"}, EtagFlag(), RequestIdFlag()},
        "cbctl referral acknowledge referrals/abc --note 已接收退回的涉案物品"},
       Acknowledge},
      {{"referral outcome",
        "Report how the agency handled the case (报告行政处理结果, 310号第十条、第十三条).",
        "REFERRAL",
        {{"kind", "KIND", "penalised 给予行政处罚, not-penalised, transferred-elsewhere"},
         {"decision", "DECISION", "a penalty decision of the case (e.g. pd1), for penalised", true},
         {"summary", "TEXT", "处理情况说明 (required)"},
         EtagFlag(),
         RequestIdFlag()},
        "cbctl referral outcome referrals/abc --kind not-penalised --summary "
        "违法行为轻微并及时纠正"},
       Outcome},
      {{"referral offset",
        "Record that a fine already paid was offset against the criminal fine (罚款折抵).",
        "REFERRAL",
        {{"decision", "DECISION", "the penalty decision whose fine was paid, e.g. pd1"},
         {"fine-paid", "YUAN", "administrative fine actually paid, in 元"},
         {"criminal-fine", "YUAN", "criminal fine imposed by the court, in 元"},
         {"offset", "YUAN", "amount offset, in 元 (at most both of the above)"},
         {"judgment-number", "NUMBER", "判决书文号 (required)"},
         {"judgment-date", "DATE", "判决日期 YYYY-MM-DD"},
         {"note", "TEXT", "备注"},
         EtagFlag(),
         RequestIdFlag()},
        "cbctl referral offset referrals/abc --decision pd1 --fine-paid 30000 --criminal-fine "
        "50000 --offset 30000 --judgment-number （2026）苏0602刑初88号 --judgment-date 2026-09-01"},
       Offset},
  };
}

}  // namespace casebridge::cbctl
