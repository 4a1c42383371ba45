// WatchReferralEvents: the referral feed for the review service (mutual TLS) and for procurators
// within their region; and VerifyAuditChain.
#include "services/core/audit_rpc.h"
#include "services/core/event_feed.h"
#include "services/core/log.h"
#include "services/core/rpc.h"
#include "services/law/region_codes.h"
#include "services/referral/referral_access.h"
#include "services/referral/referral_service.h"

namespace casebridge::referral {

grpc::ServerWriteReactor<v1::ReferralEvent>* ReferralService::WatchReferralEvents(
    Context* context, const v1::WatchReferralEventsRequest* request) {
  using Refused = core::RefusedStream<v1::ReferralEvent>;
  std::string region_prefix = request->region_code_prefix();
  try {
    core::FieldViolations v;
    if (request->after_sequence() < 0) v.Add("after_sequence", "不能为负数 / must not be negative");
    if (region_prefix.size() > 6 ||
        region_prefix.find_first_not_of("0123456789") != std::string::npos) {
      v.Add("region_code_prefix", "须为 0-6 位数字 / up to six digits");
    }
    if (!v.empty()) return new Refused(v.ToStatus());
    // The review service builds its projection from the whole feed; people read it only as
    // procurators, and only their own region (the events carry the case's personal data).
    if (PeerServiceName(*context) != "review") {
      core::Principal caller = access_.Authenticate(*context);
      access_.Require(caller, IsProcurator(caller), "WatchReferralEvents", "referralEvents",
                      "the referral feed is for the review service and for procurators within "
                      "their region");
      const std::string own = law::RegionPrefix(caller.region_code()).value_or("\x01");
      if (region_prefix.rfind(own, 0) != 0) region_prefix = own;
    }
  } catch (const core::ServiceError& e) {
    return new Refused(e.status());
  }
  if (++watchers_ > max_watchers_) {
    --watchers_;
    return new Refused(core::TooManyWatchers());
  }
  core::LogInfo("feed_opened", {{"after", std::to_string(request->after_sequence())},
                                {"region_prefix", region_prefix},
                                {"peer", context->peer()}});
  auto fetch = [this, region_prefix](int64_t after, int limit) {
    std::vector<v1::ReferralEvent> events;
    auto lease = pool_.Acquire();
    pqxx::read_transaction tx(*lease);
    for (const StoredEvent& stored : repository_.EventsAfter(tx, after, region_prefix, limit)) {
      events.push_back(core::OutboxEvent<v1::ReferralEvent>(
          stored.event, stored.sequence, stored.audit_sequence, stored.time_micros));
    }
    return events;
  };
  return new core::FeedWriter<v1::ReferralEvent>(notifier_, request->after_sequence(),
                                                 std::move(fetch), [this] { --watchers_; });
}

grpc::ServerUnaryReactor* ReferralService::VerifyAuditChain(Context* context,
                                                            const v1::VerifyAuditChainRequest*,
                                                            v1::AuditChainVerification* response) {
  return core::RunUnary(context, executor_, "VerifyAuditChain", [=, this] {
    return core::AnswerVerifyAuditChain(access_, pool_, *context, response);
  });
}

}  // namespace casebridge::referral
