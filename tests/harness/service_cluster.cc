#include "tests/harness/service_cluster.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <stdexcept>
#include <thread>

#include "casebridge/v1/accounts.grpc.pb.h"
#include "services/core/digest.h"
#include "tests/harness/test_environment.h"

extern char** environ;

namespace casebridge::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string BinaryFor(const std::string& service) {
  return std::string(CASEBRIDGE_BUILD_DIR) + "/services/" + service + "/casebridge-" + service;
}

}  // namespace

ServiceCluster::ServiceCluster()
    : name_(UniqueName("e2e")),
      work_dir_(TestEnvironmentRoot() + "/" + name_),
      admin_password_(core::HexEncode(core::RandomBytes(12))) {}

ServiceCluster::~ServiceCluster() {
  for (auto& [service, pid] : pids_) {
    if (pid > 0) ::kill(pid, SIGTERM);
  }
  for (auto& [service, pid] : pids_) {
    if (pid > 0) ::waitpid(pid, nullptr, 0);
  }
  try {
    pqxx::connection admin(SuperuserUrl("postgres"));
    pqxx::nontransaction tx(admin);
    tx.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    for (const std::string& service : kServices) {
      tx.exec("DROP ROLE IF EXISTS " + name_ + "_" + service);
      tx.exec("DROP ROLE IF EXISTS " + name_ + "_" + service + "_owner");
    }
  } catch (const std::exception&) {
    // The throwaway cluster is removed at the end of the run anyway.
  }
}

std::string ServiceCluster::ca_file() const { return PkiDir() + "/ca.crt"; }

void ServiceCluster::Start() {
  std::filesystem::create_directories(work_dir_);
  RunCommand("CASEBRIDGE_DB_PREFIX=" + name_ + " CASEBRIDGE_DB_NAME=" + name_ + " " +
             CASEBRIDGE_SOURCE_DIR + "/deploy/postgres/bootstrap.sh " + TestEnvironmentRoot() +
             "/pg " + work_dir_ + "/secrets");
  std::ofstream(work_dir_ + "/admin.password") << admin_password_ << "\n";
  launch_args_["accounts"] = {"--token_signing_key=" + PkiDir() + "/token-signing.key",
                              "--bootstrap_admin_password_file=" + work_dir_ + "/admin.password"};
  pids_["accounts"] = Launch("accounts", launch_args_["accounts"]);
  WaitForPort("accounts");
  // Intake before the services that call it, so they can be told where it listens.
  launch_args_["intake"] = {"--accounts_endpoint=" + endpoints_["accounts"]};
  pids_["intake"] = Launch("intake", launch_args_["intake"]);
  WaitForPort("intake");
  for (const std::string& service : kServices) {
    if (service == "accounts" || service == "intake") continue;
    std::vector<std::string> args = {"--accounts_endpoint=" + endpoints_["accounts"]};
    if (service == "referral") args.push_back("--intake_endpoint=" + endpoints_["intake"]);
    launch_args_[service] = args;
    pids_[service] = Launch(service, args);
  }
  for (const std::string& service : kServices) {
    if (service != "accounts" && service != "intake") WaitForPort(service);
  }
}

void ServiceCluster::AddArgs(const std::string& service, std::vector<std::string> args) {
  auto& list = added_args_[service];
  list.insert(list.end(), args.begin(), args.end());
}

