// Tests of the referral clock catalogue (国务院令第310号) and of how the transition table runs it.
#include "services/law/referral_clocks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "services/law/referral_workflow.h"

namespace casebridge::law::referral {
namespace {

using C = ClockKind;

struct ExpectedClock {
  ClockKind kind;
  std::string_view id;
  std::string_view article;
  int period;
  CountingPolicy policy;
  std::string_view period_words;  // how the provision writes the period
  ClockNature nature;
  Party responsible;
  Act opened_by;
  std::vector<Act> closed_by;
};

// STATUTES.md §1: every clock of 310号 with its article and default count.
const std::vector<ExpectedClock>& Expected() {
  static const auto* const clocks = new std::vector<ExpectedClock>{
      {C::kHeadDecision,
       "head_decision",
       "第五条",
       3,
       CountingPolicy::kCalendarDays,
       "3日",
       ClockNature::kDuty,
       Party::kAgency,
       Act::kSubmitReport,
       {Act::kApprove, Act::kRefuse}},
      {C::kTransfer,
       "transfer",
       "第五条",
       24,
       CountingPolicy::kHours,
       "24小时",
       ClockNature::kDuty,
       Party::kAgency,
       Act::kApprove,
       {Act::kTransfer}},
      {C::kForward,
       "forward",
       "第七条",
       24,
       CountingPolicy::kHours,
       "24小时",
       ClockNature::kDuty,
       Party::kHoldingPolice,
       Act::kForward,
       {Act::kForward}},
      {C::kFilingDecision,
       "filing_decision",
       "第八条",
       3,
       CountingPolicy::kCalendarDays,
       "3日",
       ClockNature::kDuty,
       Party::kHoldingPolice,
       Act::kReceive,
       {Act::kFile, Act::kDecline}},
      {C::kReconsiderationRequest,
       "reconsideration_request",
       "第九条",
       3,
       CountingPolicy::kCalendarDays,
       "3日",
       ClockNature::kWindow,
       Party::kAgency,
       Act::kDecline,
       {Act::kRequestReconsideration, Act::kProposeSupervision}},
      {C::kReconsiderationDecision,
       "reconsideration_decision",
       "第九条",
       3,
       CountingPolicy::kCalendarDays,
       "3日",
       ClockNature::kDuty,
       Party::kHoldingPolice,
       Act::kRequestReconsideration,
       {Act::kFile, Act::kUpholdDecline}},
      {C::kSupervisionProposal,
       "supervision_proposal",
       "第九条",
       3,
       CountingPolicy::kCalendarDays,
       "3日",
       ClockNature::kWindow,
       Party::kAgency,
       Act::kUpholdDecline,
       {Act::kProposeSupervision}},
      {C::kHandover,
       "handover",
       "第十二条",
       3,
       CountingPolicy::kCalendarDays,
       "3日",
       ClockNature::kDuty,
       Party::kAgency,
       Act::kFile,
       {Act::kRecordHandover}},
  };
  return *clocks;
}

TEST(ReferralClocksTest, CatalogueMatchesStatutes) {
  ASSERT_EQ(ClockCatalogue().size(), Expected().size());
  for (size_t i = 0; i < Expected().size(); ++i) {
    const ExpectedClock& want = Expected()[i];
    const ClockSpec& got = ClockCatalogue()[i];
    SCOPED_TRACE(std::string(want.id));
    EXPECT_EQ(got.kind, want.kind);
    EXPECT_EQ(got.id, want.id);
    EXPECT_EQ(got.instrument, "国务院令第310号");
    EXPECT_EQ(got.article, want.article);
    EXPECT_NE(got.text.find(want.period_words), std::string_view::npos) << got.text;
    EXPECT_EQ(got.default_rule.period, want.period);
    EXPECT_EQ(got.default_rule.policy, want.policy);
    // STATUTES.md §1: the default rolls a last day on a statutory holiday over.
    EXPECT_EQ(got.default_rule.last_day, LastDayRule::kRollOverStatutoryHolidays);
    EXPECT_TRUE(IsValidCountingRule(got.default_rule));
    EXPECT_EQ(got.nature, want.nature);
    EXPECT_EQ(got.responsible, want.responsible);
    EXPECT_EQ(got.opened_by, want.opened_by);
    EXPECT_EQ(std::vector<Act>(got.closed_by.begin(), got.closed_by.end()), want.closed_by);
    EXPECT_FALSE(got.name_zh.empty());
    EXPECT_FALSE(got.name_en.empty());
    // Only the forward clock counts from an earlier act than the one that writes it.
    EXPECT_EQ(got.starts_at,
              want.kind == C::kForward ? ClockStart::kLatestReceipt : ClockStart::kOpeningAct);
  }
}

TEST(ReferralClocksTest, LookUpByKindAndId) {
  for (const ClockSpec& spec : ClockCatalogue()) {
    EXPECT_EQ(FindClock(spec.kind), &spec);
    EXPECT_EQ(ClockKindFromId(spec.id), spec.kind);
  }
  EXPECT_EQ(FindClock(C::kUnspecified), nullptr);
  EXPECT_EQ(FindClock(static_cast<ClockKind>(kClockKindCount)), nullptr);
  EXPECT_EQ(ClockKindFromId("head-decision"), std::nullopt);
  EXPECT_EQ(ClockKindFromId(""), std::nullopt);
}

// The acts of the transition rows whose `field` lists `kind`.
std::set<Act> ActsTouching(ClockKind kind, std::span<const ClockKind> Transition::*field) {
  std::set<Act> acts;
  for (const Transition& row : Transitions()) {
    const auto& clocks = row.*field;
    if (std::find(clocks.begin(), clocks.end(), kind) != clocks.end()) acts.insert(row.act);
  }
  return acts;
}

TEST(ReferralClocksTest, EachClockIsOpenedByExactlyOneAct) {
  for (const ClockSpec& spec : ClockCatalogue()) {
    EXPECT_EQ(ActsTouching(spec.kind, &Transition::opens), std::set<Act>{spec.opened_by})
        << spec.id;
    EXPECT_EQ(ActsTouching(spec.kind, &Transition::meets),
              std::set<Act>(spec.closed_by.begin(), spec.closed_by.end()))
        << spec.id;
  }
}

using ClockSet = std::set<ClockKind>;

// The clocks open in each state, however the referral got there: walks every path from "no
// referral", opening, meeting and cancelling clocks as the rows say.
std::map<State, std::vector<ClockSet>> OpenClocksByState() {
  std::map<State, std::vector<ClockSet>> seen;
  std::vector<std::pair<State, ClockSet>> queue = {{State::kUnspecified, {}}};
  seen[State::kUnspecified].push_back({});
  while (!queue.empty()) {
    auto [state, open] = queue.back();
    queue.pop_back();
    for (const Transition& row : Transitions()) {
      if (std::find(row.from.begin(), row.from.end(), state) == row.from.end()) continue;
      ClockSet next = open;
      next.insert(row.opens.begin(), row.opens.end());
      // An act meets a clock that runs when it comes (or that it writes itself, like forwarding).
      if (!row.meets.empty()) {
        EXPECT_TRUE(std::any_of(row.meets.begin(), row.meets.end(),
                                [&](ClockKind c) { return next.count(c) > 0; }))
            << StateCode(state) << " " << ActNameEn(row.act);
      }
      for (ClockKind c : row.meets) next.erase(c);
      for (ClockKind c : row.cancels) next.erase(c);
      const State to = NextState(row, state);
      std::vector<ClockSet>& sets = seen[to];
      if (std::find(sets.begin(), sets.end(), next) == sets.end()) {
        sets.push_back(next);
        queue.push_back({to, next});
      }
    }
  }
  return seen;
}

TEST(ReferralClocksTest, OpenClocksFollowFromTheStateAlone) {
  const std::map<State, ClockSet> expected = {
      {State::kUnspecified, {}},
      {State::kDraft, {}},
      {State::kReported, {C::kHeadDecision}},
      {State::kApproved, {C::kTransfer}},
      {State::kRefused, {}},
      {State::kTransferred, {}},
      {State::kReceived, {C::kFilingDecision}},
      {State::kForwarded, {}},
      {State::kFiled, {C::kHandover}},
      {State::kDeclined, {C::kReconsiderationRequest}},
      {State::kReconsiderationRequested, {C::kReconsiderationDecision}},
      {State::kReconsiderationDeclined, {C::kSupervisionProposal}},
      {State::kSupervisionProposed, {}},
      {State::kHandoverRecorded, {}},
      {State::kHandedOver, {}},
      {State::kReverseTransferred, {}},
      {State::kReverseAcknowledged, {}},
      {State::kClosedAdministratively, {}},
      {State::kWithdrawn, {}},
  };
  const auto reached = OpenClocksByState();
  EXPECT_EQ(reached.size(), static_cast<size_t>(kStateCount));  // every state is reachable
  for (const auto& [state, sets] : reached) {
    ASSERT_TRUE(expected.count(state)) << StateCode(state);
    EXPECT_EQ(sets, std::vector<ClockSet>{expected.at(state)}) << StateCode(state);
  }
}

TEST(ReferralClocksTest, EveryOpenClockCanBeClosedFromItsState) {
  for (const auto& [state, sets] : OpenClocksByState()) {
    for (ClockKind kind : sets.front()) {
      const ClockSpec* spec = FindClock(kind);
      ASSERT_NE(spec, nullptr);
      EXPECT_TRUE(std::any_of(spec->closed_by.begin(), spec->closed_by.end(),
                              [&](Act act) { return FindTransition(state, act) != nullptr; }))
          << StateCode(state) << " " << spec->id;
    }
  }
}

TEST(ReferralClocksTest, OnlyTheReconsiderationRequestIsBarredByItsWindow) {
  for (const Transition& row : Transitions()) {
    const ClockKind want =
        row.act == Act::kRequestReconsideration ? C::kReconsiderationRequest : C::kUnspecified;
    EXPECT_EQ(row.barred_after_lapse, want) << ActNameEn(row.act);
    if (want != C::kUnspecified) {
      EXPECT_EQ(FindClock(want)->nature, ClockNature::kWindow);
    }
  }
}

}  // namespace
}  // namespace casebridge::law::referral
