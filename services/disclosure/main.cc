// casebridge-disclosure: information disclosure: redacted public penalty information.
#include "casebridge/v1/disclosure.grpc.pb.h"
#include "services/core/service_process.h"

int main(int argc, char** argv) {
  using namespace casebridge;
  core::ServiceProcess process(core::ServiceSpec{
      .name = "disclosure",
      .summary = "CaseBridge information disclosure: redacted public penalty information.",
      .default_port = 7005,
      .migrations = {},
      .extra_settings = {},
      .fetches_token_key = true,
  });
  if (!process.Init(argc, argv)) return process.exit_code();
  // The contract is served in full; methods not yet implemented answer UNIMPLEMENTED.
  v1::DisclosureService::CallbackService service;
  process.host().Register(&service, "casebridge.v1.DisclosureService");
  return process.Serve();
}
