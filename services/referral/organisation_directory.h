// Organisations as accounts' public directory describes them, read as the calling user: the
// names printed on generated documents and the kind of the police a referral is addressed to.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "casebridge/v1/accounts.grpc.pb.h"

namespace casebridge::referral {

class OrganisationDirectory {
 public:
  // `channel` reaches accounts (ServiceProcess::ChannelTo the accounts endpoint).
  explicit OrganisationDirectory(std::shared_ptr<grpc::Channel> channel);

  // The organisation `name` (`organisations/{id}`), read with the caller's token: accounts lets
  // every signed-in user read the directory (AccountsService.GetOrganisation).
  grpc::Status Get(const grpc::ServerContextBase& caller, const std::string& name,
                   v1::Organisation* out);

 private:
  std::unique_ptr<v1::AccountsService::Stub> stub_;
};

}  // namespace casebridge::referral
