#include "services/law/identifier_text.h"

#include <algorithm>
#include <cstddef>

namespace casebridge::law {
namespace {

constexpr char32_t kFullWidthFirst = 0xFF01;  // ！, the full-width form of '!'
constexpr char32_t kFullWidthLast = 0xFF5E;   // ～, the full-width form of '~'
constexpr char32_t kFullWidthOffset = 0xFF01 - 0x21;
constexpr char32_t kIdeographicSpace = 0x3000;
constexpr char32_t kNoBreakSpace = 0x00A0;

// Decodes the well-formed UTF-8 sequence at the start of `text` into *code_point and returns its
// length, or 0 if the bytes there are not one (overlong forms and surrogates included).
size_t DecodeUtf8(std::string_view text, char32_t* code_point) {
  if (text.empty()) return 0;
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(0);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  size_t length;
  char32_t value;
  char32_t minimum;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(i) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  *code_point = value;
  return length;
}

bool IsAsciiWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

bool HasErrors(const std::vector<IdentifierProblem>& problems) {
  return std::any_of(problems.begin(), problems.end(), [](const IdentifierProblem& problem) {
    return problem.severity == ProblemSeverity::kError;
  });
}

std::string ToHalfWidth(std::string_view utf8) {
  std::string result;
  result.reserve(utf8.size());
  while (!utf8.empty()) {
    char32_t code_point = 0;
    size_t length = DecodeUtf8(utf8, &code_point);
    if (length == 0) {
      result += utf8.front();
      utf8.remove_prefix(1);
      continue;
    }
    if (code_point >= kFullWidthFirst && code_point <= kFullWidthLast) {
      result += static_cast<char>(code_point - kFullWidthOffset);
    } else if (code_point == kIdeographicSpace || code_point == kNoBreakSpace) {
      result += ' ';
    } else {
      result.append(utf8.substr(0, length));
    }
    utf8.remove_prefix(length);
  }
  return result;
}

std::string_view TrimAsciiWhitespace(std::string_view text) {
  while (!text.empty() && IsAsciiWhitespace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiWhitespace(text.back())) text.remove_suffix(1);
  return text;
}

std::string ToAsciiUpper(std::string_view text) {
  std::string result(text);
  for (char& c : result) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return result;
}

std::vector<std::string_view> SplitUtf8Characters(std::string_view utf8) {
  std::vector<std::string_view> characters;
  while (!utf8.empty()) {
    char32_t ignored = 0;
    size_t length = std::max<size_t>(DecodeUtf8(utf8, &ignored), 1);
    characters.push_back(utf8.substr(0, length));
    utf8.remove_prefix(length);
  }
  return characters;
}

}  // namespace casebridge::law
