// casebridge-review: procuratorate review: referral rates, findings, supervision.
#include "casebridge/v1/review.grpc.pb.h"
#include "services/core/service_process.h"

int main(int argc, char** argv) {
  using namespace casebridge;
  core::ServiceProcess process(core::ServiceSpec{
      .name = "review",
      .summary = "CaseBridge procuratorate review: referral rates, findings, supervision.",
      .default_port = 7004,
      .migrations = {},
      .extra_settings = {},
      .fetches_token_key = true,
  });
  if (!process.Init(argc, argv)) return process.exit_code();
  // The contract is served in full; methods not yet implemented answer UNIMPLEMENTED.
  v1::ReviewService::CallbackService service;
  process.host().Register(&service, "casebridge.v1.ReviewService");
  return process.Serve();
}
