#include "services/law/csv.h"

#include <algorithm>
#include <utility>

namespace casebridge::law {
namespace {

// Splits one record; false with a reason in *why on malformed quoting.
bool SplitRecord(std::string_view line, std::vector<std::string>* fields, std::string* why) {
  fields->clear();
  size_t i = 0;
  while (true) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) {
          *why = "unterminated quoted field";
          return false;
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',') {
        *why = "text after a closing quote";
        return false;
      }
    } else {
      size_t end = std::min(line.find(',', i), line.size());
      field = std::string(line.substr(i, end - i));
      if (field.find('"') != std::string::npos) {
        *why = "quote inside an unquoted field";
        return false;
      }
      i = end;
    }
    fields->push_back(std::move(field));
    if (i == line.size()) return true;
    ++i;  // the comma
  }
}

}  // namespace

bool ParseCsvTable(std::string_view text, std::string_view file_name, std::string_view header,
                   std::vector<std::vector<std::string>>* rows, std::string* error) {
  auto fail = [&](int line_number, std::string_view why) {
    if (error != nullptr) {
      *error =
          std::string(file_name) + " line " + std::to_string(line_number) + ": " + std::string(why);
    }
    return false;
  };
  rows->clear();
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  const size_t columns = static_cast<size_t>(std::count(header.begin(), header.end(), ',')) + 1;
  std::vector<std::string> fields;
  int line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_number == 1) {
      if (line != header) return fail(1, "header is not \"" + std::string(header) + "\"");
      continue;
    }
    if (line.empty()) return fail(line_number, "blank line");
    std::string why;
    if (!SplitRecord(line, &fields, &why)) return fail(line_number, why);
    if (fields.size() != columns) {
      return fail(line_number, "expected " + std::to_string(columns) + " fields, found " +
                                   std::to_string(fields.size()));
    }
    rows->push_back(fields);
  }
  if (line_number == 0) return fail(0, "empty file");
  return true;
}

}  // namespace casebridge::law
