// casebridge-referral: referral to public security: the statutory workflow and its clocks.
#include "casebridge/v1/referral.grpc.pb.h"
#include "services/core/service_process.h"

int main(int argc, char** argv) {
  using namespace casebridge;
  core::ServiceProcess process(core::ServiceSpec{
      .name = "referral",
      .summary = "CaseBridge referral to public security: the statutory workflow and its clocks.",
      .default_port = 7003,
      .migrations = {},
      .extra_settings = {},
      .fetches_token_key = true,
  });
  if (!process.Init(argc, argv)) return process.exit_code();
  // The contract is served in full; methods not yet implemented answer UNIMPLEMENTED.
  v1::ReferralService::CallbackService service;
  process.host().Register(&service, "casebridge.v1.ReferralService");
  return process.Serve();
}
