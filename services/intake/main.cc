// casebridge-intake: case intake — administrative cases, threshold assessment, the case event feed.
#include <iostream>
#include <stdexcept>

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
      .extra_settings = {{"max_feed_watchers", "64", "event-feed streams served at once"},
                         {"max_document_bytes", "20971520",
                          "largest case document accepted by UploadDocument (at most 64 MiB)"}},
      .fetches_token_key = true,
  });
  if (!process.Init(argc, argv)) return process.exit_code();
  try {
    const int64_t max_document_bytes = process.config().GetInt("max_document_bytes");
    if (max_document_bytes < 1 ||
        max_document_bytes > intake::IntakeService::kMaxDocumentBytesCeiling) {
      throw std::invalid_argument("max_document_bytes must be between 1 and 67108864");
    }
    core::EventNotifier notifier(process.pool(), intake::kCaseEventChannel);
    intake::IntakeService service(process.pool(), process.executor(), process.access(), notifier,
                                  static_cast<int>(process.config().GetInt("max_feed_watchers")),
                                  max_document_bytes);
    process.host().Register(&service, "casebridge.v1.IntakeService");
    return process.Serve();
  } catch (const std::exception& e) {
    core::LogError("startup_failed", {{"error", e.what()}});
    std::cerr << "casebridge-intake could not start: " << e.what() << "\n";
    return 1;
  }
}
