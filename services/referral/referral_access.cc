#include "services/referral/referral_access.h"

#include <algorithm>

namespace casebridge::referral {
namespace {

bool InOrganisation(const core::Principal& p, const std::string& id) {
  return !id.empty() && p.organisation() == "organisations/" + id;
}

bool IsProcuratorCovering(const core::Principal& p, const ReferralRow& row) {
  return IsProcurator(p) && p.CoversRegion(row.region_code);
}

}  // namespace

bool IsProcurator(const core::Principal& p) {
  return p.kind() == v1::ORGANISATION_KIND_PROCURATORATE && p.HasRole(v1::ROLE_PROCURATOR);
}

std::string PeerServiceName(const grpc::ServerContextBase& context) {
  auto auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return "";
  const auto names = auth->FindPropertyValues("x509_common_name");
  return names.empty() ? "" : std::string(names.front().data(), names.front().size());
}

bool IsAgencyStaff(const core::Principal& p) {
  return p.kind() == v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY &&
         p.HasAnyRole({v1::ROLE_OFFICER, v1::ROLE_AGENCY_HEAD});
}

bool MayReadReferral(const core::Principal& p, const ReferralRow& row) {
  if (IsAgencyStaff(p) && InOrganisation(p, row.agency_id)) return true;
  if (p.kind() == v1::ORGANISATION_KIND_PUBLIC_SECURITY &&
      std::any_of(row.police_ids.begin(), row.police_ids.end(),
                  [&](const std::string& id) { return InOrganisation(p, id); })) {
    return true;
  }
  return IsProcuratorCovering(p, row);
}

std::vector<law::referral::Role> RolesOnReferral(const core::Principal& p, const ReferralRow& row) {
  using law::referral::Party;
  std::vector<law::referral::Role> roles;
  for (int r : p.claims.roles()) {
    const auto role = static_cast<law::referral::Role>(r);
    switch (law::referral::PartyOf(role)) {
      case Party::kAgency:
        if (InOrganisation(p, row.agency_id)) roles.push_back(role);
        break;
      case Party::kHoldingPolice:
        if (InOrganisation(p, row.current_police_id)) roles.push_back(role);
        break;
      case Party::kProcuratorate:
        if (IsProcuratorCovering(p, row)) roles.push_back(role);
        break;
      case Party::kNone:
        break;
    }
  }
  return roles;
}

}  // namespace casebridge::referral
