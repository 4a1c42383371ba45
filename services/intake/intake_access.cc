#include "services/intake/intake_access.h"

namespace casebridge::intake {

bool IsAgencyStaff(const core::Principal& p, const std::string& agency) {
  return p.kind() == v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY && p.organisation() == agency &&
         p.HasAnyRole({v1::ROLE_OFFICER, v1::ROLE_AGENCY_HEAD});
}

bool MayFileCases(const core::Principal& p) {
  return p.kind() == v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY && p.HasRole(v1::ROLE_OFFICER);
}

bool IsRegionalReader(const core::Principal& p) {
  return (p.kind() == v1::ORGANISATION_KIND_PROCURATORATE && p.HasRole(v1::ROLE_PROCURATOR)) ||
         (p.kind() == v1::ORGANISATION_KIND_COORDINATION_OFFICE && p.HasRole(v1::ROLE_COORDINATOR));
}

bool MayReadCase(const core::Principal& p, const std::string& agency, const std::string& region) {
  return IsAgencyStaff(p, agency) || (IsRegionalReader(p) && p.CoversRegion(region));
}

std::string PeerServiceName(const grpc::ServerContextBase& context) {
  auto auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return "";
  const auto names = auth->FindPropertyValues("x509_common_name");
  return names.empty() ? "" : std::string(names.front().data(), names.front().size());
}

core::Principal ServicePrincipal(const std::string& service) {
  core::Principal p;
  p.claims.set_user("users/system");
  p.claims.set_display_name("CaseBridge " + service + " service");
  return p;
}

}  // namespace casebridge::intake
