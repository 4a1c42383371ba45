// The user RPCs of AccountsService.
#include <google/protobuf/util/field_mask_util.h>

#include "services/accounts/accounts_mapping.h"
#include "services/accounts/accounts_service.h"
#include "services/accounts/password_hasher.h"
#include "services/core/audit.h"
#include "services/core/errors.h"
#include "services/core/paging.h"
#include "services/core/request_log.h"
#include "services/core/rpc.h"
#include "services/core/transaction.h"

namespace casebridge::accounts {

using core::AuditEntry;
using core::FieldViolations;
using core::Principal;

namespace {

grpc::Status UserNotFound(const std::string& name) {
  return core::StatusWithReason(grpc::StatusCode::NOT_FOUND,
                                "用户 " + name + " 不存在 / user " + name + " does not exist",
                                "NOT_FOUND", {{"name", name}});
}

grpc::Status BadUserName() {
  FieldViolations v;
  v.Add("name", "格式应为 users/{登录名} / expected users/{user_id}");
  return v.ToStatus();
}

}  // namespace

grpc::ServerUnaryReactor* AccountsService::CreateUser(Context* context,
                                                      const v1::CreateUserRequest* request,
                                                      v1::User* response) {
  return core::RunUnary(context, executor_, "CreateUser", [=, this] {
    Principal caller = access_.Authenticate(*context);
    access_.RequireRole(caller, {v1::ROLE_ADMINISTRATOR}, "CreateUser",
                        "users/" + request->user_id());
    return DoCreateUser(caller, *request, response);
  });
}

grpc::Status AccountsService::DoCreateUser(const Principal& caller,
                                           const v1::CreateUserRequest& request,
                                           v1::User* response) {
  // The request log keeps a digest of the request: never of the password.
  v1::CreateUserRequest without_password = request;
  without_password.clear_initial_password();
  const auto key =
      core::MakeRequestKey(caller.user(), "CreateUser", request.request_id(), without_password);
  const std::string request_id_problem = core::CheckRequestId(request.request_id());
  const std::string org_id = IdFromName(request.user().organisation(), "organisations");
  return core::InTransaction(pool_, [&](pqxx::work& tx) -> grpc::Status {
    if (request_id_problem.empty() && core::ReplayPriorResponse(tx, key, response)) {
      return grpc::Status::OK;
    }
    // Every problem in one answer: the organisation is read first so roles are checked against
    // its kind alongside the other fields.
    FieldViolations violations;
    if (!request_id_problem.empty()) violations.Add("request_id", request_id_problem);
    auto org = org_id.empty() ? std::nullopt : repository_.FindOrganisation(tx, org_id);
    ValidateNewUser(
        request,
        org ? static_cast<v1::OrganisationKind>(org->kind) : v1::ORGANISATION_KIND_UNSPECIFIED,
        violations);
    if (!org_id.empty() && !org) {
      violations.Add("user.organisation",
                     "单位 " + request.user().organisation() + " 不存在 / no such organisation");
    }
    if (!violations.empty()) return violations.ToStatus();
    if (repository_.FindUser(tx, request.user_id())) {
      return core::StatusWithReason(
          grpc::StatusCode::ALREADY_EXISTS,
          "登录名 " + request.user_id() + " 已被使用 / this user name is already taken",
          "ALREADY_EXISTS");
    }
    UserRecord user;
    user.id = request.user_id();
    user.display_name = request.user().display_name();
    user.organisation_id = org_id;
    user.roles.assign(request.user().roles().begin(), request.user().roles().end());
    user.state = v1::User::STATE_ACTIVE;
    user.password_hash = PasswordHasher::Hash(request.initial_password());
    repository_.InsertUser(tx, user);
    *response = ToProto(*repository_.FindUser(tx, user.id));
    core::AppendAudit(tx, AuditEntry{caller.user(), caller.organisation(), "accounts.CreateUser",
                                     response->name(), core::StateDigest(*response)});
    core::RecordResponse(tx, key, *response);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccountsService::GetUser(Context* context,
                                                   const v1::GetUserRequest* request,
                                                   v1::User* response) {
  return core::RunUnary(context, executor_, "GetUser", [=, this] {
    Principal caller = access_.Authenticate(*context);
    const std::string id = IdFromName(request->name(), "users");
    if (id.empty()) return BadUserName();
    access_.Require(caller,
                    caller.user() == request->name() || caller.HasRole(v1::ROLE_ADMINISTRATOR),
                    "GetUser", request->name(), "only administrators may look up other users");
    auto lease = pool_.Acquire();
    pqxx::read_transaction tx(*lease);
    auto user = repository_.FindUser(tx, id);
    if (!user) return UserNotFound(request->name());
    *response = ToProto(*user);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccountsService::ListUsers(Context* context,
                                                     const v1::ListUsersRequest* request,
                                                     v1::ListUsersResponse* response) {
  return core::RunUnary(context, executor_, "ListUsers", [=, this] {
    Principal caller = access_.Authenticate(*context);
    access_.RequireRole(caller, {v1::ROLE_ADMINISTRATOR}, "ListUsers", "users");
    FieldViolations violations;
    std::string org_id;
    if (!request->filter().empty()) {
      constexpr std::string_view kPrefix = "organisation=";
      if (request->filter().rfind(kPrefix, 0) == 0) {
        org_id = IdFromName(request->filter().substr(kPrefix.size()), "organisations");
      }
      if (org_id.empty()) {
        violations.Add("filter",
                       "筛选条件应为 organisation=organisations/{id} / use "
                       "organisation=organisations/{id}");
      }
    }
    const std::string after = core::DecodePageToken(request->page_token(), violations);
    if (!violations.empty()) return violations.ToStatus();
    const int page_size = core::ClampPageSize(request->page_size());
    auto lease = pool_.Acquire();
    pqxx::read_transaction tx(*lease);
    auto users = repository_.ListUsers(tx, org_id, after, page_size + 1);
    for (int i = 0; i < static_cast<int>(users.size()) && i < page_size; ++i) {
      *response->add_users() = ToProto(users[i]);
    }
    if (static_cast<int>(users.size()) > page_size) {
      response->set_next_page_token(core::EncodePageToken(users[page_size - 1].id));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccountsService::UpdateUser(Context* context,
                                                      const v1::UpdateUserRequest* request,
                                                      v1::User* response) {
  return core::RunUnary(context, executor_, "UpdateUser", [=, this] {
    Principal caller = access_.Authenticate(*context);
    access_.RequireRole(caller, {v1::ROLE_ADMINISTRATOR}, "UpdateUser", request->user().name());
    return DoUpdateUser(caller, *request, response);
  });
}

grpc::Status AccountsService::DoUpdateUser(const Principal& caller,
                                           const v1::UpdateUserRequest& request,
                                           v1::User* response) {
  FieldViolations violations;
  if (auto problem = core::CheckRequestId(request.request_id()); !problem.empty()) {
    violations.Add("request_id", problem);
  }
  const std::string id = IdFromName(request.user().name(), "users");
  if (id.empty()) violations.Add("user.name", "格式应为 users/{登录名} / expected users/{user_id}");
  if (request.user().etag().empty()) {
    violations.Add("user.etag",
                   "须提供读取时的 etag，以免覆盖他人的修改 / the etag you read is "
                   "required, so nobody's change is overwritten");
  }
  if (request.update_mask().paths().empty()) {
    violations.Add("update_mask", "须指明要修改的字段 / say which fields to change");
  }
  for (const std::string& path : request.update_mask().paths()) {
    if (path != "display_name" && path != "roles" && path != "state") {
      violations.Add("update_mask", "不能修改字段 '" + path +
                                        "'；可修改 display_name、roles、state / '" + path +
                                        "' cannot be changed; use display_name, roles or state");
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  const auto key = core::MakeRequestKey(caller.user(), "UpdateUser", request.request_id(), request);
  return core::InTransaction(pool_, [&](pqxx::work& tx) -> grpc::Status {
    if (core::ReplayPriorResponse(tx, key, response)) return grpc::Status::OK;
    auto user = repository_.FindUser(tx, id, /*for_update=*/true);
    if (!user) return UserNotFound(request.user().name());
    if (std::to_string(user->version) != request.user().etag()) {
      return core::StatusWithReason(
          grpc::StatusCode::ABORTED,
          "该用户已被他人修改，请重新读取后再改 / Someone changed this user since you read it; "
          "read it again and redo your change",
          "STALE_ETAG", {{"current_etag", std::to_string(user->version)}});
    }
    auto org = repository_.FindOrganisation(tx, user->organisation_id);
    FieldViolations problems;
    for (const std::string& path : request.update_mask().paths()) {
      if (path == "display_name") {
        if (request.user().display_name().empty()) {
          problems.Add("user.display_name", "姓名不能为空 / the user's name is required");
        }
        user->display_name = request.user().display_name();
      } else if (path == "roles") {
        ValidateRoles(request.user().roles(), static_cast<v1::OrganisationKind>(org->kind),
                      "user.roles", problems);
        user->roles.assign(request.user().roles().begin(), request.user().roles().end());
      } else if (path == "state") {
        if (request.user().state() != v1::User::STATE_ACTIVE &&
            request.user().state() != v1::User::STATE_DISABLED) {
          problems.Add("user.state",
                       "状态须为 ACTIVE 或 DISABLED / state must be ACTIVE or DISABLED");
        }
        user->state = request.user().state();
      }
    }
    if (!problems.empty()) return problems.ToStatus();
    if (!repository_.UpdateUserProfile(tx, *user, user->version)) {
      throw pqxx::serialization_failure("user changed concurrently");
    }
    *response = ToProto(*repository_.FindUser(tx, id));
    core::AppendAudit(tx, AuditEntry{caller.user(), caller.organisation(), "accounts.UpdateUser",
                                     response->name(), core::StateDigest(*response)});
    core::RecordResponse(tx, key, *response);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccountsService::SetUserPassword(
    Context* context, const v1::SetUserPasswordRequest* request, v1::User* response) {
  return core::RunUnary(context, executor_, "SetUserPassword", [=, this] {
    Principal caller = access_.Authenticate(*context);
    const bool self = caller.user() == request->name();
    access_.Require(caller, self || caller.HasRole(v1::ROLE_ADMINISTRATOR), "SetUserPassword",
                    request->name(), "only administrators may set other users' passwords");
    return DoSetUserPassword(caller, *request, response);
  });
}

grpc::Status AccountsService::DoSetUserPassword(const Principal& caller,
                                                const v1::SetUserPasswordRequest& request,
                                                v1::User* response) {
  const bool self = caller.user() == request.name();
  FieldViolations violations;
  if (auto problem = core::CheckRequestId(request.request_id()); !problem.empty()) {
    violations.Add("request_id", problem);
  }
  const std::string id = IdFromName(request.name(), "users");
  if (id.empty()) violations.Add("name", "格式应为 users/{登录名} / expected users/{user_id}");
  if (auto problem = PasswordProblem(request.new_password()); !problem.empty()) {
    violations.Add("new_password", problem);
  }
  if (self && request.current_password().empty()) {
    violations.Add("current_password",
                   "修改自己的密码须输入当前密码 / enter your current password");
  }
  if (!violations.empty()) return violations.ToStatus();
  v1::SetUserPasswordRequest without_passwords = request;
  without_passwords.clear_current_password();
  without_passwords.clear_new_password();
  const auto key = core::MakeRequestKey(caller.user(), "SetUserPassword", request.request_id(),
                                        without_passwords);
  return core::InTransaction(pool_, [&](pqxx::work& tx) -> grpc::Status {
    if (core::ReplayPriorResponse(tx, key, response)) return grpc::Status::OK;
    auto user = repository_.FindUser(tx, id, /*for_update=*/true);
    if (!user) return UserNotFound(request.name());
    if (self && !PasswordHasher::Verify(request.current_password(), user->password_hash)) {
      FieldViolations v;
      v.Add("current_password", "当前密码不正确 / the current password is wrong");
      return v.ToStatus();
    }
    repository_.SetPassword(tx, id, PasswordHasher::Hash(request.new_password()));
    *response = ToProto(*repository_.FindUser(tx, id));
    // The digest covers the record without the password: the audit never holds password material.
    core::AppendAudit(tx,
                      AuditEntry{caller.user(), caller.organisation(), "accounts.SetUserPassword",
                                 response->name(), core::StateDigest(*response)});
    core::RecordResponse(tx, key, *response);
    return grpc::Status::OK;
  });
}

}  // namespace casebridge::accounts
