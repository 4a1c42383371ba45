// cbctl case penalty [list|execute] | case revoke | case close: penalty decisions (行政处罚决定),
// their execution and revocation, and closing a case (结案).
#include "clients/cbctl/case_record_views.h"
#include "clients/cbctl/case_requests.h"
#include "clients/cbctl/case_views.h"
#include "clients/cbctl/command.h"

namespace casebridge::cbctl {
namespace {

using Decision = v1::PenaltyDecision;

void ShowDecision(const Printer& printer, const std::string& what, const Decision& d) {
  printer.Note(what + " " + d.name() + "\n");
  printer.Record(d, PenaltyDecisionFields(d));
}

// Fines and confiscated gains of a decision: what "executed" means was paid.
int64_t PayableFen(const Decision& d) {
  int64_t total = 0;
  for (const Decision::Penalty& p : d.penalties()) {
    if (p.kind() == Decision::Penalty::KIND_FINE ||
        p.kind() == Decision::Penalty::KIND_CONFISCATE_ILLEGAL_GAINS) {
      total += p.amount_fen();
    }
  }
  return total;
}

// The decision named by the command's argument, read with its case for its etag.
bool FetchDecision(Session& session, const ParsedArgs& args, const Printer& printer,
                   Decision* decision, int* exit_code) {
  v1::CaseFile c;
  return FetchRecord(session, args.positional()[0], "penaltyDecisions",
                     &v1::CaseFile::penalty_decisions, printer, &c, decision, exit_code);
}

int Record(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1 || !args.Has("file")) {
    return printer.Error(
        "请给出案件和处罚决定文件 / name the case and the decision file, e.g. cbctl case penalty "
        "caseFiles/abc123 --file clients/cbctl/examples/penalty_decision.yaml");
  }
  v1::RecordPenaltyDecisionRequest request;
  FileInput input;
  int exit_code = 0;
  if (!ReadRecordFile(args.Get("file"), *request.mutable_penalty_decision(), "penalty_decision",
                      printer, &input, &exit_code)) {
    return exit_code;
  }
  Decision& d = *request.mutable_penalty_decision();
  if (args.Has("justification")) d.set_justification_when_threshold_met(args.Get("justification"));
  if (args.Has("referral"))
    d.set_justifying_referral(WithPrefix(args.Get("referral"), "referrals"));
  // The case etag says which assessment the officer decided against; without --etag, the one
  // read now, and its outcome is printed with the decision.
  v1::CaseFile c;
  if (!FetchCase(session, args.positional()[0], printer, &c, &exit_code)) return exit_code;
  request.set_request_id(args.Get("request-id", NewRequestId()));
  request.set_parent(c.name());
  request.set_etag(args.Get("etag", c.etag()));
  Decision response;
  auto context = session.Context();
  grpc::Status status = Intake(session)->RecordPenaltyDecision(context.get(), request, &response);
  if (!status.ok()) {
    return FailIntake(
        printer, status, session,
        FlagsOfFields({{"penalty_decision.justification_when_threshold_met", "--justification"},
                       {"penalty_decision.justifying_referral", "--referral"},
                       {"etag", "--etag"}},
                      &input));
  }
  ShowDecision(printer, "已录入处罚决定 / Penalty decision recorded:", response);
  return 0;
}

int List(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error(
        "请给出一个案件 / name one case, e.g. cbctl case penalty list caseFiles/abc");
  }
  v1::CaseFile c;
  int exit_code = 0;
  if (!FetchCase(session, args.positional()[0], printer, &c, &exit_code)) return exit_code;
  // JSON: the case's name and its decisions, the part of the case this command is about.
  v1::CaseFile shown;
  shown.set_name(c.name());
  *shown.mutable_penalty_decisions() = c.penalty_decisions();
  std::vector<std::vector<std::string>> rows;
  for (const Decision& d : c.penalty_decisions()) rows.push_back(PenaltyDecisionRow(d));
  printer.Table(shown, PenaltyDecisionHeaders(), rows);
  return 0;
}

