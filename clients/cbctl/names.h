// Short names officers type for enums (kinds, roles, domains) and their display text.
#pragma once

#include <optional>
#include <string>

#include "casebridge/v1/accounts.pb.h"

namespace casebridge::cbctl {

// "agency", "police", "procuratorate", "coordination", "platform" (or the full enum name).
std::optional<v1::OrganisationKind> ParseKind(const std::string& text);
std::string KindName(v1::OrganisationKind kind);

// "officer", "agency-head", "police-receiver", "police-investigator", "procurator",
// "coordinator", "administrator" (or the full enum name).
std::optional<v1::Role> ParseRole(const std::string& text);
std::string RoleName(v1::Role role);

// "market-regulation", "customs", "culture", "agriculture", "drug-administration",
// "intellectual-property", "tobacco", "forestry", "other".
std::optional<v1::EnforcementDomain> ParseDomain(const std::string& text);
std::string DomainName(v1::EnforcementDomain domain);

std::string TimestampText(const google::protobuf::Timestamp& t);

}  // namespace casebridge::cbctl
