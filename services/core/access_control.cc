#include "services/core/access_control.h"

#include <algorithm>
#include <atomic>

#include "services/core/audit.h"
#include "services/core/database.h"
#include "services/core/errors.h"
#include "services/core/log.h"
#include "services/law/region_codes.h"

namespace casebridge::core {

using casebridge::v1::Role;

bool Principal::HasRole(Role role) const {
  return std::find(claims.roles().begin(), claims.roles().end(), role) != claims.roles().end();
}

bool Principal::HasAnyRole(std::initializer_list<Role> roles) const {
  return std::any_of(roles.begin(), roles.end(), [this](Role r) { return HasRole(r); });
}

bool Principal::CoversRegion(const std::string& target_region) const {
  return casebridge::law::RegionCovers(claims.region_code(), target_region);
}

AccessControl::AccessControl(std::string service, ConnectionPool* pool)
    : service_(std::move(service)), pool_(pool) {}

void AccessControl::SetVerifier(std::shared_ptr<const TokenVerifier> verifier) {
  std::atomic_store(&verifier_, std::move(verifier));
}

Principal AccessControl::Authenticate(const grpc::ServerContextBase& context) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    Fail(grpc::StatusCode::UNAUTHENTICATED,
         "未登录：请先用 cbctl login 登录 / Not signed in: sign in first (cbctl login)",
         "MISSING_TOKEN");
  }
  std::string header(it->second.data(), it->second.size());
  constexpr std::string_view kBearer = "Bearer ";
  if (header.rfind(kBearer, 0) != 0) {
    Fail(grpc::StatusCode::UNAUTHENTICATED,
         "登录凭证格式不对 / The authorization header must be 'Bearer <token>'", "MALFORMED_TOKEN");
  }
  auto verifier = std::atomic_load(&verifier_);
  if (verifier == nullptr) {
    Fail(grpc::StatusCode::UNAVAILABLE,
         "服务尚未取得验证密钥，请稍后重试 / The service is still starting; try again shortly",
         "VERIFIER_NOT_READY");
  }
  std::string error;
  auto claims =
      verifier->Verify(header.substr(kBearer.size()), std::chrono::system_clock::now(), &error);
  if (!claims) {
    LogWarning("token_rejected", {{"reason", error}, {"peer", context.peer()}});
    const bool expired = error.find("expired") != std::string::npos;
    Fail(grpc::StatusCode::UNAUTHENTICATED,
         expired ? "登录已过期，请重新登录 / Your sign-in has expired: run cbctl login again"
                 : "登录凭证无效，请重新登录 / Your sign-in is not valid (" + error +
                       "): run cbctl login again",
         expired ? "TOKEN_EXPIRED" : "INVALID_TOKEN");
  }
  return Principal{std::move(*claims)};
}

void AccessControl::Require(const Principal& principal, bool allowed, const std::string& method,
                            const std::string& target, const std::string& reason) const {
  if (allowed) return;
  const std::string action = "denied:" + service_ + "." + method;
  try {
    auto lease = pool_->Acquire();
    pqxx::work tx(*lease);
    AppendAudit(tx, AuditEntry{principal.user(), principal.organisation(), action, target, ""});
    tx.commit();
  } catch (const std::exception& e) {
    // The refusal stands even when it cannot be recorded; the log keeps the trace.
    LogError("denial_not_audited", {{"action", action}, {"error", e.what()}});
  }
  LogWarning("permission_denied",
             {{"user", principal.user()}, {"action", action}, {"target", target}});
  throw ServiceError(StatusWithReason(
      grpc::StatusCode::PERMISSION_DENIED, "无权执行此操作 / Not permitted: " + reason,
      "PERMISSION_DENIED", {{"method", method}, {"target", target}}));
}

void AccessControl::RequireRole(const Principal& principal, std::initializer_list<Role> roles,
                                const std::string& method, const std::string& target) const {
  std::string names;
  for (Role r : roles) names += (names.empty() ? "" : " / ") + RoleDisplayName(r);
  Require(principal, principal.HasAnyRole(roles), method, target, "this needs the role " + names);
}

std::string RoleDisplayName(Role role) {
  switch (role) {
    case casebridge::v1::ROLE_OFFICER:
      return "执法人员 (officer)";
    case casebridge::v1::ROLE_AGENCY_HEAD:
      return "机关负责人 (agency head)";
    case casebridge::v1::ROLE_POLICE_RECEIVER:
      return "公安受理人员 (police receiver)";
    case casebridge::v1::ROLE_POLICE_INVESTIGATOR:
      return "公安侦查人员 (police investigator)";
    case casebridge::v1::ROLE_PROCURATOR:
      return "检察官 (procurator)";
    case casebridge::v1::ROLE_COORDINATOR:
      return "打假办工作人员 (coordinator)";
    case casebridge::v1::ROLE_ADMINISTRATOR:
      return "系统管理员 (administrator)";
    default:
      return "unspecified";
  }
}

}  // namespace casebridge::core
