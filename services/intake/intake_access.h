// Who may do what with a case (DESIGN.md "Who uses it"): the owning agency writes; procurators and
// coordination offices whose region covers the case read; police see nothing here.
#pragma once

#include <string>

#include "services/core/access_control.h"

namespace casebridge::intake {

// An officer or head of the agency `agency` (organisations/{id}).
bool IsAgencyStaff(const core::Principal& p, const std::string& agency);
// May file new cases: an officer of an enforcement agency.
bool MayFileCases(const core::Principal& p);
// May read a case of `agency` in `region`.
bool MayReadCase(const core::Principal& p, const std::string& agency, const std::string& region);
// Reads across agencies by region: procurators and coordination offices.
bool IsRegionalReader(const core::Principal& p);

}  // namespace casebridge::intake
