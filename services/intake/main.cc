// casebridge-intake: case intake — administrative cases, threshold assessment, the case event feed.
#include <iostream>
#include <stdexcept>

#include "services/core/event_notifier.h"
#include "services/core/log.h"
#include "services/core/service_process.h"
#include "services/intake/intake_repository.h"
#include "services/intake/intake_service.h"
#include "services/intake/reassessment.h"
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
                          "largest case document accepted by UploadDocument (at most 64 MiB)"},
                         {"entry_deadlines_file", "",
                          "entry periods by region (录入时限, format of services/law/data/"
                          "entry_deadlines/README.md; the periods are set locally and unverified); "
                          "empty: the shipped table, 7 working days everywhere"},
                         {"reassess_batch_size", "200",
                          "open cases re-assessed per transaction after a threshold rule change"},
                         {"reassess_interval", "60s",
                          "how often every open case is checked against the current threshold "
                          "rules besides after each change"}},
      .fetches_token_key = true,
  });
  if (!process.Init(argc, argv)) return process.exit_code();
  try {
    const int64_t max_document_bytes = process.config().GetInt("max_document_bytes");
    if (max_document_bytes < 1 ||
        max_document_bytes > intake::IntakeService::kMaxDocumentBytesCeiling) {
      throw std::invalid_argument("max_document_bytes must be between 1 and 67108864");
    }
    intake::EntryClockPolicy entry_policy = intake::DefaultEntryClockPolicy();
    if (const std::string& file = process.config().Get("entry_deadlines_file"); !file.empty()) {
      std::string error;
      auto table = law::EntryDeadlines::FromCsv(
          process.config().ReadFileSetting("entry_deadlines_file"), &error);
      if (!table) throw std::invalid_argument("entry_deadlines_file " + file + ": " + error);
      entry_policy = {std::move(*table), file};
    }
    const int64_t batch_size = process.config().GetInt("reassess_batch_size");
    if (batch_size < 1 || batch_size > 10000) {
      throw std::invalid_argument("reassess_batch_size must be between 1 and 10000");
    }
    core::EventNotifier notifier(process.pool(), intake::kCaseEventChannel);
    core::EventNotifier rule_notifier(process.pool(), intake::kThresholdRuleChannel);
    intake::RuleBookCache rules(process.pool(), rule_notifier);
    intake::IntakeService service(process.pool(), process.executor(), process.access(), notifier,
                                  rules, std::move(entry_policy),
                                  static_cast<int>(process.config().GetInt("max_feed_watchers")),
                                  max_document_bytes);
    intake::Reassessor reassessor(
        process.pool(), rules, rule_notifier,
        {static_cast<int>(batch_size), process.config().GetDuration("reassess_interval")});
    process.host().Register(&service, "casebridge.v1.IntakeService");
    return process.Serve();
  } catch (const std::exception& e) {
    core::LogError("startup_failed", {{"error", e.what()}});
    std::cerr << "casebridge-intake could not start: " << e.what() << "\n";
    return 1;
  }
}
