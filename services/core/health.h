// grpc.health.v1.Health compiled from grpc-proto, so reflection clients can see its descriptor.
#pragma once

#include <mutex>
#include <set>
#include <string>

#include "grpc/health/v1/health.grpc.pb.h"

namespace casebridge::core {

class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  // Services named here (and "", the whole server) answer SERVING until Shutdown.
  explicit HealthService(std::set<std::string> services);

  grpc::ServerUnaryReactor* Check(grpc::CallbackServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::health::v1::HealthCheckResponse* response) override;

  // Sends the current status once; the stream then stays open until the client leaves or the
  // server shuts down (a status change only happens at shutdown, when it ends every stream).
  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

  // Everything reports NOT_SERVING from now on; load balancers stop sending new calls.
  void SetNotServing();

 private:
  grpc::health::v1::HealthCheckResponse::ServingStatus StatusOf(const std::string& service) const;

  const std::set<std::string> services_;
  mutable std::mutex mutex_;
  bool serving_ = true;
};

}  // namespace casebridge::core
