#include "services/core/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <signal.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "services/core/log.h"

namespace casebridge::core {

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read file '" + path + "'");
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

ServiceHost::ServiceHost(ServerOptions options) : options_(std::move(options)) {}

ServiceHost::~ServiceHost() {
  if (server_ != nullptr) Shutdown(std::chrono::seconds(1));
}

void ServiceHost::Register(grpc::Service* service, const std::string& full_name) {
  services_.push_back(service);
  service_names_.insert(full_name);
}

int ServiceHost::Start() {
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  health_ = std::make_unique<HealthService>(service_names_);

  grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  tls.pem_root_certs = ReadWholeFile(options_.tls_ca_file);
  tls.pem_key_cert_pairs.push_back(
      {ReadWholeFile(options_.tls_key_file), ReadWholeFile(options_.tls_cert_file)});

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options_.listen_address, grpc::SslServerCredentials(tls), &port);
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  builder.SetMaxSendMessageSize(options_.max_message_bytes);
  // Dead peers are noticed so long-lived event streams do not pin resources forever.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20 * 1000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10 * 1000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
  builder.RegisterService(health_.get());
  for (grpc::Service* service : services_) builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port == 0) {
    throw std::runtime_error("cannot listen on " + options_.listen_address +
                             " (is the port in use, or the certificate unreadable?)");
  }
  if (!options_.port_file.empty()) {
    const std::string temp = options_.port_file + ".tmp";
    std::ofstream(temp) << port << "\n";
    std::rename(temp.c_str(), options_.port_file.c_str());
  }
  return port;
}

void ServiceHost::ServeUntilSignalled(std::chrono::milliseconds grace) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signal_number = 0;
  sigwait(&set, &signal_number);
  LogInfo("shutting_down", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
  Shutdown(grace);
}

void ServiceHost::Shutdown(std::chrono::milliseconds grace) {
  if (server_ == nullptr) return;
  health_->SetNotServing();
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  server_->Wait();
  server_.reset();
  LogInfo("stopped");
}

}  // namespace casebridge::core
