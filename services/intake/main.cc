// casebridge-intake: case intake: administrative cases, threshold assessment, the case event feed.
#include "casebridge/v1/intake.grpc.pb.h"
#include "services/core/service_process.h"

int main(int argc, char** argv) {
  using namespace casebridge;
  core::ServiceProcess process(core::ServiceSpec{
      .name = "intake",
      .summary = "CaseBridge case intake: administrative cases, threshold assessment, the case "
                 "event feed.",
      .default_port = 7002,
      .migrations = {},
      .extra_settings = {},
      .fetches_token_key = true,
  });
  if (!process.Init(argc, argv)) return process.exit_code();
  // The contract is served in full; methods not yet implemented answer UNIMPLEMENTED.
  v1::IntakeService::CallbackService service;
  process.host().Register(&service, "casebridge.v1.IntakeService");
  return process.Serve();
}
