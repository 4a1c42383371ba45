// Small conversions every repository shares: the current time in microseconds and PostgreSQL
// text arrays.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace casebridge::core {

// Microseconds since the Unix epoch, the unit timestamps are stored and compared in.
inline int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// `items` as a text[] literal, e.g. {a,b}. Items must already be validated to characters that
// need no quoting ([0-9A-Za-z_-]): identifiers, credit codes, ID numbers.
std::string TextArrayLiteral(const std::vector<std::string>& items);

// The items of array_to_string(column, ','), the inverse of TextArrayLiteral; "" gives none.
std::vector<std::string> SplitTextArray(const std::string& text);

}  // namespace casebridge::core
