#include "services/core/service_process.h"

#include <iostream>
#include <thread>

#include "casebridge/v1/accounts.grpc.pb.h"
#include "services/core/log.h"

namespace casebridge::core {
namespace {

std::vector<Setting> CommonSettings(const ServiceSpec& spec) {
  std::vector<Setting> settings = {
      {"listen", "127.0.0.1:" + std::to_string(spec.default_port),
       "address and port to serve on; port 0 picks a free port"},
      {"port_file", "", "write the port actually listened on to this file"},
      {"tls_cert", "var/pki/" + spec.name + ".crt", "this service's certificate (PEM)"},
      {"tls_key", "var/pki/" + spec.name + ".key", "this service's private key (PEM)"},
      {"tls_ca", "var/pki/ca.crt", "the deployment's certificate authority (PEM)"},
      {"database_url_file", "var/secrets/db-" + spec.name + ".url",
       "file holding the PostgreSQL connection URL of this service's own role"},
      {"db_pool_size", "16", "database connections kept open"},
      {"worker_threads", "16", "threads running database work"},
      {"max_queued_calls", "2048", "calls waiting for a worker before new ones are refused"},
      {"max_message_bytes", "33554432", "largest request or response message"},
      {"log_level", "info", "debug, info, warning or error"},
      {"startup_timeout", "30s", "how long to wait for the database and accounts at start"},
  };
  if (spec.fetches_token_key) {
    settings.push_back({"accounts_endpoint", "127.0.0.1:7001",
                        "accounts service, from which the token verification key is fetched"});
  }
  settings.insert(settings.end(), spec.extra_settings.begin(), spec.extra_settings.end());
  return settings;
}

LogLevel ParseLogLevel(const std::string& text) {
  if (text == "debug") return LogLevel::kDebug;
  if (text == "warning") return LogLevel::kWarning;
  if (text == "error") return LogLevel::kError;
  return LogLevel::kInfo;
}

}  // namespace

ServiceProcess::ServiceProcess(ServiceSpec spec) : spec_(std::move(spec)) {}

ServiceProcess::~ServiceProcess() {
  host_.reset();
  if (executor_ != nullptr) executor_->Stop();
}

bool ServiceProcess::Init(int argc, char** argv) {
  BlockTerminationSignals();
  SetLogComponent(spec_.name);
  const auto settings = CommonSettings(spec_);
  std::string error;
  auto config = Config::Parse(argc, argv, settings, &error);
  if (!config) {
    std::cerr << "casebridge-" << spec_.name << ": " << error << "\n";
    exit_code_ = 2;
    return false;
  }
  if (config->help_requested()) {
    std::cout << Config::Usage("casebridge-" + spec_.name, spec_.summary, settings);
    exit_code_ = 0;
    return false;
  }
  config_ = std::make_unique<Config>(std::move(*config));
  try {
    SetMinimumLogLevel(ParseLogLevel(config_->Get("log_level")));
    const auto startup_deadline =
        std::chrono::steady_clock::now() + config_->GetDuration("startup_timeout");
    pool_ =
        std::make_unique<ConnectionPool>(config_->ReadFileSetting("database_url_file"), spec_.name,
                                         static_cast<size_t>(config_->GetInt("db_pool_size")));
    // The database may still be starting alongside us; keep trying until the startup timeout.
    std::unique_ptr<pqxx::connection> connection;
    for (;;) {
      try {
        connection = pool_->OpenDedicated();
        break;
      } catch (const pqxx::broken_connection& e) {
        if (std::chrono::steady_clock::now() > startup_deadline) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
      }
    }
    const std::string runtime_role =
        pqxx::nontransaction(*connection).exec("SELECT current_user")[0][0].as<std::string>();
    std::vector<MigrationSet> sets = {{"core", CoreMigrations()}};
    if (!spec_.migrations.empty()) sets.push_back({spec_.name, spec_.migrations});
    MigrationResult migrated =
        ApplyMigrations(*connection, spec_.name, runtime_role + "_owner", runtime_role, sets);
    LogInfo("schema_ready", {{"schema", spec_.name},
                             {"applied", std::to_string(migrated.applied)},
                             {"already_present", std::to_string(migrated.already_present)}});
    executor_ = std::make_unique<BlockingExecutor>(
        static_cast<size_t>(config_->GetInt("worker_threads")),
        static_cast<size_t>(config_->GetInt("max_queued_calls")));
    access_ = std::make_unique<AccessControl>(spec_.name, pool_.get());
    host_ = std::make_unique<ServiceHost>(ServerOptions{
        config_->Get("listen"), config_->Get("tls_cert"), config_->Get("tls_key"),
        config_->Get("tls_ca"), static_cast<int>(config_->GetInt("max_message_bytes")),
        config_->Get("port_file")});
    if (spec_.fetches_token_key) FetchTokenKey();
  } catch (const std::exception& e) {
    LogError("startup_failed", {{"error", e.what()}});
    std::cerr << "casebridge-" << spec_.name << " could not start: " << e.what() << "\n";
    exit_code_ = 1;
    return false;
  }
  return true;
}

std::shared_ptr<grpc::Channel> ServiceProcess::ChannelTo(const std::string& endpoint) const {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadWholeFile(config_->Get("tls_ca"));
  tls.pem_private_key = ReadWholeFile(config_->Get("tls_key"));
  tls.pem_cert_chain = ReadWholeFile(config_->Get("tls_cert"));
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(static_cast<int>(config_->GetInt("max_message_bytes")));
  return grpc::CreateCustomChannel(endpoint, grpc::SslCredentials(tls), args);
}

void ServiceProcess::FetchTokenKey() {
  auto stub =
      casebridge::v1::AccountsService::NewStub(ChannelTo(config_->Get("accounts_endpoint")));
  const auto deadline = std::chrono::system_clock::now() + config_->GetDuration("startup_timeout");
  for (;;) {
    grpc::ClientContext context;
    context.set_deadline(
        std::min(deadline, std::chrono::system_clock::now() + std::chrono::seconds(5)));
    context.set_wait_for_ready(true);
    casebridge::v1::TokenVerificationKey key;
    grpc::Status status = stub->GetTokenVerificationKey(&context, {}, &key);
    if (status.ok()) {
      access_->SetVerifier(TokenVerifier::FromPublicKeyPem(key.public_key_pem()));
      LogInfo("token_key_loaded", {{"key_id", key.key_id()}});
      return;
    }
    if (std::chrono::system_clock::now() >= deadline) {
      throw std::runtime_error("could not fetch the token verification key from accounts at " +
                               config_->Get("accounts_endpoint") + ": " + status.error_message());
    }
  }
}

int ServiceProcess::Serve() {
  try {
    int port = host_->Start();
    LogInfo("serving", {{"port", std::to_string(port)}, {"listen", config_->Get("listen")}});
  } catch (const std::exception& e) {
    LogError("startup_failed", {{"error", e.what()}});
    std::cerr << "casebridge-" << spec_.name << " could not start: " << e.what() << "\n";
    return 1;
  }
  host_->ServeUntilSignalled();
  executor_->Stop();
  return 0;
}

}  // namespace casebridge::core
