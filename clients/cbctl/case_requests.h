// What the case commands share: reading a case (for its etag and its records), reading a record
// from a file, and reading officers' words from flags (choices, dates, times, yuan).
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/repeated_ptr_field.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "casebridge/v1/intake.pb.h"
#include "clients/cbctl/account_views.h"
#include "clients/cbctl/case_file_input.h"
#include "clients/cbctl/command_line.h"
#include "clients/cbctl/printer.h"
#include "clients/cbctl/session.h"

namespace casebridge::cbctl {

// Reads the case `name` (the caseFiles/ prefix may be left out); on failure explains why and sets
// *exit_code.
bool FetchCase(Session& session, const std::string& name, const Printer& printer, v1::CaseFile* c,
               int* exit_code);

// Reads the case that record `name` of `collection` ("seizedItems", "penaltyDecisions") belongs
// to and sets *record to it; explains what is wrong (a malformed name, no such record) otherwise.
// `name` may leave out the caseFiles/ prefix.
template <typename Record>
bool FetchRecord(Session& session, const std::string& name, const std::string& collection,
                 const google::protobuf::RepeatedPtrField<Record>& (v1::CaseFile::*records)() const,
                 const Printer& printer, v1::CaseFile* c, Record* record, int* exit_code);

// "caseFiles/a/seizedItems/s1" → "caseFiles/a"; "" when `name` is not a record of `collection`.
std::string CaseOfRecord(const std::string& name, const std::string& collection);

// Reads a record (seized item, penalty decision, ...) from a YAML or JSON file; on problems prints
// them all and sets *exit_code. `request_field` is where it goes in the request, e.g.
// "seized_item".
bool ReadRecordFile(const std::string& file, google::protobuf::Message& message,
                    const std::string& request_field, const Printer& printer, FileInput* input,
                    int* exit_code);

// Fills the request_id (--request-id, else a new random one), the name and the etag (--etag,
// else the one `current` was read with) of a request acting on `current`.
template <typename Request, typename Resource>
void ActOn(const ParsedArgs& args, const Resource& current, Request& request) {
  request.set_request_id(args.Get("request-id", NewRequestId()));
  request.set_name(current.name());
  request.set_etag(args.Get("etag", current.etag()));
}

// "a, b,c" → {"a", "b", "c"}.
std::vector<std::string> SplitFields(const std::string& text);

// Today in Beijing, the date officers write on their records.
v1::Date BeijingToday();

// Reads flag values in officers' words, collecting every wrong one so that all are reported at
// once. Each getter returns nullopt when the flag is absent or wrong (and then notes why).
class FlagValues {
 public:
  explicit FlagValues(const ParsedArgs& args) : args_(args) {}

  // A value of `e` (see EnumFromWord, loosely), or of `aliases` (extra words for values).
  std::optional<int> Choice(const std::string& flag, const google::protobuf::EnumDescriptor* e,
                            const std::vector<std::pair<std::string, int>>& aliases = {});
  std::optional<v1::Date> Date(const std::string& flag);
  std::optional<google::protobuf::Timestamp> Time(const std::string& flag);
  // Decimal yuan ("53000" or "53,000.50") as fen.
  std::optional<int64_t> Yuan(const std::string& flag);
  // Notes a problem of the caller's own finding.
  void Problem(const std::string& flag, const std::string& why);

  bool ok() const { return problems_.empty(); }
  // Prints every problem; returns the exit code.
  int Fail(const Printer& printer) const;

 private:
  const ParsedArgs& args_;
  std::vector<std::string> problems_;
};

// Says which fields of `given` (read from a file) stay unchanged because `mask` (--fields) does
// not list them, rather than drop them quietly.
void NoteUnlistedFields(const Printer& printer, const google::protobuf::Message& given,
                        const google::protobuf::FieldMask& mask);

// Where a wrong request field came from on the command line, for Printer::Error: `flags` maps
// request fields (and the fields within them, "x.y" or "x[0]") to the flag that sets them. With
// `input`, a field of the file read is shown by its line too.
std::function<std::string(const std::string& field)> FlagsOfFields(
    std::vector<std::pair<std::string, std::string>> flags, const FileInput* input = nullptr);

template <typename Record>
bool FetchRecord(Session& session, const std::string& name, const std::string& collection,
                 const google::protobuf::RepeatedPtrField<Record>& (v1::CaseFile::*records)() const,
                 const Printer& printer, v1::CaseFile* c, Record* record, int* exit_code) {
  const std::string full = WithPrefix(name, "caseFiles");
  const std::string case_name = CaseOfRecord(full, collection);
  if (case_name.empty()) {
    *exit_code =
        printer.Error("“" + name + "”的格式应为 caseFiles/{id}/" + collection + "/{id} / '" + name +
                      "' should be caseFiles/{id}/" + collection + "/{id}");
    return false;
  }
  if (!FetchCase(session, case_name, printer, c, exit_code)) return false;
  for (const Record& r : (c->*records)()) {
    if (r.name() == full) {
      *record = r;
      return true;
    }
  }
  *exit_code = printer.Error(case_name + " 中没有 " + name + " / the case has no " + name);
  return false;
}

}  // namespace casebridge::cbctl
