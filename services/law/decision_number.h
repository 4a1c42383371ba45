// 行政处罚决定书文号 parsing into issuer prefix (机关代字), year and serial number.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/law/identifier_text.h"

namespace casebridge::law {

// A decision number as officers write it, e.g. "通市监处罚〔2026〕123号",
// "苏州市市场监督管理局 苏市监罚字[2026]第0045号" or "沪市监虹处〔2025〕092025000123号".
//
// Accepted variations: the year in 〔〕, ﹝﹞, [], ［］, (), （） or 【】 (an opening and a closing
// bracket of any of these kinds); 字 after the prefix; 第 before the number; 号 at the end or
// not; spaces anywhere; full-width digits and letters. A full agency name written before the
// prefix and separated from it by a space (a word ending in 局, 厅, 署, 委员会, 海关, 政府,
// 办公室, 总队, 支队 or 大队) is set aside as `issuing_agency_name`; one run together with the
// prefix cannot be told apart from it and stays in the prefix.
//
// The canonical form is <issuer prefix>〔<year>〕<number>号, following GB/T 9704-2012 (公文格式)
// on 发文字号: year in 六角括号, no 第; also without spaces and 字, so that the same decision
// written in different styles compares equal. The number keeps its digits exactly as written,
// leading zeros included. GB/T 9704 writes no leading zeros (不编虚位), but some agencies number
// penalty decisions with fixed-width codes that carry more than a count (092025000123 above), and
// whether "0045" and "45" are the same decision is for a person to settle, not this parser.
// Callers keep the text as entered beside the canonical form.
//
// Errors: nothing before the year (no 机关代字); no bracketed year; a bracketed year that is not
// four digits, or its bracket left open; a year before 1990 or after `current_year` + 1; no
// number after the year; a number with anything but digits; text after 号.
struct DecisionNumberValidation {
  bool valid = false;
  std::string canonical;  // set when valid

  // The parts, filled as far as the text could be read even when invalid.
  std::string issuer_prefix;        // e.g. "苏市监罚", without spaces and without a final 字
  std::optional<int> year;          // set when the bracketed year is four digits
  std::string number;               // e.g. "0045", digits as written, without 第 and 号
  std::string issuing_agency_name;  // e.g. "苏州市市场监督管理局"; empty when not written
  std::vector<IdentifierProblem> problems;
};

// Parses a decision number; `current_year` (Asia/Shanghai, from the caller: this library never
// reads a clock) bounds the year, which may be at most the next one.
DecisionNumberValidation ParseDecisionNumber(std::string_view input, int current_year);

}  // namespace casebridge::law
