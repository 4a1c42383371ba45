// Who sees a referral and in which capacity one may act on it: the referring agency, the police
// organisations it was sent or forwarded to, and procuratorates whose region covers it.
#pragma once

#include <grpcpp/server_context.h>

#include <string>
#include <vector>

#include "services/core/access_control.h"
#include "services/law/referral_terms.h"
#include "services/referral/referral_repository.h"

namespace casebridge::referral {

// Whether `p` may read the referral: staff of the referring agency, users of a police
// organisation that holds or held it, procurators whose region covers it.
bool MayReadReferral(const core::Principal& p, const ReferralRow& row);

// The caller's roles that count on this referral: each role held in the organisation the law
// gives it there (law::referral::PartyOf) — the agency, the police now holding the referral, or a
// procuratorate covering its region.
std::vector<law::referral::Role> RolesOnReferral(const core::Principal& p, const ReferralRow& row);

// Whether `p` is an officer or head of an enforcement agency (who may start referrals).
bool IsAgencyStaff(const core::Principal& p);

// Whether `p` is a procurator of a procuratorate (who reads referrals within its region).
bool IsProcurator(const core::Principal& p);

// The CaseBridge service that called over mutual TLS (its certificate's common name, e.g.
// "review"); "" for callers without a verified client certificate.
std::string PeerServiceName(const grpc::ServerContextBase& context);

}  // namespace casebridge::referral
