// A signed-in cbctl session: TLS channels to each service and call contexts carrying the token.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "clients/cbctl/client_config.h"

namespace casebridge::cbctl {

class Session {
 public:
  Session(ClientConfig config, std::string config_path)
      : config_(std::move(config)), config_path_(std::move(config_path)) {}

  const ClientConfig& config() const { return config_; }
  ClientConfig& mutable_config() { return config_; }
  const std::string& config_path() const { return config_path_; }
  bool signed_in() const { return !config_.access_token.empty(); }

  // A TLS channel trusting the deployment's CA; throws std::runtime_error when the CA file is
  // missing, in words that say how to fix it.
  std::shared_ptr<grpc::Channel> Channel(const std::string& endpoint) const;

  // A context with a deadline and, when signed in, the bearer token.
  std::unique_ptr<grpc::ClientContext> Context(
      std::chrono::seconds timeout = std::chrono::seconds(30)) const;

 private:
  ClientConfig config_;
  std::string config_path_;
};

// Reads a password from the terminal without echo (or one line from stdin when it is not a
// terminal, e.g. with --password-stdin).
std::string ReadPassword(const std::string& prompt);

}  // namespace casebridge::cbctl
