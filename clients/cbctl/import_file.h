// Reading a file of legacy cases for `cbctl case import`: a YAML or JSON list, or JSON lines, of
// ImportRecord, with every problem named by record and line.
#pragma once

#include <string>
#include <vector>

#include "casebridge/v1/intake.pb.h"
#include "clients/cbctl/case_file_input.h"

namespace casebridge::cbctl {

struct ImportFile {
  // The path as given, and every problem found in it (then nothing may be sent).
  FileInput input;
  // The records in file order; a record without record_ref gets "#n", its place in the file
  // (1-based), which stays the same when a record is corrected in place.
  std::vector<v1::ImportRecord> records;
  // The line each record starts on, for messages.
  std::vector<int> lines;
};

// Reads `path` ("-": standard input). A file whose first character is '{' is JSON lines (one
// record a line); anything else is a YAML list, which includes a JSON list. Each record is read
// like a case file (enum values without prefix, dates, amounts_yuan, ...).
ImportFile ReadImportFile(const std::string& path);

}  // namespace casebridge::cbctl
