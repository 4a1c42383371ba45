// Server bootstrap: TLS (mutual between services), health, reflection, limits, graceful shutdown.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "services/core/health.h"

namespace casebridge::core {

struct ServerOptions {
  std::string listen_address;  // host:port; port 0 picks a free one (see port_file)
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_ca_file;  // verifies client certificates of other services when presented
  int max_message_bytes = 32 * 1024 * 1024;
  std::string port_file;  // when set, the chosen port is written here once listening
};

class ServiceHost {
 public:
  explicit ServiceHost(ServerOptions options);
  ~ServiceHost();

  // `full_name` is the protobuf service name, e.g. "casebridge.v1.AccountsService", reported by
  // the health service.
  void Register(grpc::Service* service, const std::string& full_name);

  // Starts listening; returns the port. Throws std::runtime_error when it cannot.
  int Start();

  // Blocks until SIGINT or SIGTERM, then reports NOT_SERVING, lets running calls finish (up to
  // `grace`), and stops.
  void ServeUntilSignalled(std::chrono::milliseconds grace = std::chrono::seconds(10));

  void Shutdown(std::chrono::milliseconds grace);

 private:
  ServerOptions options_;
  std::vector<grpc::Service*> services_;
  std::set<std::string> service_names_;
  std::unique_ptr<HealthService> health_;
  std::unique_ptr<grpc::Server> server_;
};

// Blocks SIGINT and SIGTERM in the calling thread, so threads started afterwards inherit the mask
// and ServeUntilSignalled can collect them with sigwait. Call first thing in main.
void BlockTerminationSignals();

// Reads a whole file; throws std::runtime_error naming it when it cannot.
std::string ReadWholeFile(const std::string& path);

}  // namespace casebridge::core
