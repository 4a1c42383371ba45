// Errors a service reports to callers: gRPC status with google.rpc details, in words an officer
// reads.
#pragma once

#include <grpcpp/support/status.h>

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace casebridge::core {

// Collects every wrong field of a request so one INVALID_ARGUMENT names them all.
class FieldViolations {
 public:
  // `field` is the request path, e.g. "organisation.region_code"; `description` says what is wrong
  // and how to fix it, in Chinese and English.
  void Add(std::string field, std::string description);
  bool empty() const { return violations_.empty(); }
  size_t size() const { return violations_.size(); }
  const std::vector<std::pair<std::string, std::string>>& items() const { return violations_; }

  // INVALID_ARGUMENT carrying a google.rpc.BadRequest with every violation.
  grpc::Status ToStatus() const;

 private:
  std::vector<std::pair<std::string, std::string>> violations_;
};

// A status with a google.rpc.ErrorInfo (reason, domain "casebridge", metadata) attached.
grpc::Status StatusWithReason(grpc::StatusCode code, const std::string& message,
                              const std::string& reason,
                              const std::map<std::string, std::string>& metadata = {});

// Thrown by logic and repositories to end a call with a specific status; the RPC glue catches it.
class ServiceError : public std::runtime_error {
 public:
  explicit ServiceError(grpc::Status status)
      : std::runtime_error(status.error_message()), status_(std::move(status)) {}
  const grpc::Status& status() const { return status_; }

 private:
  grpc::Status status_;
};

[[noreturn]] void Fail(grpc::StatusCode code, const std::string& message,
                       const std::string& reason);

// Maps whatever a handler threw (ServiceError, libpqxx errors, anything else) to a status, logging
// the unexpected ones; callers never see internal details.
grpc::Status StatusFromCurrentException(const std::string& method);

}  // namespace casebridge::core
