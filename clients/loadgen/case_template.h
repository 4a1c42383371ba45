// The case the load generator files and imports, read once from a JSON file and numbered per copy.
#pragma once

#include <string>
#include <string_view>

#include "casebridge/v1/intake.pb.h"

namespace casebridge::loadgen {

class CaseTemplate {
 public:
  // Reads a CaseFile in protobuf JSON (field names of intake.proto, e.g. bench/cases/filing.json);
  // throws std::runtime_error naming the file and the problem.
  static CaseTemplate Load(const std::string& path);

  // A copy whose case number is the template's with `unique` inserted before its final 号, so
  // each copy passes the agency's case-number uniqueness check and is otherwise the same case:
  // every copy does the same validation, party and threshold work, with a body of the same size.
  v1::CaseFile Numbered(std::string_view unique) const;

  // Writes that copy into `out`, reusing its storage (the import batches are rebuilt constantly).
  void NumberInto(std::string_view unique, v1::CaseFile* out) const;

 private:
  explicit CaseTemplate(v1::CaseFile c);

  v1::CaseFile case_file_;
  std::string number_head_;  // the template's number without its final 号
  std::string number_tail_;  // "号", or "" when the number does not end with it
};

}  // namespace casebridge::loadgen
