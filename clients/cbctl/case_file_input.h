// Reading a case, or a record of one (seized item, penalty decision, ...), from a YAML or JSON
// file, with every problem named by line; and the officer's ways of writing yuan, dates and times.
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casebridge/v1/intake.pb.h"

namespace casebridge::cbctl {

// One thing wrong with the file, found before anything is sent.
struct FileProblem {
  int line = 0;       // 1-based; 0 when unknown (JSON files, a missing file)
  std::string field;  // path of CaseFile fields, e.g. "parties[0].kind"; may be empty
  std::string message;
};

// What was read from a file into one message. YAML is converted to JSON with the proto's field
// names and read by the same JSON parser, so both formats accept snake_case and lowerCamel names.
// YAML also accepts:
//   enum values without their prefix, in any case ("ip_right: trademark");
//   dates as "2026-03-02", times as "2026-03-02 10:30" (Beijing time) or RFC 3339;
//   under threshold_facts, `amounts_yuan:` with decimal yuan ("52000.50"), and any other amount
//   `x_fen` as `x_yuan: "72.00"`, converted exactly to fen (amounts in the contract are fen).
struct FileInput {
  std::string file;  // the path as given
  std::vector<FileProblem> problems;
  // Line of every field the YAML gave, by path in the message read
  // ("threshold_facts.amounts.sales_amount_fen").
  std::map<std::string, int> lines;
  // Where the message sits in the request: a violation field's prefix and the path in the
  // message it stands for, e.g. {"case_file.", ""}.
  std::vector<std::pair<std::string, std::string>> request_paths;

  bool ok() const { return problems.empty(); }
  // Where a field of a service's violation ("case_file.parties[0].cause") is in the file:
  // its line, the line of the nearest enclosing block when the field itself was not given, or
  // "" when the file says nothing about it.
  std::string Where(const std::string& violation_field) const;
  // Every problem as one message for Printer::Error.
  std::string ProblemsText() const;
};

// A case as read from a file; AssessCaseFile's `facts.` violations point into threshold_facts.
struct CaseFileInput : FileInput {
  v1::CaseFile case_file;
};

// Reads `path` into `message` (".json" or JSON content: JSON; anything else, including "-" for
// standard input: YAML).
FileInput ReadMessageInput(const std::string& path, google::protobuf::Message& message,
                           std::vector<std::pair<std::string, std::string>> request_paths);
CaseFileInput ReadCaseFileInput(const std::string& path);

// The text of `path` ("-": standard input), at most `max_bytes`; nullopt with a problem added to
// `input` when it cannot be read.
std::optional<std::string> ReadInputText(const std::string& path, size_t max_bytes,
                                         FileInput& input);

// "52000.50" or "52,000.50" → 5200050: digits (perhaps grouped by thousands) with at most two
// decimals, no sign, no floating point. nullopt with `why` (in Chinese and English) otherwise.
std::optional<int64_t> YuanToFen(std::string_view text, std::string* why);

// "2026-03-02" → the date; nullopt unless YYYY-MM-DD (whether the day exists is the service's
// check).
std::optional<v1::Date> DateFromText(std::string_view text);
// "2026-03-02 10:30[:00]" or "2026-03-02" (Beijing time, as officers read the clock) or RFC 3339
// ("2026-03-02T02:30:00Z") → RFC 3339; nullopt otherwise.
std::optional<std::string> Rfc3339FromText(std::string_view text);
// The same as a timestamp.
std::optional<google::protobuf::Timestamp> TimestampFromText(std::string_view text);

}  // namespace casebridge::cbctl
