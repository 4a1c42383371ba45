// Who may do what with a case (DESIGN.md "Who uses it"): the owning agency writes; procurators and
// coordination offices whose region covers the case read; police see nothing here.
#pragma once

#include <grpcpp/server_context.h>

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

// The service name a caller presented in its client certificate's common name (mutual TLS between
// CaseBridge services), e.g. "referral"; "" for a caller without a verified certificate (users).
std::string PeerServiceName(const grpc::ServerContextBase& context);

// CaseBridge service `service` acting on its own account (e.g. the referral service reporting a
// referral's stage): recorded as `users/system`, the component named in the display name, as
// events.proto says for acts of the system itself. It holds no organisation and no role.
core::Principal ServicePrincipal(const std::string& service);

}  // namespace casebridge::intake
