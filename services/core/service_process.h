// The wiring every service process shares: settings, logging, database, migrations, token key,
// server.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "services/core/access_control.h"
#include "services/core/config.h"
#include "services/core/database.h"
#include "services/core/executor.h"
#include "services/core/migrations.h"
#include "services/core/server.h"

namespace casebridge::core {

struct ServiceSpec {
  std::string name;      // "accounts", "intake", ...; also the database schema
  std::string summary;   // one line for --help
  int default_port = 0;  // the embedded deployment's port
  std::span<const EmbeddedFile> migrations;
  std::vector<Setting> extra_settings;
  // Accounts signs tokens itself and so does not fetch the verification key from accounts.
  bool fetches_token_key = true;
};

class ServiceProcess {
 public:
  explicit ServiceProcess(ServiceSpec spec);
  ~ServiceProcess();

  // Parses settings, opens the database pool, applies migrations and obtains the token key.
  // Returns false (after printing why) when the process should exit with exit_code().
  bool Init(int argc, char** argv);
  int exit_code() const { return exit_code_; }

  const Config& config() const { return *config_; }
  ConnectionPool& pool() { return *pool_; }
  BlockingExecutor& executor() { return *executor_; }
  AccessControl& access() { return *access_; }
  ServiceHost& host() { return *host_; }

  // A mutual-TLS channel to another CaseBridge service, presenting this service's certificate.
  std::shared_ptr<grpc::Channel> ChannelTo(const std::string& endpoint) const;

  // Starts the server, logs where it listens, serves until SIGINT/SIGTERM; returns the exit code.
  int Serve();

 private:
  void FetchTokenKey();

  ServiceSpec spec_;
  std::unique_ptr<Config> config_;
  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<BlockingExecutor> executor_;
  std::unique_ptr<AccessControl> access_;
  std::unique_ptr<ServiceHost> host_;
  int exit_code_ = 0;
};

}  // namespace casebridge::core
