#include "services/law/referral_workflow.h"

#include <algorithm>

#include "services/law/threshold_text.h"

namespace casebridge::law::referral {
namespace {

template <typename T>
bool Contains(std::span<const T> values, T value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// Whether `role` does `act` in any state.
bool EverDoes(Act act, Role role) {
  return std::any_of(Transitions().begin(), Transitions().end(), [&](const Transition& row) {
    return row.act == act && Contains(row.roles, role);
  });
}

bool Barred(const Transition& row, std::span<const ClockKind> lapsed_windows) {
  return row.barred_after_lapse != ClockKind::kUnspecified &&
         Contains(lapsed_windows, row.barred_after_lapse);
}

// The roles that may do `act`: in `state` when some role may, else in any state.
std::vector<Role> RolesFor(Act act, State state) {
  std::vector<Role> roles;
  auto add = [&roles](const Transition& row) {
    for (Role role : row.roles) {
      if (!Contains<Role>(roles, role)) roles.push_back(role);
    }
  };
  if (const Transition* row = FindTransition(state, act); row != nullptr) {
    add(*row);
    return roles;
  }
  for (const Transition& row : Transitions()) {
    if (row.act == act) add(row);
  }
  return roles;
}

// "甲、乙或者丙" / "a, b or c".
std::string Alternatives(const std::vector<std::string>& parts, std::string_view comma,
                         std::string_view last) {
  if (parts.size() < 2) return text::Join(parts, last);
  const std::vector<std::string> head(parts.begin(), parts.end() - 1);
  return text::Join(head, comma) + std::string(last) + parts.back();
}

std::string RoleRefusal(State state, Act act, Role role) {
  const std::vector<Role> roles = RolesFor(act, state);
  if (roles.empty()) return "未指定要办理的事项。 / No act was named.";
  std::vector<std::string> zh, en;
  for (Role r : roles) {
    zh.emplace_back(RoleNameZh(r));
    en.emplace_back(RoleNameEn(r));
  }
  // Name the state only when it is what takes the act from this role (withdrawal after approval).
  const bool per_state = EverDoes(act, role);
  std::string message;
  if (per_state) message += "移送处于“" + std::string(StateNameZh(state)) + "”状态时，";
  message +=
      "“" + std::string(ActNameZh(act)) + "”只能由" + Alternatives(zh, "、", "或者") + "办理。 / ";
  message += per_state ? "While the referral is " + std::string(StateCode(state)) + ", only "
                       : std::string("Only ");
  message += Alternatives(en, ", ", " or ") + " may " + std::string(ActNameEn(act)) + ".";
  return message;
}

// One sentence in both languages.
struct Sentence {
  std::string zh;
  std::string en;
};

// "您现在可以：立案、不予立案。" / "You may now: file the case; decline to file."
Sentence PossibleNow(State state, const std::vector<Act>& possible) {
  if (IsFinal(state)) {
    return {"该移送已办结，不能再办理任何事项。", "The referral is closed: no act is possible."};
  }
  if (possible.empty())
    return {"您现在没有可以办理的事项。", "There is nothing you may do on it now."};
  std::vector<std::string> zh, en;
  for (Act act : possible) {
    zh.emplace_back(ActNameZh(act));
    en.emplace_back(ActNameEn(act));
  }
  return {"您现在可以：" + text::Join(zh, "、") + "。",
          "You may now: " + text::Join(en, "; ") + "."};
}

std::string StateRefusal(State state, Act act, const std::vector<Act>& possible) {
  const Sentence now = PossibleNow(state, possible);
  return "移送当前处于“" + std::string(StateNameZh(state)) + "”状态，不能" +
         std::string(ActNameZh(act)) + "。" + now.zh + " / The referral is " +
         std::string(StateCode(state)) + " (" + std::string(StateNameEn(state)) + "): you cannot " +
         std::string(ActNameEn(act)) + " now. " + now.en;
}

std::string WindowRefusal(const Transition& row, State state, const std::vector<Act>& possible) {
  const ClockSpec* clock = FindClock(row.barred_after_lapse);
  const Sentence now = PossibleNow(state, possible);
  return std::string(clock->name_zh) + "（" + std::string(clock->instrument) +
         std::string(clock->article) + "）已经届满，不能再" + std::string(ActNameZh(row.act)) +
         "。" + now.zh + " / The period for the " + std::string(clock->name_en) +
         " has run out, so you can no longer " + std::string(ActNameEn(row.act)) + ". " + now.en;
}

}  // namespace

const Transition* FindTransition(State state, Act act) {
  for (const Transition& row : Transitions()) {
    if (row.act == act && Contains(row.from, state)) return &row;
  }
  return nullptr;
}

State NextState(const Transition& row, State from) { return row.to.value_or(from); }

bool IsFinal(State state) {
  return state == State::kRefused || state == State::kWithdrawn ||
         state == State::kClosedAdministratively;
}

std::vector<Act> PossibleActs(State state, Role role, std::span<const ClockKind> lapsed_windows) {
  std::vector<Act> acts;
  for (const Transition& row : Transitions()) {
    if (Contains(row.from, state) && Contains(row.roles, role) && !Barred(row, lapsed_windows) &&
        !Contains<Act>(acts, row.act)) {
      acts.push_back(row.act);
    }
  }
  std::sort(acts.begin(), acts.end());
  return acts;
}

Decision Decide(State state, Act act, Role role, std::span<const ClockKind> lapsed_windows) {
  Decision decision;
  decision.possible_now = PossibleActs(state, role, lapsed_windows);
  const Transition* row = FindTransition(state, act);
  if (!EverDoes(act, role) || (row != nullptr && !Contains(row->roles, role))) {
    decision.verdict = Verdict::kRoleRefused;
    decision.message = RoleRefusal(state, act, role);
  } else if (row == nullptr) {
    decision.verdict = Verdict::kStateRefused;
    decision.message = StateRefusal(state, act, decision.possible_now);
  } else if (Barred(*row, lapsed_windows)) {
    decision.verdict = Verdict::kWindowLapsed;
    decision.message = WindowRefusal(*row, state, decision.possible_now);
  } else {
    decision.verdict = Verdict::kAllowed;
    decision.transition = row;
  }
  return decision;
}

}  // namespace casebridge::law::referral
