// WatchCaseEvents: the case feed for consuming services (mutual TLS) and for users in scope.
#include <google/protobuf/util/time_util.h>

#include "services/core/event_feed.h"
#include "services/core/log.h"
#include "services/intake/case_rows.h"
#include "services/intake/intake_access.h"
#include "services/intake/intake_service.h"
#include "services/law/region_codes.h"

namespace casebridge::intake {
namespace {

// Services that consume the feed, identified by the certificate they present (DESIGN.md).
bool IsConsumingService(const grpc::CallbackServerContext& context) {
  auto auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) return false;
  for (const auto& name : auth->FindPropertyValues("x509_common_name")) {
    const std::string cn(name.data(), name.size());
    if (cn == "review" || cn == "disclosure" || cn == "referral") return true;
  }
  return false;
}

// A stream that ends at once with `status`.
template <typename Event>
class RefusedStream final : public grpc::ServerWriteReactor<Event> {
 public:
  explicit RefusedStream(grpc::Status status) { this->Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<v1::CaseEvent>* IntakeService::WatchCaseEvents(
    Context* context, const v1::WatchCaseEventsRequest* request) {
  std::string region_prefix = request->region_code_prefix();
  std::string agency_id;
  try {
    if (request->after_sequence() < 0 ||
        region_prefix.find_first_not_of("0123456789") != std::string::npos) {
      core::FieldViolations v;
      if (request->after_sequence() < 0)
        v.Add("after_sequence", "不能为负数 / must not be negative");
      if (region_prefix.find_first_not_of("0123456789") != std::string::npos) {
        v.Add("region_code_prefix", "须为数字 / digits only");
      }
      return new RefusedStream<v1::CaseEvent>(v.ToStatus());
    }
    if (!IsConsumingService(*context)) {
      core::Principal caller = access_.Authenticate(*context);
      const bool staff = IsAgencyStaff(caller, caller.organisation());
      access_.Require(caller, staff || IsRegionalReader(caller), "WatchCaseEvents", "caseEvents",
                      "the case feed is for consuming services, the handling agency, and "
                      "procuratorates and coordination offices within their region");
      const std::string own = law::RegionPrefix(caller.region_code()).value_or("\x01");
      if (staff) agency_id = OrganisationId(caller.organisation());
      if (region_prefix.rfind(own, 0) != 0) region_prefix = own;
    }
  } catch (const core::ServiceError& e) {
    return new RefusedStream<v1::CaseEvent>(e.status());
  }
  if (++watchers_ > max_watchers_) {
    --watchers_;
    return new RefusedStream<v1::CaseEvent>(core::StatusWithReason(
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        "同时订阅的客户端过多，请稍后重试 / Too many feed subscribers; try again shortly",
        "TOO_MANY_WATCHERS"));
  }
  core::LogInfo("feed_opened", {{"after", std::to_string(request->after_sequence())},
                                {"region_prefix", region_prefix},
                                {"peer", context->peer()}});
  auto fetch = [this, region_prefix, agency_id](int64_t after, int limit) {
    std::vector<v1::CaseEvent> events;
    auto lease = pool_.Acquire();
    pqxx::read_transaction tx(*lease);
    for (StoredEvent& stored :
         repository_.EventsAfter(tx, after, region_prefix, agency_id, limit)) {
      v1::CaseEvent& event = events.emplace_back();
      event.ParseFromString(stored.event);
      event.mutable_header()->set_sequence(stored.sequence);
      event.mutable_header()->set_audit_sequence(stored.audit_sequence);
      *event.mutable_header()->mutable_event_time() =
          google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(stored.time_micros);
    }
    return events;
  };
  return new core::FeedWriter<v1::CaseEvent>(notifier_, request->after_sequence(), std::move(fetch),
                                             [this] { --watchers_; });
}

}  // namespace casebridge::intake
