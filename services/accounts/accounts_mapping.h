// Conversions between account records and their protobuf resources, and request validation.
#pragma once

#include <string>

#include "casebridge/v1/accounts.pb.h"
#include "services/accounts/accounts_repository.h"
#include "services/core/errors.h"

namespace casebridge::accounts {

v1::Organisation ToProto(const OrganisationRecord& record);
v1::User ToProto(const UserRecord& record);

// "organisations/nt-amr" -> "nt-amr"; "" when `name` is not of that collection.
std::string IdFromName(const std::string& name, const std::string& collection);

// Adds a violation for each problem of the organisation to create.
void ValidateNewOrganisation(const v1::CreateOrganisationRequest& request,
                             core::FieldViolations& violations);
// Adds violations for the user id, display name, roles (against `kind`, the organisation's kind
// when known, else 0) and password.
void ValidateNewUser(const v1::CreateUserRequest& request, v1::OrganisationKind kind,
                     core::FieldViolations& violations);
// Roles must be set and each must suit the organisation kind.
void ValidateRoles(const google::protobuf::RepeatedField<int>& roles, v1::OrganisationKind kind,
                   const std::string& field, core::FieldViolations& violations);
// "" when acceptable, else the reason (length, not only digits ...).
std::string PasswordProblem(const std::string& password);

// Parses `kind=PUBLIC_SECURITY AND region=3206`; adds a violation on `filter` when malformed.
OrganisationFilter ParseOrganisationFilter(const std::string& filter,
                                           core::FieldViolations& violations);

}  // namespace casebridge::accounts
