// cbctl case seize | case item add|list|update|dispose: the seized goods inventory (涉案物品清单,
// 国务院令第310号 art. 4) of a case.
#include "clients/cbctl/case_record_views.h"
#include "clients/cbctl/case_requests.h"
#include "clients/cbctl/case_views.h"
#include "clients/cbctl/command.h"

namespace casebridge::cbctl {
namespace {

using Disposal = v1::SeizedItemDisposal;

void ShowItem(const Printer& printer, const std::string& what, const v1::SeizedItem& item) {
  printer.Note(what + " " + item.name() + "\n");
  printer.Record(item, SeizedItemFields(item));
}

int Add(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1 || !args.Has("file")) {
    return printer.Error(
        "请给出案件和物品文件 / name the case and the item file, e.g. cbctl case seize "
        "caseFiles/abc123 --file clients/cbctl/examples/seized_item.yaml");
  }
  v1::AddSeizedItemRequest request;
  FileInput input;
  int exit_code = 0;
  if (!ReadRecordFile(args.Get("file"), *request.mutable_seized_item(), "seized_item", printer,
                      &input, &exit_code)) {
    return exit_code;
  }
  request.set_request_id(args.Get("request-id", NewRequestId()));
  request.set_parent(WithPrefix(args.positional()[0], "caseFiles"));
  v1::SeizedItem response;
  auto context = session.Context();
  grpc::Status status = Intake(session)->AddSeizedItem(context.get(), request, &response);
  if (!status.ok()) return FailIntake(printer, status, session, &input);
  ShowItem(printer, "已登记涉案物品 / Seized item recorded:", response);
  return 0;
}

int List(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error("请给出一个案件 / name one case, e.g. cbctl case item list caseFiles/abc");
  }
  FlagValues flags(args);
  const std::optional<int> state = flags.Choice("state", v1::SeizedItem::State_descriptor());
  if (!flags.ok()) return flags.Fail(printer);
  v1::CaseFile c;
  int exit_code = 0;
  if (!FetchCase(session, args.positional()[0], printer, &c, &exit_code)) return exit_code;
  // JSON: the case's name and its inventory, the part of the case this command is about.
  v1::CaseFile shown;
  shown.set_name(c.name());
  std::vector<std::vector<std::string>> rows;
  for (const v1::SeizedItem& item : c.seized_items()) {
    if (state && item.state() != *state) continue;
    *shown.add_seized_items() = item;
    rows.push_back(SeizedItemRow(item));
  }
  printer.Table(shown, SeizedItemHeaders(), rows);
  return 0;
}

int Update(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1 || !args.Has("file") || !args.Has("fields")) {
    return printer.Error(
        "请给出物品、文件和要修改的字段 / name the item, the file and the fields to change, e.g. "
        "cbctl case item update caseFiles/abc/seizedItems/s1 --file item.yaml --fields "
        "quantity,storage_location");
  }
  v1::UpdateSeizedItemRequest request;
  FileInput input;
  int exit_code = 0;
  if (!ReadRecordFile(args.Get("file"), *request.mutable_seized_item(), "seized_item", printer,
                      &input, &exit_code)) {
    return exit_code;
  }
  const v1::SeizedItem given = request.seized_item();
  for (const std::string& field : SplitFields(args.Get("fields"))) {
    request.mutable_update_mask()->add_paths(field);
  }
  v1::CaseFile c;
  v1::SeizedItem current;
  if (!FetchRecord(session, args.positional()[0], "seizedItems", &v1::CaseFile::seized_items,
                   printer, &c, &current, &exit_code)) {
    return exit_code;
  }
  request.set_request_id(args.Get("request-id", NewRequestId()));
  request.mutable_seized_item()->set_name(current.name());
  request.mutable_seized_item()->set_etag(args.Get("etag", current.etag()));
  v1::SeizedItem response;
  auto context = session.Context();
  grpc::Status status = Intake(session)->UpdateSeizedItem(context.get(), request, &response);
  if (!status.ok()) {
    return FailIntake(
        printer, status, session,
        FlagsOfFields({{"update_mask", "--fields"}, {"seized_item.etag", "--etag"}}, &input));
  }
  NoteUnlistedFields(printer, given, request.update_mask());
  ShowItem(printer, "已修改 / Updated", response);
  return 0;
}

