// Checks of one case party, and the text checks case validation shares (internal to intake).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "casebridge/v1/intake.pb.h"
#include "services/core/errors.h"

namespace casebridge::intake::validation {

// How a text field is checked: the label is the field's name in Chinese and in English, as the
// messages use it ("案由" / "cause").
struct TextRule {
  const char* label_zh;
  const char* label_en;
  std::size_t max_characters;
  bool required = false;
  // Single-line fields (names, numbers, addresses) refuse line breaks and tabs; multi-line ones
  // (facts, descriptions) accept them. Other control characters are refused everywhere (PostgreSQL
  // text cannot even hold NUL).
  bool single_line = true;
};

// Number of characters (UTF-8 code points, as law::SplitUtf8Characters counts them).
std::size_t CharacterCount(std::string_view text);

// Empty or only whitespace, full-width and no-break spaces included.
bool IsBlank(std::string_view text);

// Adds at most one violation at `path`: blank when required, too long, or with control characters.
// Returns true when the text passed.
bool CheckText(std::string_view text, const TextRule& rule, const std::string& path,
               core::FieldViolations& v);

// Whether `text` looks like one or more phone numbers: mobile or landline, optionally with '+'
// and country code, area code in brackets, hyphens or spaces, and an extension after 转 or '-';
// several numbers may be separated by '/', ',', ';' or '、'.
bool IsPlausiblePhone(std::string_view text);

// A non-empty party_id of at most 63 ASCII letters, digits, '-' or '_' (e.g. "p1").
bool IsValidPartyId(std::string_view party_id);

// Adds one violation per wrong field of `party` under `path` (e.g. "case_file.parties[0]"):
// kind, capacity, party_id format, and the particulars that fit the kind. Identifiers are checked
// with the law library; its warnings are not violations. Uniqueness of party_id across the case is
// the caller's check.
void ValidateParty(const v1::Party& party, std::chrono::year_month_day today,
                   const std::string& path, core::FieldViolations& v);

}  // namespace casebridge::intake::validation
