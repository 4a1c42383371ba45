// The referral state machine of 国务院令第310号: which role may do which act from which state.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/law/referral_clocks.h"
#include "services/law/referral_terms.h"

namespace casebridge::law::referral {

// One row of the transition table: an act from some states, by some roles. An act has several
// rows when the states it starts from differ in who may do it or in which clocks it touches.
struct Transition {
  Act act;
  std::span<const State> from;
  // The state after the act; nullopt when the act leaves the state as it is.
  std::optional<State> to;
  std::span<const Role> roles;
  // Clocks the act starts (counted from ClockSpec::starts_at).
  std::span<const ClockKind> opens;
  // Clocks the act satisfies: met when in time, missed (or lapsed) when late. A clock listed here
  // or in `cancels` that is not open is left as it is.
  std::span<const ClockKind> meets;
  // Clocks the act makes moot: cancelled when open.
  std::span<const ClockKind> cancels;
  // A window whose lapse bars the act (kUnspecified: none).
  ClockKind barred_after_lapse;
  // Whether the act must state its reasons (理由), recorded and shown to the procuratorate.
  bool reasons_required;
  // Where the law puts the act, e.g. "国务院令第310号第五条".
  std::string_view basis;
};

// Every row, grouped by act in Act order.
std::span<const Transition> Transitions();

// The row allowing `act` from `state`, by whichever role; nullptr when none does.
const Transition* FindTransition(State state, Act act);

// The state after `row` is done from `from`.
State NextState(const Transition& row, State from);

// REFUSED, WITHDRAWN and CLOSED_ADMINISTRATIVELY: no act is possible after them.
bool IsFinal(State state);

// How the service answers an act.
enum class Verdict {
  kAllowed = 0,
  kRoleRefused = 1,   // PERMISSION_DENIED: not this role's act (in this state)
  kStateRefused = 2,  // FAILED_PRECONDITION: not an act of this state
  kWindowLapsed = 3,  // FAILED_PRECONDITION: the window for the act has run out
};

struct Decision {
  Verdict verdict = Verdict::kStateRefused;
  // The row that allows the act; nullptr unless allowed.
  const Transition* transition = nullptr;
  // What `role` may do in the state now, in Act order.
  std::vector<Act> possible_now;
  // Why not, "中文 / English", naming the state and the acts possible now; empty when allowed.
  std::string message;
};

// Whether `role` may do `act` on a referral in `state`. The role must already be held in the
// organisation PartyOf(role) names. `lapsed_windows` lists the referral's windows that have run
// out (LAPSED, or OPEN past their due time). A role refusal comes before a state refusal: the act
// is refused for the role when the role never does it, or when another role does it in this state.
Decision Decide(State state, Act act, Role role, std::span<const ClockKind> lapsed_windows = {});

// The acts `role` may do in `state`, in Act order.
std::vector<Act> PossibleActs(State state, Role role,
                              std::span<const ClockKind> lapsed_windows = {});

}  // namespace casebridge::law::referral
