// Strict RFC 4180 CSV reader for the statutory data tables under services/law/data (internal).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace casebridge::law {

// Parses `text` whose first line must be exactly `header` (a leading UTF-8 byte-order mark is
// dropped first); every later line is one record with as many fields as the header. Quoted fields
// may hold commas and "" for a quote, but not line breaks. CRLF line ends and a missing final
// newline are accepted; blank lines are not. On failure returns false and, if `error` is not null,
// a reason naming `file_name` and the line.
bool ParseCsvTable(std::string_view text, std::string_view file_name, std::string_view header,
                   std::vector<std::vector<std::string>>* rows, std::string* error);

}  // namespace casebridge::law
