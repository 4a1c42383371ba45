// Who is calling and what they may do: token authentication, roles, organisation and region scope.
#pragma once

#include <grpcpp/server_context.h>

#include <initializer_list>
#include <memory>
#include <string>

#include "casebridge/v1/accounts.pb.h"
#include "services/core/token.h"

namespace casebridge::core {

class ConnectionPool;

// The verified caller of one RPC.
struct Principal {
  casebridge::v1::TokenClaims claims;

  const std::string& user() const { return claims.user(); }
  const std::string& organisation() const { return claims.organisation(); }
  const std::string& region_code() const { return claims.region_code(); }
  casebridge::v1::OrganisationKind kind() const { return claims.organisation_kind(); }
  bool HasRole(casebridge::v1::Role role) const;
  bool HasAnyRole(std::initializer_list<casebridge::v1::Role> roles) const;
  // The region prefix rule (DESIGN.md): 320600 covers 3206xx, 320000 the province, 000000 all.
  bool CoversRegion(const std::string& target_region) const;
};

class AccessControl {
 public:
  // `service` prefixes audit actions ("accounts", "intake", ...). Denials are audited through
  // `pool`, in a transaction of their own so they persist although the call fails.
  AccessControl(std::string service, ConnectionPool* pool);

  // Installs the key that verifies tokens (fetched from accounts, or read from a file, at start).
  void SetVerifier(std::shared_ptr<const TokenVerifier> verifier);

  // The caller from the `authorization: Bearer` metadata; throws ServiceError(UNAUTHENTICATED).
  Principal Authenticate(const grpc::ServerContextBase& context) const;

  // Throws ServiceError(PERMISSION_DENIED) with `reason` and writes a "denied:" audit row when
  // `allowed` is false.
  void Require(const Principal& principal, bool allowed, const std::string& method,
               const std::string& target, const std::string& reason) const;
  void RequireRole(const Principal& principal, std::initializer_list<casebridge::v1::Role> roles,
                   const std::string& method, const std::string& target) const;

 private:
  const std::string service_;
  ConnectionPool* pool_;
  std::shared_ptr<const TokenVerifier> verifier_;
};

// The role's name as officers read it, e.g. "执法人员 (officer)".
std::string RoleDisplayName(casebridge::v1::Role role);

}  // namespace casebridge::core
