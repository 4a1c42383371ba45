// All five CaseBridge service binaries started for real over TLS on free ports, with their own
// database, for end-to-end tests and for the cluster_runner used by tests written in other
// languages.
#pragma once

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "casebridge/v1/accounts.pb.h"

namespace casebridge::testing {

inline const std::vector<std::string> kServices = {"accounts", "intake", "referral", "review",
                                                   "disclosure"};

class ServiceCluster {
 public:
  ServiceCluster();
  // Stops the services (SIGTERM, then waits) and drops the database and its roles.
  ~ServiceCluster();
  ServiceCluster(const ServiceCluster&) = delete;
  ServiceCluster& operator=(const ServiceCluster&) = delete;

  // Creates the database, starts accounts, then the others once accounts listens; returns when
  // every service has written its port file. Throws with the service's log on failure.
  void Start();
  // Extra flags for one service's command line, e.g. AddArgs("intake",
  // {"--max_document_bytes=1048576"}); call before Start.
  void AddArgs(const std::string& service, std::vector<std::string> args);

  const std::string& endpoint(const std::string& service) const { return endpoints_.at(service); }
  std::string ca_file() const;
  const std::string& admin_password() const { return admin_password_; }
  const std::string& work_dir() const { return work_dir_; }
  const std::string& database_name() const { return name_; }
  // The pid of a running service, for tests that stop one.
  pid_t pid(const std::string& service) const { return pids_.at(service); }

  // A TLS channel to `service`, trusting the deployment CA, as a user's client connects.
  std::shared_ptr<grpc::Channel> Channel(const std::string& service) const;
  // A mutual-TLS channel to `service` presenting the certificate of service `as_service`, as the
  // services present to each other.
  std::shared_ptr<grpc::Channel> ServiceChannel(const std::string& service,
                                                const std::string& as_service) const;
  // Signs in and returns the bearer token; throws on failure.
  std::string Login(const std::string& user, const std::string& password) const;

  // As the administrator: creates an organisation (an agency gets market regulation as its
  // domain) and a user with one role; throws on failure.
  void AddOrganisation(const std::string& id, v1::OrganisationKind kind, const std::string& region);
  void AddUser(const std::string& id, const std::string& organisation_id, v1::Role role,
               const std::string& password);

  // Stops one service with SIGTERM and returns its exit status.
  int Stop(const std::string& service);
  // Stops one service (if running) and starts it again with the arguments it started with, on a
  // new port: endpoint() and new channels follow it, services already told the old port do not.
  void Restart(const std::string& service);

 private:
  pid_t Launch(const std::string& service, const std::vector<std::string>& extra_args);
  void WaitForPort(const std::string& service);

  std::string name_;
  std::string work_dir_;
  std::string admin_password_;
  mutable std::string admin_token_;
  std::map<std::string, pid_t> pids_;
  std::map<std::string, std::vector<std::string>> launch_args_;  // as Start gave them
  std::map<std::string, std::string> endpoints_;
  std::map<std::string, std::vector<std::string>> added_args_;
};

// Puts `token` on `context` as the service expects it.
void Authorize(grpc::ClientContext& context, const std::string& token);

}  // namespace casebridge::testing
