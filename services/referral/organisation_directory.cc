#include "services/referral/organisation_directory.h"

#include "services/referral/intake_client.h"

namespace casebridge::referral {

OrganisationDirectory::OrganisationDirectory(std::shared_ptr<grpc::Channel> channel)
    : stub_(v1::AccountsService::NewStub(std::move(channel))) {}

grpc::Status OrganisationDirectory::Get(const grpc::ServerContextBase& caller,
                                        const std::string& name, v1::Organisation* out) {
  v1::GetOrganisationRequest request;
  request.set_name(name);
  return stub_->GetOrganisation(ForwardingContext(&caller).get(), request, out);
}

}  // namespace casebridge::referral
