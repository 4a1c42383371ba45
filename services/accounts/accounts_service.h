// The AccountsService RPCs: where protobuf meets the account records, with every permission
// checked.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "casebridge/v1/accounts.grpc.pb.h"
#include "services/accounts/accounts_repository.h"
#include "services/core/access_control.h"
#include "services/core/database.h"
#include "services/core/executor.h"
#include "services/core/token.h"

namespace casebridge::accounts {

struct LoginPolicy {
  std::chrono::milliseconds token_ttl = std::chrono::hours(8);
  int failures_before_lock = 5;
  std::chrono::milliseconds lock_duration = std::chrono::minutes(10);
};

class AccountsService final : public casebridge::v1::AccountsService::CallbackService {
 public:
  AccountsService(core::ConnectionPool& pool, core::BlockingExecutor& executor,
                  core::AccessControl& access, std::shared_ptr<const core::TokenSigner> signer,
                  LoginPolicy policy);

  // Creates organisation `platform` and administrator `admin` with `password` when no user exists
  // yet, so a new deployment can be administered. Returns true when it created them.
  bool BootstrapAdministrator(const std::string& password);

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;

  Reactor* Login(Context* context, const v1::LoginRequest* request,
                 v1::LoginResponse* response) override;
  Reactor* GetTokenVerificationKey(Context* context,
                                   const v1::GetTokenVerificationKeyRequest* request,
                                   v1::TokenVerificationKey* response) override;
  Reactor* WhoAmI(Context* context, const v1::WhoAmIRequest* request,
                  v1::WhoAmIResponse* response) override;
  Reactor* CreateOrganisation(Context* context, const v1::CreateOrganisationRequest* request,
                              v1::Organisation* response) override;
  Reactor* GetOrganisation(Context* context, const v1::GetOrganisationRequest* request,
                           v1::Organisation* response) override;
  Reactor* ListOrganisations(Context* context, const v1::ListOrganisationsRequest* request,
                             v1::ListOrganisationsResponse* response) override;
  Reactor* CreateUser(Context* context, const v1::CreateUserRequest* request,
                      v1::User* response) override;
  Reactor* GetUser(Context* context, const v1::GetUserRequest* request,
                   v1::User* response) override;
  Reactor* ListUsers(Context* context, const v1::ListUsersRequest* request,
                     v1::ListUsersResponse* response) override;
  Reactor* UpdateUser(Context* context, const v1::UpdateUserRequest* request,
                      v1::User* response) override;
  Reactor* SetUserPassword(Context* context, const v1::SetUserPasswordRequest* request,
                           v1::User* response) override;
  Reactor* VerifyAuditChain(Context* context, const v1::VerifyAuditChainRequest* request,
                            v1::AuditChainVerification* response) override;

 private:
  grpc::Status DoLogin(const v1::LoginRequest& request, v1::LoginResponse* response);
  grpc::Status DoCreateOrganisation(const core::Principal& caller,
                                    const v1::CreateOrganisationRequest& request,
                                    v1::Organisation* response);
  grpc::Status DoCreateUser(const core::Principal& caller, const v1::CreateUserRequest& request,
                            v1::User* response);
  grpc::Status DoUpdateUser(const core::Principal& caller, const v1::UpdateUserRequest& request,
                            v1::User* response);
  grpc::Status DoSetUserPassword(const core::Principal& caller,
                                 const v1::SetUserPasswordRequest& request, v1::User* response);

  core::ConnectionPool& pool_;
  core::BlockingExecutor& executor_;
  core::AccessControl& access_;
  std::shared_ptr<const core::TokenSigner> signer_;
  LoginPolicy policy_;
  AccountsRepository repository_;
};

}  // namespace casebridge::accounts
