#include "services/accounts/accounts_service.h"

#include <google/protobuf/util/time_util.h>

#include "services/accounts/accounts_mapping.h"
#include "services/accounts/password_hasher.h"
#include "services/core/audit.h"
#include "services/core/audit_rpc.h"
#include "services/core/digest.h"
#include "services/core/errors.h"
#include "services/core/log.h"
#include "services/core/paging.h"
#include "services/core/request_log.h"
#include "services/core/rpc.h"
#include "services/core/transaction.h"

namespace casebridge::accounts {

using core::AuditEntry;
using core::FieldViolations;
using core::Principal;
using google::protobuf::util::TimeUtil;

namespace {

constexpr char kPlatformOrganisation[] = "platform";
constexpr char kAdministrator[] = "admin";

grpc::Status BadLogin() {
  return core::StatusWithReason(grpc::StatusCode::UNAUTHENTICATED,
                                "用户名或密码错误 / The user name or password is wrong",
                                "BAD_CREDENTIALS");
}

int64_t ToMicros(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

grpc::Status NotFound(const std::string& what, const std::string& name) {
  return core::StatusWithReason(grpc::StatusCode::NOT_FOUND,
                                what + " " + name + " 不存在 / " + name + " does not exist",
                                "NOT_FOUND", {{"name", name}});
}

}  // namespace

AccountsService::AccountsService(core::ConnectionPool& pool, core::BlockingExecutor& executor,
                                 core::AccessControl& access,
                                 std::shared_ptr<const core::TokenSigner> signer,
                                 LoginPolicy policy)
    : pool_(pool),
      executor_(executor),
      access_(access),
      signer_(std::move(signer)),
      policy_(policy) {}

bool AccountsService::BootstrapAdministrator(const std::string& password) {
  if (!PasswordProblem(password).empty()) {
    throw std::invalid_argument("the bootstrap administrator password: " +
                                PasswordProblem(password));
  }
  return core::InTransaction(pool_, [&](pqxx::work& tx) {
    // Two replicas starting together must not both create the administrator.
    tx.exec("SELECT pg_advisory_xact_lock(hashtext('casebridge.accounts.bootstrap'))");
    if (repository_.AnyUserExists(tx)) return false;
    OrganisationRecord org{kPlatformOrganisation,
                           "CaseBridge 平台运维",
                           v1::ORGANISATION_KIND_PLATFORM_OPERATOR,
                           "000000",
                           v1::ENFORCEMENT_DOMAIN_UNSPECIFIED,
                           {},
                           1};
    repository_.InsertOrganisation(tx, org);
    UserRecord admin;
    admin.id = kAdministrator;
    admin.display_name = "系统管理员";
    admin.organisation_id = kPlatformOrganisation;
    admin.roles = {v1::ROLE_ADMINISTRATOR};
    admin.state = v1::User::STATE_ACTIVE;
    admin.password_hash = PasswordHasher::Hash(password);
    repository_.InsertUser(tx, admin);
    core::AppendAudit(tx, AuditEntry{"system", "", "accounts.BootstrapAdministrator",
                                     std::string("users/") + kAdministrator, ""});
    return true;
  });
}

// ---- Sign-in -------------------------------------------------------------------------------

grpc::ServerUnaryReactor* AccountsService::Login(Context* context, const v1::LoginRequest* request,
                                                 v1::LoginResponse* response) {
  return core::RunUnary(context, executor_, "Login",
                        [this, request, response] { return DoLogin(*request, response); });
}

grpc::Status AccountsService::DoLogin(const v1::LoginRequest& request,
                                      v1::LoginResponse* response) {
  FieldViolations violations;
  if (request.user_id().empty()) violations.Add("user_id", "请输入登录名 / enter your user name");
  if (request.password().empty()) violations.Add("password", "请输入密码 / enter your password");
  if (!violations.empty()) return violations.ToStatus();

  return core::InTransaction(pool_, [&](pqxx::work& tx) -> grpc::Status {
    auto user = repository_.FindUser(tx, request.user_id(), /*for_update=*/true);
    if (!user) {
      PasswordHasher::VerifyNothing(request.password());
      return BadLogin();
    }
    const auto now = std::chrono::system_clock::now();
    const std::string target = "users/" + user->id;
    if (user->state != v1::User::STATE_ACTIVE) {
      return core::StatusWithReason(grpc::StatusCode::PERMISSION_DENIED,
                                    "账户已停用，请联系管理员 / This account is disabled; ask your "
                                    "administrator",
                                    "ACCOUNT_DISABLED");
    }
    if (user->locked_until && *user->locked_until > now) {
      const auto minutes =
          std::chrono::ceil<std::chrono::minutes>(*user->locked_until - now).count();
      return core::StatusWithReason(
          grpc::StatusCode::UNAUTHENTICATED,
          "连续输错密码，账户已锁定，请 " + std::to_string(minutes) +
              " 分钟后再试 / Too many wrong passwords: the account is locked for another " +
              std::to_string(minutes) + " minute(s)",
          "ACCOUNT_LOCKED",
          {{"locked_until",
            TimeUtil::ToString(TimeUtil::MicrosecondsToTimestamp(ToMicros(*user->locked_until)))}});
    }
    if (!PasswordHasher::Verify(request.password(), user->password_hash)) {
      const int failures = user->failed_logins + 1;
      std::optional<TimePoint> locked_until;
      if (failures >= policy_.failures_before_lock) {
        locked_until = now + policy_.lock_duration;
      }
      repository_.RecordLoginFailure(tx, user->id, locked_until ? 0 : failures, locked_until);
      core::AppendAudit(
          tx,
          AuditEntry{target, "organisations/" + user->organisation_id,
                     locked_until ? "accounts.LoginLocked" : "accounts.LoginFailed", target, ""});
      return BadLogin();  // committed: the failure must count even though the call fails
    }
    auto org = repository_.FindOrganisation(tx, user->organisation_id);
    if (!org) throw std::runtime_error("user " + user->id + " has no organisation");
    repository_.RecordLoginSuccess(tx, user->id);

    v1::TokenClaims claims;
    claims.set_user(target);
    claims.set_display_name(user->display_name);
    claims.set_organisation("organisations/" + org->id);
    claims.set_organisation_kind(static_cast<v1::OrganisationKind>(org->kind));
    claims.set_region_code(org->region_code);
    for (int role : user->roles) claims.add_roles(static_cast<v1::Role>(role));
    *claims.mutable_issue_time() = TimeUtil::MicrosecondsToTimestamp(ToMicros(now));
    *claims.mutable_expire_time() =
        TimeUtil::MicrosecondsToTimestamp(ToMicros(now + policy_.token_ttl));
    claims.set_token_id(core::HexEncode(core::RandomBytes(12)));
    core::AppendAudit(tx, AuditEntry{target, claims.organisation(), "accounts.Login", target,
                                     "token:" + claims.token_id()});
    response->set_access_token(signer_->Sign(claims));
    *response->mutable_expire_time() = claims.expire_time();
    *response->mutable_user() = ToProto(*user);
    response->mutable_user()->clear_locked_until();
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccountsService::GetTokenVerificationKey(
    Context* context, const v1::GetTokenVerificationKeyRequest*,
    v1::TokenVerificationKey* response) {
  response->set_key_id(signer_->key_id());
  response->set_algorithm("Ed25519");
  response->set_public_key_pem(signer_->PublicKeyPem());
  auto* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerUnaryReactor* AccountsService::WhoAmI(Context* context, const v1::WhoAmIRequest*,
                                                  v1::WhoAmIResponse* response) {
  return core::RunUnary(context, executor_, "WhoAmI", [this, context, response] {
    Principal caller = access_.Authenticate(*context);
    auto lease = pool_.Acquire();
    pqxx::read_transaction tx(*lease);
    auto user = repository_.FindUser(tx, IdFromName(caller.user(), "users"));
    auto org = repository_.FindOrganisation(tx, IdFromName(caller.organisation(), "organisations"));
    if (!user || !org) return NotFound("用户", caller.user());
    *response->mutable_user() = ToProto(*user);
    *response->mutable_organisation() = ToProto(*org);
    *response->mutable_token_expire_time() = caller.claims.expire_time();
    return grpc::Status::OK;
  });
}

// ---- Organisations -------------------------------------------------------------------------

grpc::ServerUnaryReactor* AccountsService::CreateOrganisation(
    Context* context, const v1::CreateOrganisationRequest* request, v1::Organisation* response) {
  return core::RunUnary(context, executor_, "CreateOrganisation", [=, this] {
    Principal caller = access_.Authenticate(*context);
    access_.RequireRole(caller, {v1::ROLE_ADMINISTRATOR}, "CreateOrganisation",
                        "organisations/" + request->organisation_id());
    return DoCreateOrganisation(caller, *request, response);
  });
}

grpc::Status AccountsService::DoCreateOrganisation(const Principal& caller,
                                                   const v1::CreateOrganisationRequest& request,
                                                   v1::Organisation* response) {
  FieldViolations violations;
  if (auto problem = core::CheckRequestId(request.request_id()); !problem.empty()) {
    violations.Add("request_id", problem);
  }
  ValidateNewOrganisation(request, violations);
  if (!violations.empty()) return violations.ToStatus();

  const auto key =
      core::MakeRequestKey(caller.user(), "CreateOrganisation", request.request_id(), request);
  return core::InTransaction(pool_, [&](pqxx::work& tx) -> grpc::Status {
    if (core::ReplayPriorResponse(tx, key, response)) return grpc::Status::OK;
    if (repository_.FindOrganisation(tx, request.organisation_id())) {
      return core::StatusWithReason(
          grpc::StatusCode::ALREADY_EXISTS,
          "单位标识 " + request.organisation_id() + " 已被使用 / organisation id already in use",
          "ALREADY_EXISTS");
    }
    const v1::Organisation& org = request.organisation();
    repository_.InsertOrganisation(tx, OrganisationRecord{request.organisation_id(),
                                                          org.display_name(),
                                                          org.kind(),
                                                          org.region_code(),
                                                          org.enforcement_domain(),
                                                          {},
                                                          1});
    *response = ToProto(*repository_.FindOrganisation(tx, request.organisation_id()));
    core::AppendAudit(
        tx, AuditEntry{caller.user(), caller.organisation(), "accounts.CreateOrganisation",
                       response->name(), core::StateDigest(*response)});
    core::RecordResponse(tx, key, *response);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccountsService::GetOrganisation(
    Context* context, const v1::GetOrganisationRequest* request, v1::Organisation* response) {
  return core::RunUnary(context, executor_, "GetOrganisation", [=, this] {
    access_.Authenticate(*context);
    const std::string id = IdFromName(request->name(), "organisations");
    if (id.empty()) {
      FieldViolations v;
      v.Add("name", "格式应为 organisations/{id} / expected organisations/{id}");
      return v.ToStatus();
    }
    auto lease = pool_.Acquire();
    pqxx::read_transaction tx(*lease);
    auto org = repository_.FindOrganisation(tx, id);
    if (!org) return NotFound("单位", request->name());
    *response = ToProto(*org);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AccountsService::ListOrganisations(
    Context* context, const v1::ListOrganisationsRequest* request,
    v1::ListOrganisationsResponse* response) {
  return core::RunUnary(context, executor_, "ListOrganisations", [=, this] {
    access_.Authenticate(*context);
    FieldViolations violations;
    OrganisationFilter filter = ParseOrganisationFilter(request->filter(), violations);
    const std::string after = core::DecodePageToken(request->page_token(), violations);
    if (!violations.empty()) return violations.ToStatus();
    const int page_size = core::ClampPageSize(request->page_size());
    auto lease = pool_.Acquire();
    pqxx::read_transaction tx(*lease);
    auto orgs = repository_.ListOrganisations(tx, filter, after, page_size + 1);
    for (int i = 0; i < static_cast<int>(orgs.size()) && i < page_size; ++i) {
      *response->add_organisations() = ToProto(orgs[i]);
    }
    if (static_cast<int>(orgs.size()) > page_size) {
      response->set_next_page_token(core::EncodePageToken(orgs[page_size - 1].id));
    }
    return grpc::Status::OK;
  });
}

// ---- Audit ---------------------------------------------------------------------------------

grpc::ServerUnaryReactor* AccountsService::VerifyAuditChain(Context* context,
                                                            const v1::VerifyAuditChainRequest*,
                                                            v1::AuditChainVerification* response) {
  return core::RunUnary(context, executor_, "VerifyAuditChain", [=, this] {
    return core::AnswerVerifyAuditChain(access_, pool_, *context, response);
  });
}

}  // namespace casebridge::accounts
