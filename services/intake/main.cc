// casebridge-intake: case intake — administrative cases, threshold assessment, the case event feed.
#include <iostream>

#include "services/core/event_notifier.h"
#include "services/core/log.h"
#include "services/core/service_process.h"
#include "services/intake/intake_repository.h"
#include "services/intake/intake_service.h"
#include "services/intake/schema.h"

int main(int argc, char** argv) {
  using namespace casebridge;
  core::ServiceProcess process(core::ServiceSpec{
      .name = "intake",
      .summary = "CaseBridge case intake: administrative cases, threshold assessment, the case "
                 "event feed.",
      .default_port = 7002,
      .migrations = intake::Migrations(),
      .extra_settings = {{"max_feed_watchers", "64", "event-feed streams served at once"}},
      .fetches_token_key = true,
  });
  if (!process.Init(argc, argv)) return process.exit_code();
  try {
    core::EventNotifier notifier(process.pool(), intake::kCaseEventChannel);
    intake::IntakeService service(process.pool(), process.executor(), process.access(), notifier,
                                  static_cast<int>(process.config().GetInt("max_feed_watchers")));
    process.host().Register(&service, "casebridge.v1.IntakeService");
    return process.Serve();
  } catch (const std::exception& e) {
    core::LogError("startup_failed", {{"error", e.what()}});
    std::cerr << "casebridge-intake could not start: " << e.what() << "\n";
    return 1;
  }
}
