// The statutory clocks of a referral (国务院令第310号, STATUTES.md §1) with their legal basis.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "services/law/referral_terms.h"
#include "services/law/statutory_clock.h"

namespace casebridge::law::referral {

// Mirrors casebridge.v1.Deadline.Kind (referral.proto), same numbers.
enum class ClockKind {
  kUnspecified = 0,
  kHeadDecision = 1,             // 负责人审批, art. 5
  kTransfer = 2,                 // 移送, art. 5
  kForward = 3,                  // 转送, art. 7
  kFilingDecision = 4,           // 立案审查, art. 8
  kReconsiderationRequest = 5,   // 提请复议或建议立案监督, art. 9
  kReconsiderationDecision = 6,  // 复议决定, art. 9
  kSupervisionProposal = 7,      // 提请立案监督, art. 9
  kHandover = 8,                 // 移交, art. 12
};
inline constexpr int kClockKindCount = 9;

// The instant a clock counts from.
enum class ClockStart {
  kOpeningAct = 0,  // the act that opens it
  // The police's latest receipt: the forward clock is only written when the police forward, since
  // the 24 hours run from the receipt but a police that files or declines never forwards.
  kLatestReceipt = 1,
};

// One clock of the catalogue.
struct ClockSpec {
  ClockKind kind;
  // Configuration key under referral.deadlines, e.g. "filing_decision".
  std::string_view id;
  std::string_view name_zh;  // "立案审查期限"
  std::string_view name_en;  // "police decision on filing"
  // The legal basis, as casebridge.v1.LegalBasis carries it.
  std::string_view instrument;  // "国务院令第310号"
  std::string_view article;     // "第八条"
  std::string_view text;        // the provision's rule, summarised faithfully
  // The default period and counting; configuration may set others per clock.
  CountingRule default_rule;
  ClockNature nature;
  Party responsible;
  Act opened_by;
  ClockStart starts_at;
  // The acts that satisfy the clock (it is met, or missed when late).
  std::span<const Act> closed_by;
};

// Every clock, in ClockKind order from kHeadDecision.
std::span<const ClockSpec> ClockCatalogue();

// The catalogue entry of `kind`; nullptr for kUnspecified or an unknown number.
const ClockSpec* FindClock(ClockKind kind);

// The clock whose configuration key is `id`.
std::optional<ClockKind> ClockKindFromId(std::string_view id);

}  // namespace casebridge::law::referral
