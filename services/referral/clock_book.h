// The statutory clocks on a Referral: opened, met, missed, lapsed and cancelled as the law's
// transition table says, with periods and counting set per clock by configuration.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "casebridge/v1/referral.pb.h"
#include "services/law/calendar.h"
#include "services/law/referral_workflow.h"

namespace casebridge::referral {

using TimePoint = std::chrono::system_clock::time_point;

// The counting of each clock: the catalogue's default unless configuration set another.
class ClockSettings {
 public:
  // Every clock at its statutory default (STATUTES.md §1).
  ClockSettings();
  // Overrides from "id=period:policy[:last_day]" items separated by commas, e.g.
  // "filing_decision=3:working_days,transfer=24:hours"; policy calendar_days|working_days|hours,
  // last_day statutory_holidays|any_day_off. nullopt with a reason in *error when malformed.
  static std::optional<ClockSettings> Parse(const std::string& text, std::string* error);

  const law::CountingRule& RuleFor(law::referral::ClockKind kind) const;

 private:
  std::map<law::referral::ClockKind, law::CountingRule> rules_;
};

// Applies what `transition` does to the clocks of `r`, done at `now`: cancels, then meets the
// open clocks (met in time, else missed or lapsed; a clock the sweeper already marked keeps its
// state and gets its completion time), then opens new ones (a clock the same act also closes, the
// forward clock, is recorded already met or missed). Returns the names of the clocks changed.
std::vector<std::string> ApplyClockEffects(v1::Referral& r,
                                           const law::referral::Transition& transition,
                                           TimePoint now, const ClockSettings& settings,
                                           const law::WorkingCalendar& calendar);

// Marks one open clock of `r` whose due time has passed: MISSED for a duty (the responsible
// organisation is late), LAPSED for a window. Returns false when the clock is not open or not yet
// due (nothing changed).
bool MarkRunOut(v1::Referral& r, const std::string& deadline_name, TimePoint now);

// The windows of `r` that have run out (LAPSED, or OPEN past their due time at `now`).
std::vector<law::referral::ClockKind> LapsedWindows(const v1::Referral& r, TimePoint now);

// The deadline of `r` called `name`; nullptr when none.
const v1::Deadline* FindDeadline(const v1::Referral& r, const std::string& name);

}  // namespace casebridge::referral
