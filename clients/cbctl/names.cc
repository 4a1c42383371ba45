#include "clients/cbctl/names.h"

#include <google/protobuf/util/time_util.h>

#include <array>
#include <ctime>
#include <utility>

namespace casebridge::cbctl {
namespace {

template <typename Enum, size_t N>
std::optional<Enum> Find(const std::array<std::pair<const char*, Enum>, N>& table,
                         const std::string& text, bool (*parse)(const std::string&, Enum*)) {
  for (const auto& [name, value] : table) {
    if (text == name) return value;
  }
  Enum value;
  if (parse(text, &value)) return value;
  return std::nullopt;
}

template <typename Enum, size_t N>
std::string NameOf(const std::array<std::pair<const char*, Enum>, N>& table, Enum value) {
  for (const auto& [name, v] : table) {
    if (v == value) return name;
  }
  return "unspecified";
}

constexpr std::array<std::pair<const char*, v1::OrganisationKind>, 5> kKinds = {{
    {"agency", v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY},
    {"police", v1::ORGANISATION_KIND_PUBLIC_SECURITY},
    {"procuratorate", v1::ORGANISATION_KIND_PROCURATORATE},
    {"coordination", v1::ORGANISATION_KIND_COORDINATION_OFFICE},
    {"platform", v1::ORGANISATION_KIND_PLATFORM_OPERATOR},
}};

constexpr std::array<std::pair<const char*, v1::Role>, 7> kRoles = {{
    {"officer", v1::ROLE_OFFICER},
    {"agency-head", v1::ROLE_AGENCY_HEAD},
    {"police-receiver", v1::ROLE_POLICE_RECEIVER},
    {"police-investigator", v1::ROLE_POLICE_INVESTIGATOR},
    {"procurator", v1::ROLE_PROCURATOR},
    {"coordinator", v1::ROLE_COORDINATOR},
    {"administrator", v1::ROLE_ADMINISTRATOR},
}};

constexpr std::array<std::pair<const char*, v1::EnforcementDomain>, 9> kDomains = {{
    {"market-regulation", v1::ENFORCEMENT_DOMAIN_MARKET_REGULATION},
    {"customs", v1::ENFORCEMENT_DOMAIN_CUSTOMS},
    {"culture", v1::ENFORCEMENT_DOMAIN_CULTURE},
    {"agriculture", v1::ENFORCEMENT_DOMAIN_AGRICULTURE},
    {"drug-administration", v1::ENFORCEMENT_DOMAIN_DRUG_ADMINISTRATION},
    {"intellectual-property", v1::ENFORCEMENT_DOMAIN_INTELLECTUAL_PROPERTY},
    {"tobacco", v1::ENFORCEMENT_DOMAIN_TOBACCO},
    {"forestry", v1::ENFORCEMENT_DOMAIN_FORESTRY},
    {"other", v1::ENFORCEMENT_DOMAIN_OTHER},
}};

}  // namespace

std::optional<v1::OrganisationKind> ParseKind(const std::string& text) {
  return Find(kKinds, text, &v1::OrganisationKind_Parse);
}
std::string KindName(v1::OrganisationKind kind) { return NameOf(kKinds, kind); }

std::optional<v1::Role> ParseRole(const std::string& text) {
  return Find(kRoles, text, &v1::Role_Parse);
}
std::string RoleName(v1::Role role) { return NameOf(kRoles, role); }

std::optional<v1::EnforcementDomain> ParseDomain(const std::string& text) {
  return Find(kDomains, text, &v1::EnforcementDomain_Parse);
}
std::string DomainName(v1::EnforcementDomain domain) { return NameOf(kDomains, domain); }

std::string TimestampText(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  // Officers read Beijing time; the wire carries UTC.
  std::time_t seconds = static_cast<std::time_t>(t.seconds()) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  return std::string(text) + " (UTC+8)";
}

}  // namespace casebridge::cbctl
