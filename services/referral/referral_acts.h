// Shared by the handlers of the statutory acts: the ReferralAct of a request that names its
// referral, its etag and its request_id.
#pragma once

#include <string>

#include "services/referral/referral_service.h"

namespace casebridge::referral {

template <typename Request>
ReferralAct ActOn(const Request& request, law::referral::Act act, std::string method,
                  v1::ReferralEvent::Type event_type) {
  ReferralAct a;
  a.act = act;
  a.method = std::move(method);
  a.event_type = event_type;
  a.name = request.name();
  a.etag = request.etag();
  a.request_id = request.request_id();
  return a;
}

}  // namespace casebridge::referral