int Dispose(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1) {
    return printer.Error(
        "请给出一项涉案物品 / name one seized item, e.g. cbctl case item dispose "
        "caseFiles/abc/seizedItems/s1 --kind destroyed --time \"2026-05-08 09:30\" "
        "--destroying-unit 某某环保科技有限公司");
  }
  FlagValues flags(args);
  const std::optional<int> kind = flags.Choice("kind", Disposal::Kind_descriptor(),
                                               {{"留存", Disposal::KIND_KEPT},
                                                {"移交", Disposal::KIND_HANDED_OVER},
                                                {"退还", Disposal::KIND_RETURNED},
                                                {"无害化销毁", Disposal::KIND_DESTROYED_HARMLESSLY},
                                                {"销毁", Disposal::KIND_DESTROYED_HARMLESSLY},
                                                {"其他", Disposal::KIND_OTHER}});
  const std::optional<google::protobuf::Timestamp> time = flags.Time("time");
  if (!flags.ok()) return flags.Fail(printer);
  v1::RecordSeizedItemDisposalRequest request;
  Disposal& d = *request.mutable_disposal();
  if (kind) d.set_kind(static_cast<Disposal::Kind>(*kind));
  if (time) *d.mutable_dispose_time() = *time;
  if (args.Has("recipient-org")) {
    d.set_recipient_organisation(WithPrefix(args.Get("recipient-org"), "organisations"));
  }
  d.set_recipient_name(args.Get("recipient"));
  if (args.Has("referral")) d.set_referral(WithPrefix(args.Get("referral"), "referrals"));
  d.set_destroying_unit(args.Get("destroying-unit"));
  d.set_destruction_method(args.Get("method"));
  for (const std::string& doc : args.GetAll("document")) {
    d.add_documents(WithPrefix(doc, "caseFiles"));
  }
  d.set_justification_when_threshold_met(args.Get("justification"));
  d.set_note(args.Get("note"));
  v1::CaseFile c;
  v1::SeizedItem current;
  int exit_code = 0;
  if (!FetchRecord(session, args.positional()[0], "seizedItems", &v1::CaseFile::seized_items,
                   printer, &c, &current, &exit_code)) {
    return exit_code;
  }
  ActOn(args, current, request);
  v1::SeizedItem response;
  auto context = session.Context();
  grpc::Status status =
      Intake(session)->RecordSeizedItemDisposal(context.get(), request, &response);
  if (!status.ok()) {
    return FailIntake(
        printer, status, session,
        FlagsOfFields({{"disposal.kind", "--kind"},
                       {"disposal.dispose_time", "--time"},
                       {"disposal.recipient_organisation", "--recipient-org"},
                       {"disposal.recipient_name", "--recipient"},
                       {"disposal.referral", "--referral"},
                       {"disposal.destroying_unit", "--destroying-unit"},
                       {"disposal.destruction_method", "--method"},
                       {"disposal.documents", "--document"},
                       {"disposal.justification_when_threshold_met", "--justification"},
                       {"disposal.note", "--note"},
                       {"etag", "--etag"}}));
  }
  ShowItem(printer, "已登记处置 / Disposal recorded:", response);
  return 0;
}

}  // namespace

std::vector<Command> CaseItemCommands() {
  const FlagSpec request_id{"request-id", "ID", "makes a retry safe (default: a new random id)"};
  const FlagSpec etag{"etag", "ETAG", "the item's etag you read (default: the current one)"};
  const CommandSpec add{
      "case seize",
      "Record a seized item (登记涉案物品) of a case from a YAML or JSON file.",
      "CASE",
      {{"file", "FILE", "the item, fields as SeizedItem in intake.proto"}, request_id},
      "cbctl case seize caseFiles/abc123 --file clients/cbctl/examples/seized_item.yaml"};
  CommandSpec item_add = add;
  item_add.path = "case item add";
  item_add.example = "cbctl case item add caseFiles/abc123 --file seized_item.yaml";
  return {
      {add, Add},
      {item_add, Add},
      {{"case item list",
        "List a case's seized items (涉案物品清单).",
        "CASE",
        {{"state", "STATE", "in-custody or disposed"}},
        "cbctl case item list caseFiles/abc123"},
       List},
      {{"case item update",
        "Correct fields of a seized item still in custody from a file (reads its etag first).",
        "ITEM",
        {{"file", "FILE", "YAML or JSON file with the new values"},
         {"fields", "A,B", "fields to change, e.g. quantity,storage_location"},
         etag,
         request_id},
        "cbctl case item update caseFiles/abc123/seizedItems/s1 --file item.yaml --fields "
        "quantity"},
       Update},
      {{"case item dispose",
        "Record what became of a seized item (处置); it cannot change afterwards.",
        "ITEM",
        {{"kind", "KIND",
          "kept 留存, handed-over 移交, returned 退还, destroyed 无害化销毁, or other 其他"},
         {"time", "TIME", "when it was done: \"2026-05-08 09:30\" (Beijing time)"},
         {"destroying-unit", "UNIT", "销毁单位, for destroyed"},
         {"method", "TEXT", "销毁方式, for destroyed, e.g. 粉碎后焚烧"},
         {"recipient", "NAME", "接收人, for handed-over and returned"},
         {"recipient-org", "ORGANISATION", "receiving organisation, for handed-over"},
         {"referral", "REFERRAL", "the referral it was handed over with"},
         {"document", "DOCUMENT", "a case document recording the disposal", true},
         {"justification", "TEXT",
          "why goods of a case at or near the threshold are destroyed or returned"},
         {"note", "TEXT", "备注 (required for other)"},
         etag,
         request_id},
        "cbctl case item dispose caseFiles/abc123/seizedItems/s1 --kind destroyed --time "
        "\"2026-05-08 09:30\" --destroying-unit 南通某某环保科技有限公司 --method 粉碎后焚烧"},
       Dispose},
  };
}

}  // namespace casebridge::cbctl