int Execute(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error(
        "请给出一份处罚决定 / name one decision, e.g. cbctl case penalty execute "
        "caseFiles/abc/penaltyDecisions/pd1 --state executed --completed 2026-04-20");
  }
  FlagValues flags(args);
  const std::optional<int> state =
      flags.Choice("state", Decision::ExecutionState_descriptor(),
                   {{"待履行", Decision::EXECUTION_STATE_PENDING},
                    {"部分履行", Decision::EXECUTION_STATE_PARTIALLY_EXECUTED},
                    {"已履行完毕", Decision::EXECUTION_STATE_EXECUTED},
                    {"强制执行", Decision::EXECUTION_STATE_COMPULSORY_EXECUTION}});
  const std::optional<int64_t> paid = flags.Yuan("paid");
  const std::optional<v1::Date> completed = flags.Date("completed");
  if (!flags.ok()) return flags.Fail(printer);
  Decision current;
  int exit_code = 0;
  if (!FetchDecision(session, args, printer, &current, &exit_code)) return exit_code;
  v1::RecordPenaltyExecutionRequest request;
  ActOn(args, current, request);
  Decision::Execution& e = *request.mutable_execution();
  if (state) e.set_state(static_cast<Decision::ExecutionState>(*state));
  // 已履行完毕 means everything due was paid; the officer states only what differs.
  const bool executed = state == Decision::EXECUTION_STATE_EXECUTED;
  e.set_paid_amount_fen(paid.value_or(executed ? PayableFen(current) : 0));
  if (completed) *e.mutable_completion_date() = *completed;
  e.set_note(args.Get("note"));
  Decision response;
  auto context = session.Context();
  grpc::Status status = Intake(session)->RecordPenaltyExecution(context.get(), request, &response);
  if (!status.ok()) {
    return FailIntake(printer, status, session,
                      FlagsOfFields({{"execution.state", "--state"},
                                     {"execution.paid_amount_fen", "--paid (元)"},
                                     {"execution.completion_date", "--completed"},
                                     {"execution.note", "--note"},
                                     {"etag", "--etag"}}));
  }
  ShowDecision(printer, "已登记履行情况 / Execution recorded:", response);
  return 0;
}

int Revoke(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error(
        "请给出一份处罚决定 / name one decision, e.g. cbctl case revoke "
        "caseFiles/abc/penaltyDecisions/pd1 --kind agency --reasons ... --date 2026-05-06");
  }
  using Revocation = Decision::Revocation;
  FlagValues flags(args);
  const std::optional<int> kind =
      flags.Choice("kind", Revocation::Kind_descriptor(),
                   {{"自行撤销", Revocation::KIND_REVOKED_BY_AGENCY},
                    {"变更", Revocation::KIND_CHANGED},
                    {"复议撤销", Revocation::KIND_ANNULLED_ON_RECONSIDERATION},
                    {"法院撤销", Revocation::KIND_ANNULLED_BY_COURT}});
  const std::optional<v1::Date> date = flags.Date("date");
  if (!flags.ok()) return flags.Fail(printer);
  Decision current;
  int exit_code = 0;
  if (!FetchDecision(session, args, printer, &current, &exit_code)) return exit_code;
  v1::RevokePenaltyDecisionRequest request;
  ActOn(args, current, request);
  Revocation& r = *request.mutable_revocation();
  if (kind) r.set_kind(static_cast<Revocation::Kind>(*kind));
  r.set_reasons(args.Get("reasons"));
  r.set_document_number(args.Get("document-number"));
  if (date) *r.mutable_revocation_date() = *date;
  Decision response;
  auto context = session.Context();
  grpc::Status status = Intake(session)->RevokePenaltyDecision(context.get(), request, &response);
  if (!status.ok()) {
    return FailIntake(printer, status, session,
                      FlagsOfFields({{"revocation.kind", "--kind"},
                                     {"revocation.reasons", "--reasons"},
                                     {"revocation.document_number", "--document-number"},
                                     {"revocation.revocation_date", "--date"},
                                     {"etag", "--etag"}}));
  }
  ShowDecision(printer, "已登记撤销 / Revocation recorded:", response);
  printer.Note(
      "\n已公示的处罚信息将撤下 / a published penalty is withdrawn from disclosure (45号 art. 11)");
  return 0;
}

