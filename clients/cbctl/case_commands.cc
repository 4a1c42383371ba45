// cbctl case file|show|list|assess|update|watch: administrative cases in the intake service; the
// commands on a case's records are gathered here too.
#include <google/protobuf/field_mask.pb.h>

#include <chrono>

#include "clients/cbctl/case_file_input.h"
#include "clients/cbctl/case_requests.h"
#include "clients/cbctl/case_views.h"
#include "clients/cbctl/command.h"

namespace casebridge::cbctl {
namespace {

// The case's fields, then (for people) its assessment per offence and what the officer must do.
void ShowCase(const Printer& printer, const v1::CaseFile& c) {
  printer.Record(c, CaseFields(c));
  if (printer.format() != OutputFormat::kTable) return;
  if (c.assessment().offences_size() > 0) {
    printer.Note("");
    printer.Table(c.assessment(), AssessmentHeaders(), AssessmentRows(c.assessment()));
  }
  if (c.assessment().overall_outcome() == v1::ASSESSMENT_OUTCOME_MET) {
    printer.Note(
        "\n⚠ 本案达到刑事追诉标准，应当依法移送公安机关（国务院令第310号第三条） / This case "
        "meets the criminal prosecution threshold and must be referred to the police (State "
        "Council Decree 310, art. 3).");
  } else if (c.assessment().overall_outcome() == v1::ASSESSMENT_OUTCOME_NEAR) {
    printer.Note(
        "\n⚠ 本案接近刑事追诉标准，涉嫌犯罪的可以移送 / This case is near the prosecution "
        "threshold; it may be referred on reasonable suspicion of a crime.");
  }
}

bool ReadInput(const std::string& file, const Printer& printer, CaseFileInput* input,
               int* exit_code) {
  *input = ReadCaseFileInput(file);
  if (!input->ok()) *exit_code = printer.Error(input->ProblemsText());
  return input->ok();
}

int File(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error("请给出一个案件文件 / name one case file, e.g. cbctl case file case.yaml");
  }
  CaseFileInput input;
  int exit_code = 0;
  if (!ReadInput(args.positional()[0], printer, &input, &exit_code)) return exit_code;
  v1::CreateCaseFileRequest request;
  request.set_request_id(args.Get("request-id", NewRequestId()));
  request.set_case_file_id(args.Get("id"));
  *request.mutable_case_file() = input.case_file;
  v1::CaseFile response;
  auto context = session.Context();
  grpc::Status status = Intake(session)->CreateCaseFile(context.get(), request, &response);
  if (!status.ok()) return FailIntake(printer, status, session, &input);
  printer.Note("已登记 / Filed as " + response.name() + "\n");
  ShowCase(printer, response);
  return 0;
}

int Show(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error("请给出一个案件 / name one case, e.g. cbctl case show caseFiles/abc123");
  }
  v1::CaseFile c;
  int exit_code = 0;
  if (!FetchCase(session, args.positional()[0], printer, &c, &exit_code)) return exit_code;
  ShowCase(printer, c);
  return 0;
}

int List(Session& session, const ParsedArgs& args, const Printer& printer) {
  std::vector<std::string> terms;
  if (args.Has("state")) {
    auto state = ParseCaseState(args.Get("state"));
    if (!state) {
      return printer.Error("未知状态 / unknown state '" + args.Get("state") +
                           "': use registered, under-investigation, penalty-decided, referred or "
                           "closed");
    }
    terms.push_back("state=" + v1::CaseFile::State_Name(*state).substr(6));
  }
  if (args.Has("flagged")) terms.push_back("flagged=true");
  if (args.Has("party")) {
    if (args.Get("party").find('"') != std::string::npos) {
      return printer.Error("--party 不能含有双引号 / --party cannot contain double quotes");
    }
    terms.push_back("party=\"" + args.Get("party") + "\"");
  }
  if (args.Has("credit-code")) terms.push_back("credit_code=" + args.Get("credit-code"));
  if (args.Has("from")) terms.push_back("register_date>=" + args.Get("from"));
  if (args.Has("to")) terms.push_back("register_date<=" + args.Get("to"));
  if (args.Has("agency"))
    terms.push_back("agency=" + WithPrefix(args.Get("agency"), "organisations"));
  if (args.Has("region")) terms.push_back("region=" + args.Get("region"));
  v1::ListCaseFilesRequest request;
  for (const std::string& term : terms) {
    request.set_filter(request.filter() + (request.filter().empty() ? "" : " AND ") + term);
  }
  const bool all_pages = args.Has("all-pages");
  v1::ListCaseFilesResponse all;
  do {
    v1::ListCaseFilesResponse page;
    auto context = session.Context();
    grpc::Status status = Intake(session)->ListCaseFiles(context.get(), request, &page);
    if (!status.ok()) return FailIntake(printer, status, session);
    all.mutable_case_files()->MergeFrom(page.case_files());
    request.set_page_token(page.next_page_token());
    all.set_next_page_token(page.next_page_token());
  } while (all_pages && !request.page_token().empty());
  std::vector<std::vector<std::string>> rows;
  for (const v1::CaseFile& c : all.case_files()) rows.push_back(CaseListRow(c));
  printer.Table(all, CaseListHeaders(), rows);
  if (!all.next_page_token().empty()) {
    printer.Note(
        "还有更多案件，加 --all-pages 显示全部 / more cases: add --all-pages to list them all");
  }
  return 0;
}

