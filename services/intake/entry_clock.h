// 录入时限 (STATUTES.md §3) on penalty decisions and cases: the duty, the due time under the
// region's configured period, and whether the entry was recorded in time.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "casebridge/v1/intake.pb.h"
#include "services/law/entry_deadline.h"

namespace casebridge::intake {

// A penalty decision's clock runs from its decision date; the decision is entered when it is
// recorded here (its create_time), so a decision recorded after the due time — a back-entered or
// imported case's decision included — is MISSED, honestly. A case's clock is the first clock its
// entry had to meet: its earliest penalty decision's, or its first referral's, whose transfer is
// recorded through CaseBridge as it happens and so always meets it. Imported cases carry neither
// at import, so they get their clocks like any case, when their decisions or referrals are
// recorded.

// The entry periods in force and where they were read from.
struct EntryClockPolicy {
  law::EntryDeadlines deadlines;
  std::string origin;  // the embedded table's path, or the file the setting named
};

// The shipped table (services/law/data/entry_deadlines/entry_deadlines.csv).
EntryClockPolicy DefaultEntryClockPolicy();

// Whether case `c` must be entered in time: a general-procedure case, or one suspected of a crime
// (assessment MET or NEAR, or referred). A simple-procedure case may be entered but need not be.
bool EntryDuty(const v1::CaseFile& c);

// The clock of decision `d` of case `c`, from d.decision_date() to d.create_time().
v1::StatutoryClock DecisionEntryClock(const EntryClockPolicy& policy, const v1::CaseFile& c,
                                      const v1::PenaltyDecision& d);

// The clock of case `c` started by a referral transferred to the police at `transfer_time`.
v1::StatutoryClock ReferralEntryClock(const EntryClockPolicy& policy, const v1::CaseFile& c,
                                      const google::protobuf::Timestamp& transfer_time);

// Keeps on `c` whichever clock started first: the one it has, or `candidate`.
void KeepEarliestEntryClock(v1::CaseFile& c, const v1::StatutoryClock& candidate);

}  // namespace casebridge::intake
