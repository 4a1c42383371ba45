// casebridge-accounts: organisations, users, login and token signing.
#include <iostream>

#include "services/accounts/accounts_service.h"
#include "services/accounts/schema.h"
#include "services/core/log.h"
#include "services/core/server.h"
#include "services/core/service_process.h"

int main(int argc, char** argv) {
  using namespace casebridge;
  core::ServiceProcess process(core::ServiceSpec{
      .name = "accounts",
      .summary = "CaseBridge accounts: organisations, users, password login and signed tokens.",
      .default_port = 7001,
      .migrations = accounts::Migrations(),
      .extra_settings =
          {
              {"token_signing_key", "var/pki/token-signing.key",
               "Ed25519 private key (PEM) that signs access tokens"},
              {"token_ttl", "8h", "how long a sign-in lasts (one working day by default)"},
              {"login_failures_before_lock", "5", "wrong passwords in a row that lock an account"},
              {"login_lock_duration", "10m", "how long a locked account stays locked"},
              {"bootstrap_admin_password_file", "",
               "when set and no user exists yet, create administrator 'admin' with this password"},
          },
      .fetches_token_key = false,
  });
  if (!process.Init(argc, argv)) return process.exit_code();
  try {
    const core::Config& config = process.config();
    auto signer = std::shared_ptr<const core::TokenSigner>(
        core::TokenSigner::FromPrivateKeyPem(core::ReadWholeFile(config.Get("token_signing_key"))));
    process.access().SetVerifier(core::TokenVerifier::FromPublicKeyPem(signer->PublicKeyPem()));
    accounts::LoginPolicy policy{config.GetDuration("token_ttl"),
                                 static_cast<int>(config.GetInt("login_failures_before_lock")),
                                 config.GetDuration("login_lock_duration")};
    accounts::AccountsService service(process.pool(), process.executor(), process.access(), signer,
                                      policy);
    if (!config.Get("bootstrap_admin_password_file").empty() &&
        service.BootstrapAdministrator(config.ReadFileSetting("bootstrap_admin_password_file"))) {
      core::LogInfo("administrator_created", {{"user", "users/admin"}});
    }
    process.host().Register(&service, "casebridge.v1.AccountsService");
    return process.Serve();
  } catch (const std::exception& e) {
    core::LogError("startup_failed", {{"error", e.what()}});
    std::cerr << "casebridge-accounts could not start: " << e.what() << "\n";
    return 1;
  }
}
