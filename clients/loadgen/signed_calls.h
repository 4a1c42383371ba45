// TLS channels to the services, sign-in through accounts, and calls carrying a bearer token.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

namespace casebridge::loadgen {

std::string ReadWholeFile(const std::string& path);

// A channel of its own to `endpoint`, trusting `ca_pem`; `index` keeps it off gRPC's shared
// subchannel pool.
std::shared_ptr<grpc::Channel> Channel(const std::string& endpoint, const std::string& ca_pem,
                                       int index);

// Signs in as `user` with the first line of `password_file` (Login on accounts) and returns the
// bearer token; throws std::runtime_error naming the user when it fails.
std::string SignIn(const std::string& accounts_endpoint, const std::string& ca_pem,
                   const std::string& user, const std::string& password_file);

// Makes `context` carry a signed-in user's bearer token.
void Authorize(grpc::ClientContext& context, const std::string& token);

}  // namespace casebridge::loadgen
