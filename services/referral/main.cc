// casebridge-referral: referral to public security: the statutory workflow and its clocks.
#include <chrono>
#include <iostream>
#include <stdexcept>

#include "services/core/event_notifier.h"
#include "services/core/log.h"
#include "services/core/service_process.h"
#include "services/referral/clock_book.h"
#include "services/referral/deadline_sweeper.h"
#include "services/referral/intake_client.h"
#include "services/referral/intake_status_reporter.h"
#include "services/referral/referral_service.h"
#include "services/referral/schema.h"

int main(int argc, char** argv) {
  using namespace casebridge;
  core::ServiceProcess process(core::ServiceSpec{
      .name = "referral",
      .summary = "CaseBridge referral to public security: the statutory workflow and its clocks.",
      .default_port = 7003,
      .migrations = referral::Migrations(),
      .extra_settings =
          {{"intake_endpoint", "127.0.0.1:7002", "the intake service (cases and their documents)"},
           {"max_feed_watchers", "64", "event-feed streams served at once"},
           {"deadline_sweep_interval", "5s",
            "how often the deadline sweeper marks statutory clocks that ran out (MISSED, LAPSED)"},
           {"max_document_bytes", "20971520",
            "largest referral document accepted for upload, in bytes (at most 67108864)"},
           {"deadline_counting", "",
            "per-clock period and counting overriding the statutory defaults, e.g. "
            "\"head_decision=3:working_days,transfer=24:hours\" (clocks: head_decision, transfer, "
            "forward, filing_decision, reconsideration_request, reconsideration_decision, "
            "supervision_proposal, handover)"}},
      .fetches_token_key = true,
  });
  if (!process.Init(argc, argv)) return process.exit_code();
  std::string error;
  auto clocks = referral::ClockSettings::Parse(process.config().Get("deadline_counting"), &error);
  if (!clocks) {
    std::cerr << "casebridge-referral: " << error << "\n";
    return 2;
  }
  try {
    core::EventNotifier notifier(process.pool(), referral::kReferralEventChannel);
    referral::IntakeClient intake(process.ChannelTo(process.config().Get("intake_endpoint")));
    referral::ReferralService service(
        process.pool(), process.executor(), process.access(), notifier, intake, *clocks,
        static_cast<int>(process.config().GetInt("max_feed_watchers")));
    const int64_t max_document_bytes = process.config().GetInt("max_document_bytes");
    if (max_document_bytes < 1 ||
        max_document_bytes > referral::ReferralService::kMaxDocumentBytesCeiling) {
      throw std::invalid_argument("max_document_bytes must be between 1 and 67108864");
    }
    referral::OrganisationDirectory directory(
        process.ChannelTo(process.config().Get("accounts_endpoint")));
    service.ConfigureDocuments(max_document_bytes, &directory);
    const auto sweep_interval = process.config().GetDuration("deadline_sweep_interval");
    if (sweep_interval.count() <= 0) {
      throw std::invalid_argument("deadline_sweep_interval must be positive, e.g. 5s");
    }
    referral::DeadlineSweeper sweeper(process.pool(),
                                      {.interval = sweep_interval, .batch_size = 100});
    sweeper.Start();
    referral::IntakeStatusReporter reporter(
        process.pool(), notifier, intake,
        {.retry_interval = std::chrono::seconds(5), .batch_size = 100});
    reporter.Start();
    process.host().Register(&service, "casebridge.v1.ReferralService");
    return process.Serve();
  } catch (const std::exception& e) {
    core::LogError("referral_failed", {{"error", e.what()}});
    return 1;
  }
}