int Assess(Session& session, const ParsedArgs& args, const Printer& printer) {
  v1::AssessCaseFileRequest request;
  CaseFileInput input;
  if (args.Has("file") == (args.positional().size() == 1) || args.positional().size() > 1) {
    return printer.Error(
        "请给出一个案件或用 --file 给出案件文件 / name one stored case, or give a case file with "
        "--file (e.g. cbctl case assess --file case.yaml)");
  }
  if (args.Has("file")) {
    int exit_code = 0;
    if (!ReadInput(args.Get("file"), printer, &input, &exit_code)) return exit_code;
    *request.mutable_facts() = input.case_file.threshold_facts();
  } else {
    request.set_name(WithPrefix(args.positional()[0], "caseFiles"));
  }
  v1::ThresholdAssessment assessment;
  auto context = session.Context();
  grpc::Status status = Intake(session)->AssessCaseFile(context.get(), request, &assessment);
  if (!status.ok())
    return FailIntake(printer, status, session, args.Has("file") ? &input : nullptr);
  printer.Table(assessment, AssessmentHeaders(), AssessmentRows(assessment));
  const v1::AssessmentOutcome overall = assessment.overall_outcome();
  const bool flag = overall == v1::ASSESSMENT_OUTCOME_MET || overall == v1::ASSESSMENT_OUTCOME_NEAR;
  printer.Note("\n总体结论 / overall: " + std::string(flag ? "⚠ " : "") + OutcomeText(overall) +
               " (rule set v" + std::to_string(assessment.rule_set_version()) +
               (args.Has("file") ? "; 试算，未保存 / dry run, nothing saved" : "") + ")");
  if (!assessment.lenity_note().empty()) {
    printer.Note("从旧兼从轻 / lenity: " + assessment.lenity_note());
  }
  return 0;
}

int Update(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1 || !args.Has("file") || !args.Has("fields")) {
    return printer.Error(
        "请给出案件、文件和要修改的字段 / name the case, the file and the fields to change, e.g. "
        "cbctl case update caseFiles/abc123 --file case.yaml --fields cause,threshold_facts");
  }
  CaseFileInput input;
  int exit_code = 0;
  if (!ReadInput(args.Get("file"), printer, &input, &exit_code)) return exit_code;
  v1::UpdateCaseFileRequest request;
  request.set_request_id(args.Get("request-id", NewRequestId()));
  *request.mutable_case_file() = input.case_file;
  for (const std::string& field : SplitFields(args.Get("fields"))) {
    request.mutable_update_mask()->add_paths(field);
  }
  // The etag the officer read decides whether someone else changed the case meanwhile; without
  // --etag the one read just now is used.
  v1::CaseFile current;
  if (!FetchCase(session, args.positional()[0], printer, &current, &exit_code)) return exit_code;
  request.mutable_case_file()->set_name(current.name());
  request.mutable_case_file()->set_etag(args.Get("etag", current.etag()));
  v1::CaseFile response;
  auto context = session.Context();
  grpc::Status status = Intake(session)->UpdateCaseFile(context.get(), request, &response);
  if (!status.ok()) return FailIntake(printer, status, session, &input);
  printer.Note("已修改 / Updated " + response.name() + ": " + args.Get("fields"));
  NoteUnlistedFields(printer, input.case_file, request.update_mask());
  printer.Note("");
  ShowCase(printer, response);
  return 0;
}