int Close(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error(
        "请给出一个案件 / name one case, e.g. cbctl case close caseFiles/abc123 --reason "
        "penalty-executed");
  }
  using Closure = v1::CaseClosure;
  FlagValues flags(args);
  const std::optional<int> reason =
      flags.Choice("reason", Closure::Reason_descriptor(),
                   {{"处罚决定执行完毕", Closure::REASON_PENALTY_EXECUTED},
                    {"不予处罚", Closure::REASON_NOT_PUNISHABLE},
                    {"移送公安", Closure::REASON_REFERRED_AND_FILED},
                    {"其他", Closure::REASON_OTHER}});
  const std::optional<v1::Date> date = flags.Date("date");
  if (!flags.ok()) return flags.Fail(printer);
  v1::CaseFile c;
  int exit_code = 0;
  if (!FetchCase(session, args.positional()[0], printer, &c, &exit_code)) return exit_code;
  v1::CloseCaseFileRequest request;
  ActOn(args, c, request);
  Closure& closure = *request.mutable_closure();
  if (reason) closure.set_reason(static_cast<Closure::Reason>(*reason));
  closure.set_note(args.Get("note"));
  closure.set_justification_when_threshold_met(args.Get("justification"));
  // The date on the 结案审批表 is, as a rule, the day it is entered.
  *closure.mutable_close_date() = date.value_or(BeijingToday());
  v1::CaseFile response;
  auto context = session.Context();
  grpc::Status status = Intake(session)->CloseCaseFile(context.get(), request, &response);
  if (!status.ok()) {
    return FailIntake(
        printer, status, session,
        FlagsOfFields({{"closure.reason", "--reason"},
                       {"closure.note", "--note"},
                       {"closure.justification_when_threshold_met", "--justification"},
                       {"closure.close_date", "--date"},
                       {"etag", "--etag"}}));
  }
  printer.Note("已结案 / Closed " + response.name() + "\n");
  Fields fields = CaseFields(response);
  for (auto& field : ClosureFields(response.closure())) fields.push_back(std::move(field));
  printer.Record(response, fields);
  return 0;
}

}  // namespace

std::vector<Command> CasePenaltyCommands() {
  const FlagSpec request_id{"request-id", "ID", "makes a retry safe (default: a new random id)"};
  const FlagSpec decision_etag{"etag", "ETAG",
                               "the decision's etag you read (default: the current one)"};
  return {
      {{"case penalty",
        "Record a penalty decision (录入行政处罚决定) from a YAML or JSON file.",
        "CASE",
        {{"file", "FILE", "the decision, fields as PenaltyDecision in intake.proto"},
         {"justification", "TEXT",
          "why a penalty is lawful although the case meets the threshold (required then; "
          "以罚代刑 is what procurators audit)"},
         {"referral", "REFERRAL", "the declined or returned referral the justification relies on"},
         {"etag", "ETAG", "the case etag whose assessment you decided against (default: current)"},
         request_id},
        "cbctl case penalty caseFiles/abc123 --file clients/cbctl/examples/penalty_decision.yaml"},
       Record},
      {{"case penalty list",
        "List a case's penalty decisions.",
        "CASE",
        {},
        "cbctl case penalty list caseFiles/abc123"},
       List},
      {{"case penalty execute",
        "Record how a penalty decision was carried out (履行情况).",
        "DECISION",
        {{"state", "STATE",
          "pending 待履行, partially-executed, executed 已履行完毕, or "
          "compulsory-execution 申请法院强制执行"},
         {"paid", "YUAN",
          "fines and confiscated gains paid so far, in 元 (default: all of it "
          "when executed, else 0)"},
         {"completed", "DATE", "履行完毕日期 YYYY-MM-DD, for executed"},
         {"note", "TEXT", "说明"},
         decision_etag,
         request_id},
        "cbctl case penalty execute caseFiles/abc123/penaltyDecisions/pd1 --state executed "
        "--completed 2026-04-20"},
       Execute},
      {{"case revoke",
        "Record that a penalty decision was revoked, changed or annulled (撤销/变更).",
        "DECISION",
        {{"kind", "KIND",
          "agency 本机关自行撤销, changed 变更, reconsideration 复议撤销, court 法院判决撤销"},
         {"reasons", "TEXT", "理由 (required)"},
         {"document-number", "NUMBER",
          "撤销决定书/复议决定书/判决书 number (required for reconsideration and court)"},
         {"date", "DATE", "the date on that document, YYYY-MM-DD"},
         decision_etag,
         request_id},
        "cbctl case revoke caseFiles/abc123/penaltyDecisions/pd1 --kind agency --reasons "
        "认定事实的证据不足 --date 2026-05-06"},
       Revoke},
      {{"case close",
        "Close a case (结案).",
        "CASE",
        {{"reason", "REASON",
          "penalty-executed, facts-not-established, not-punishable, referred-and-filed, "
          "transferred (to another authority), terminated, or other"},
         {"note", "TEXT", "结案说明 (required for other)"},
         {"justification", "TEXT",
          "why a case meeting the threshold ends without referral (required then; 有案不移)"},
         {"date", "DATE", "结案日期 YYYY-MM-DD (default: today)"},
         {"etag", "ETAG", "the case etag you read (default: the current one)"},
         request_id},
        "cbctl case close caseFiles/abc123 --reason penalty-executed"},
       Close},
  };
}

}  // namespace casebridge::cbctl
