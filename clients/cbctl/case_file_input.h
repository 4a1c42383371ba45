// Reading a case (v1::CaseFile) from a YAML or JSON file, with every problem named by line.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casebridge/v1/intake.pb.h"

namespace casebridge::cbctl {

// One thing wrong with the file, found before anything is sent.
struct FileProblem {
  int line = 0;       // 1-based; 0 when unknown (JSON files, a missing file)
  std::string field;  // path of CaseFile fields, e.g. "parties[0].kind"; may be empty
  std::string message;
};

// A case as read from a file. YAML is converted to JSON with the proto's field names and read by
// the same JSON parser, so both formats accept snake_case and lowerCamel names. YAML also accepts:
//   enum values without their prefix, in any case ("ip_right: trademark");
//   dates as "2026-03-02";
//   under threshold_facts, `amounts_yuan:` with decimal yuan ("52000.50"), converted exactly to
//   fen (amounts in the contract are fen).
struct CaseFileInput {
  std::string file;  // the path as given
  v1::CaseFile case_file;
  std::vector<FileProblem> problems;
  // Line of every field the YAML gave, by CaseFile path
  // ("threshold_facts.amounts.sales_amount_fen").
  std::map<std::string, int> lines;

  bool ok() const { return problems.empty(); }
  // Where a field of a service's violation ("case_file.parties[0].cause") is in the file:
  // its line, the line of the nearest enclosing block when the field itself was not given, or
  // "" when the file says nothing about it.
  std::string Where(const std::string& violation_field) const;
  // Every problem as one message for Printer::Error.
  std::string ProblemsText() const;
};

// Reads `path` (".json" or JSON content: JSON; anything else, including "-" for standard input:
// YAML).
CaseFileInput ReadCaseFileInput(const std::string& path);

// "52000.50" or "52,000.50" → 5200050: digits (perhaps grouped by thousands) with at most two
// decimals, no sign, no floating point. nullopt with `why` (in Chinese and English) otherwise.
std::optional<int64_t> YuanToFen(std::string_view text, std::string* why);

}  // namespace casebridge::cbctl
