#include "services/law/holiday_json.h"

#include <cstdio>
#include <set>
#include <utility>

namespace casebridge::law {
namespace {

// Reads the JSON subset the holiday files use. Every method returns false after recording the first
// problem with its byte offset; later calls then fail too, so callers can chain them.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  const std::string& error() const { return error_; }

  bool Fail(const std::string& what) {
    if (error_.empty()) error_ = "offset " + std::to_string(pos_) + ": " + what;
    return false;
  }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\t')) {
      ++pos_;
    }
  }

  // Consumes `c` if it is the next non-space character.
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool Expect(char c) { return Consume(c) || Fail(std::string("expected '") + c + "'"); }

  bool AtEnd() {
    SkipSpace();
    return pos_ == text_.size();
  }

  bool String(std::string* out) {
    if (!Expect('"')) return false;
    size_t end = pos_;
    while (end < text_.size() && text_[end] != '"') {
      if (text_[end] == '\\') return Fail("escape sequences are not part of the holiday format");
      if (static_cast<unsigned char>(text_[end]) < 0x20) return Fail("control character in string");
      ++end;
    }
    if (end == text_.size()) return Fail("unterminated string");
    *out = std::string(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return true;
  }

  bool Integer(int* out) {
    SkipSpace();
    size_t start = pos_;
    int value = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9' && pos_ - start < 6) {
      value = value * 10 + (text_[pos_++] - '0');
    }
    if (pos_ == start) return Fail("expected a non-negative integer");
    if (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      return Fail("integer too long");
    }
    *out = value;
    return true;
  }

  bool Bool(bool* out) {
    SkipSpace();
    std::string_view rest = text_.substr(pos_);
    if (rest.starts_with("true")) {
      pos_ += 4;
      *out = true;
      return true;
    }
    if (rest.starts_with("false")) {
      pos_ += 5;
      *out = false;
      return true;
    }
    return Fail("expected true or false");
  }

  // Calls `member(key)` for each key of an object; rejects a key seen twice.
  template <typename Member>
  bool Object(Member member) {
    if (!Expect('{')) return false;
    std::set<std::string> seen;
    if (Consume('}')) return true;
    do {
      std::string key;
      if (!String(&key) || !Expect(':')) return false;
      if (!seen.insert(key).second) return Fail("key \"" + key + "\" repeated");
      if (!member(key)) return false;
    } while (Consume(','));
    return Expect('}');
  }

  // Calls `element()` for each element of an array.
  template <typename Element>
  bool Array(Element element) {
    if (!Expect('[')) return false;
    if (Consume(']')) return true;
    do {
      if (!element()) return false;
    } while (Consume(','));
    return Expect(']');
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

// "YYYY-MM-DD" with a real calendar date.
std::optional<std::chrono::year_month_day> ParseDate(std::string_view s) {
  auto digits = [&](size_t from, size_t count, int* out) {
    *out = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      *out = *out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(0, 4, &y) || !digits(5, 2, &m) ||
      !digits(8, 2, &d)) {
    return std::nullopt;
  }
  std::chrono::year_month_day date{std::chrono::year{y},
                                   std::chrono::month{static_cast<unsigned>(m)},
                                   std::chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

bool ParseDay(Reader& reader, HolidayDay* day) {
  bool has_name = false, has_date = false, has_off = false;
  bool ok = reader.Object([&](const std::string& key) {
    if (key == "name") {
      has_name = true;
      return reader.String(&day->name);
    }
    if (key == "date") {
      has_date = true;
      std::string text;
      if (!reader.String(&text)) return false;
      std::optional<std::chrono::year_month_day> date = ParseDate(text);
      if (!date) return reader.Fail("\"" + text + "\" is not a YYYY-MM-DD date");
      day->date = *date;
      return true;
    }
    if (key == "isOffDay") {
      has_off = true;
      return reader.Bool(&day->off_day);
    }
    return reader.Fail("unknown key \"" + key + "\" in a day");
  });
  if (!ok) return false;
  if (!has_name || !has_date || !has_off) {
    return reader.Fail("a day needs \"name\", \"date\" and \"isOffDay\"");
  }
  if (day->name.empty()) return reader.Fail("a day has an empty name");
  return true;
}

}  // namespace

std::string IsoDate(const std::chrono::year_month_day& date) {
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

std::optional<HolidayYear> ParseHolidayJson(std::string_view json, std::string* error) {
  Reader reader(json);
  HolidayYear result;
  bool has_year = false, has_papers = false, has_days = false;
  bool ok = reader.Object([&](const std::string& key) {
    if (key == "$schema" || key == "$id") {
      std::string ignored;
      return reader.String(&ignored);
    }
    if (key == "year") {
      has_year = true;
      return reader.Integer(&result.year);
    }
    if (key == "papers") {
      has_papers = true;
      return reader.Array([&] {
        std::string paper;
        if (!reader.String(&paper)) return false;
        result.papers.push_back(std::move(paper));
        return true;
      });
    }
    if (key == "days") {
      has_days = true;
      return reader.Array([&] {
        HolidayDay day;
        if (!ParseDay(reader, &day)) return false;
        result.days.push_back(std::move(day));
        return true;
      });
    }
    return reader.Fail("unknown key \"" + key + "\"");
  });
  if (ok && !reader.AtEnd()) ok = reader.Fail("text after the top-level object");
  if (ok && (!has_year || !has_papers || !has_days)) {
    ok = reader.Fail("the file needs \"year\", \"papers\" and \"days\"");
  }
  if (!ok) {
    if (error != nullptr) *error = reader.error();
    return std::nullopt;
  }
  // The checks below concern the whole file, so their messages carry no offset.
  std::string problem;
  if (result.year < 1000 || result.year > 9999) problem = "\"year\" is not a year";
  // A year's notice also moves the days around the New Year before it (e.g. 2018-12-29 is in
  // 2019.json), but never further back.
  std::set<std::chrono::year_month_day> dates;
  const std::chrono::year year{result.year};
  for (const HolidayDay& day : result.days) {
    if (!problem.empty()) break;
    bool in_range = day.date.year() == year || (day.date.year() == year - std::chrono::years{1} &&
                                                day.date.month() == std::chrono::December);
    if (!in_range) problem = IsoDate(day.date) + " is outside " + std::to_string(result.year);
    if (!dates.insert(day.date).second) problem = IsoDate(day.date) + " is listed twice";
  }
  if (!problem.empty()) {
    if (error != nullptr) *error = problem;
    return std::nullopt;
  }
  return result;
}

}  // namespace casebridge::law