pid_t ServiceCluster::Launch(const std::string& service, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {
      BinaryFor(service),
      "--listen=127.0.0.1:0",
      "--port_file=" + work_dir_ + "/" + service + ".port",
      "--tls_cert=" + PkiDir() + "/" + service + ".crt",
      "--tls_key=" + PkiDir() + "/" + service + ".key",
      "--tls_ca=" + PkiDir() + "/ca.crt",
      "--database_url_file=" + work_dir_ + "/secrets/db-" + service + ".url",
      "--db_pool_size=4",
      "--worker_threads=4",
  };
  args.insert(args.end(), extra.begin(), extra.end());
  if (auto added = added_args_.find(service); added != added_args_.end()) {
    args.insert(args.end(), added->second.begin(), added->second.end());
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log = work_dir_ + "/" + service + ".log";
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  return pid;
}

void ServiceCluster::WaitForPort(const std::string& service) {
  const std::string port_file = work_dir_ + "/" + service + ".port";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  // The port file is the service's own "listening" signal; it is renamed into place atomically.
  while (!std::filesystem::exists(port_file)) {
    int status = 0;
    if (::waitpid(pids_[service], &status, WNOHANG) == pids_[service]) {
      pids_[service] = 0;
      throw std::runtime_error(service + " exited during start:\n" +
                               ReadFile(work_dir_ + "/" + service + ".log"));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error(service + " did not start listening within 60 s:\n" +
                               ReadFile(work_dir_ + "/" + service + ".log"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string port = ReadFile(port_file);
  while (!port.empty() && port.back() == '\n') port.pop_back();
  endpoints_[service] = "localhost:" + port;
}

std::shared_ptr<grpc::Channel> ServiceCluster::Channel(const std::string& service) const {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadFile(ca_file());
  return grpc::CreateChannel(endpoint(service), grpc::SslCredentials(tls));
}

std::string ServiceCluster::Login(const std::string& user, const std::string& password) const {
  auto stub = v1::AccountsService::NewStub(Channel("accounts"));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::LoginRequest request;
  request.set_user_id(user);
  request.set_password(password);
  v1::LoginResponse response;
  grpc::Status status = stub->Login(&context, request, &response);
  if (!status.ok())
    throw std::runtime_error("login as " + user + " failed: " + status.error_message());
  return response.access_token();
}

std::shared_ptr<grpc::Channel> ServiceCluster::ServiceChannel(const std::string& service,
                                                              const std::string& as_service) const {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadFile(ca_file());
  tls.pem_private_key = ReadFile(PkiDir() + "/" + as_service + ".key");
  tls.pem_cert_chain = ReadFile(PkiDir() + "/" + as_service + ".crt");
  return grpc::CreateChannel(endpoint(service), grpc::SslCredentials(tls));
}

void ServiceCluster::AddOrganisation(const std::string& id, v1::OrganisationKind kind,
                                     const std::string& region) {
  if (admin_token_.empty()) admin_token_ = Login("admin", admin_password_);
  v1::CreateOrganisationRequest request;
  request.set_request_id("seed-org-" + id);
  request.set_organisation_id(id);
  request.mutable_organisation()->set_display_name("单位 " + id);
  request.mutable_organisation()->set_kind(kind);
  request.mutable_organisation()->set_region_code(region);
  if (kind == v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY) {
    request.mutable_organisation()->set_enforcement_domain(
        v1::ENFORCEMENT_DOMAIN_MARKET_REGULATION);
  }
  grpc::ClientContext context;
  Authorize(context, admin_token_);
  v1::Organisation response;
  grpc::Status status = v1::AccountsService::NewStub(Channel("accounts"))
                            ->CreateOrganisation(&context, request, &response);
  if (!status.ok()) throw std::runtime_error("cannot create " + id + ": " + status.error_message());
}

void ServiceCluster::AddUser(const std::string& id, const std::string& organisation_id,
                             v1::Role role, const std::string& password) {
  if (admin_token_.empty()) admin_token_ = Login("admin", admin_password_);
  v1::CreateUserRequest request;
  request.set_request_id("seed-user-" + id);
  request.set_user_id(id);
  request.mutable_user()->set_display_name("用户 " + id);
  request.mutable_user()->set_organisation("organisations/" + organisation_id);
  request.mutable_user()->add_roles(role);
  request.set_initial_password(password);
  grpc::ClientContext context;
  Authorize(context, admin_token_);
  v1::User response;
  grpc::Status status =
      v1::AccountsService::NewStub(Channel("accounts"))->CreateUser(&context, request, &response);
  if (!status.ok()) throw std::runtime_error("cannot create " + id + ": " + status.error_message());
}

int ServiceCluster::Stop(const std::string& service) {
  pid_t pid = pids_.at(service);
  if (pid <= 0) return -1;
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  pids_[service] = 0;
  return status;
}

void ServiceCluster::Restart(const std::string& service) {
  Stop(service);
  std::filesystem::remove(work_dir_ + "/" + service + ".port");
  pids_[service] = Launch(service, launch_args_.at(service));
  WaitForPort(service);
}

void Authorize(grpc::ClientContext& context, const std::string& token) {
  context.AddMetadata("authorization", "Bearer " + token);
}

}  // namespace casebridge::testing