int Watch(Session& session, const ParsedArgs& args, const Printer& printer) {
  v1::WatchCaseEventsRequest request;
  const std::string after = args.Get("after", "0");
  if (after.empty() || after.find_first_not_of("0123456789") != std::string::npos ||
      after.size() > 18) {
    return printer.Error("--after 应为事件序号（非负整数） / --after is an event sequence number");
  }
  request.set_after_sequence(std::stoll(after));
  request.set_region_code_prefix(args.Get("region"));
  auto stub = Intake(session);
  // The feed never ends by itself; the officer stops it with Ctrl-C.
  auto context = session.Context(std::chrono::hours(24 * 366));
  auto reader = stub->WatchCaseEvents(context.get(), request);
  printer.Note("SEQUENCE  TIME  TYPE  CASE  ACTOR  (Ctrl-C 结束 / stops)");
  v1::CaseEvent event;
  while (reader->Read(&event)) printer.StreamLine(event, EventLine(event));
  grpc::Status status = reader->Finish();
  if (!status.ok()) return FailIntake(printer, status, session);
  return 0;
}

}  // namespace

std::vector<Command> CaseCommands() {
  const FlagSpec request_id{"request-id", "ID", "makes a retry safe (default: a new random id)"};
  std::vector<Command> commands = {
      {{"case file",
        "File (登记) a case from a YAML or JSON file; shows its threshold assessment.",
        "FILE",
        {{"id", "CASE_ID", "id part of the case name (default: assigned by the service)"},
         request_id},
        "cbctl case file clients/cbctl/examples/case.yaml"},
       File},
      {{"case show",
        "Show one case with its assessment.",
        "CASE",
        {},
        "cbctl case show caseFiles/abc123"},
       Show},
      {{"case list",
        "List cases you may see, newest registration first.",
        "",
        {{"state", "STATE", "registered, under-investigation, penalty-decided, referred, closed"},
         {"flagged", "", "only cases at or near the prosecution threshold (⚠)"},
         {"party", "TEXT", "a party's name contains TEXT"},
         {"credit-code", "CODE", "a party's 统一社会信用代码"},
         {"from", "DATE", "registered on or after DATE (YYYY-MM-DD)"},
         {"to", "DATE", "registered on or before DATE (YYYY-MM-DD)"},
         {"agency", "ORGANISATION", "handled by this agency (procurators, coordinators)"},
         {"region", "PREFIX", "region code starting so, e.g. 3206"},
         {"all-pages", "", "fetch every page, not just the first 50"}},
        "cbctl case list --flagged --from 2026-01-01"},
       List},
      {{"case assess",
        "Assess a stored case, or the facts in a file (dry run), against the prosecution "
        "thresholds.",
        "[CASE]",
        {{"file", "FILE",
          "assess the threshold_facts of this case file instead; nothing is saved"}},
        "cbctl case assess --file clients/cbctl/examples/case.yaml"},
       Assess},
      {{"case update",
        "Change fields of a case from a file (reads the case for its etag first).",
        "CASE",
        {{"file", "FILE", "YAML or JSON file with the new values"},
         {"fields", "A,B", "fields to change, e.g. cause,threshold_facts.amounts"},
         {"etag", "ETAG", "the etag you read (default: the current one)"},
         request_id},
        "cbctl case update caseFiles/abc123 --file case.yaml --fields facts,threshold_facts"},
       Update},
      {{"case watch",
        "Print case events as they happen, until Ctrl-C (JSON lines with --output json).",
        "",
        {{"after", "N", "start after event sequence N (default 0: from the beginning)"},
         {"region", "PREFIX", "only events of regions starting so"}},
        "cbctl case watch --after 120"},
       Watch},
  };
  for (auto group :
       {CaseItemCommands, CaseDocumentCommands, CasePenaltyCommands, CaseImportCommands}) {
    for (Command& c : group()) commands.push_back(std::move(c));
  }
  return commands;
}

}  // namespace casebridge::cbctl
