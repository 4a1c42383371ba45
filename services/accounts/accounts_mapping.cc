#include "services/accounts/accounts_mapping.h"

#include <google/protobuf/util/time_util.h>

#include <regex>
#include <set>

#include "services/core/access_control.h"
#include "services/law/region_codes.h"

namespace casebridge::accounts {
namespace {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp ToTimestamp(TimePoint t) {
  return TimeUtil::MicrosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count());
}

bool ValidId(const std::string& id, bool allow_dots) {
  static const std::regex kOrganisationId("^[a-z][a-z0-9-]{1,61}[a-z0-9]$");
  static const std::regex kUserId("^[a-z][a-z0-9.-]{1,61}[a-z0-9]$");
  return std::regex_match(id, allow_dots ? kUserId : kOrganisationId);
}

// Which roles make sense in which kind of organisation (DESIGN.md "Who uses it").
std::set<int> RolesForKind(v1::OrganisationKind kind) {
  switch (kind) {
    case v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY:
      return {v1::ROLE_OFFICER, v1::ROLE_AGENCY_HEAD};
    case v1::ORGANISATION_KIND_PUBLIC_SECURITY:
      return {v1::ROLE_POLICE_RECEIVER, v1::ROLE_POLICE_INVESTIGATOR};
    case v1::ORGANISATION_KIND_PROCURATORATE:
      return {v1::ROLE_PROCURATOR};
    case v1::ORGANISATION_KIND_COORDINATION_OFFICE:
      return {v1::ROLE_COORDINATOR};
    case v1::ORGANISATION_KIND_PLATFORM_OPERATOR:
      return {v1::ROLE_ADMINISTRATOR};
    default:
      return {};
  }
}

}  // namespace

v1::Organisation ToProto(const OrganisationRecord& record) {
  v1::Organisation org;
  org.set_name("organisations/" + record.id);
  org.set_display_name(record.display_name);
  org.set_kind(static_cast<v1::OrganisationKind>(record.kind));
  org.set_region_code(record.region_code);
  org.set_enforcement_domain(static_cast<v1::EnforcementDomain>(record.enforcement_domain));
  *org.mutable_create_time() = ToTimestamp(record.create_time);
  org.set_etag(std::to_string(record.version));
  return org;
}

v1::User ToProto(const UserRecord& record) {
  v1::User user;
  user.set_name("users/" + record.id);
  user.set_display_name(record.display_name);
  user.set_organisation("organisations/" + record.organisation_id);
  for (int role : record.roles) user.add_roles(static_cast<v1::Role>(role));
  user.set_state(static_cast<v1::User::State>(record.state));
  if (record.locked_until && *record.locked_until > std::chrono::system_clock::now()) {
    *user.mutable_locked_until() = ToTimestamp(*record.locked_until);
  }
  *user.mutable_create_time() = ToTimestamp(record.create_time);
  *user.mutable_update_time() = ToTimestamp(record.update_time);
  user.set_etag(std::to_string(record.version));
  return user;
}

std::string IdFromName(const std::string& name, const std::string& collection) {
  const std::string prefix = collection + "/";
  if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size()) return "";
  std::string id = name.substr(prefix.size());
  return id.find('/') == std::string::npos ? id : "";
}

void ValidateNewOrganisation(const v1::CreateOrganisationRequest& request,
                             core::FieldViolations& violations) {
  if (!ValidId(request.organisation_id(), /*allow_dots=*/false)) {
    violations.Add("organisation_id",
                   "单位标识须为 3-63 位小写字母、数字或连字符，以字母开头 / 3-63 lower-case "
                   "letters, digits or hyphens, starting with a letter, e.g. nt-amr");
  }
  const v1::Organisation& org = request.organisation();
  if (org.display_name().empty()) {
    violations.Add("organisation.display_name",
                   "单位名称不能为空 / the organisation's name is required");
  } else if (org.display_name().size() > 200) {
    violations.Add("organisation.display_name", "单位名称过长 / the name is longer than 200 bytes");
  }
  if (org.kind() == v1::ORGANISATION_KIND_UNSPECIFIED ||
      !v1::OrganisationKind_IsValid(org.kind())) {
    violations.Add("organisation.kind",
                   "须选择单位类型：行政执法机关、公安机关、检察院、打假办或平台运维 / choose the "
                   "kind: enforcement agency, public security, procuratorate, coordination office "
                   "or platform operator");
  }
  const std::string& region = org.region_code();
  if (!law::RegionCatalog::IsWellFormed(region)) {
    violations.Add(
        "organisation.region_code",
        "行政区划代码须为 6 位数字（GB/T 2260），如 320600 / the region code must be six "
        "digits (GB/T 2260), e.g. 320600");
  } else if (region != "000000" && !law::RegionCatalog::Default().IsKnown(region)) {
    violations.Add("organisation.region_code", "行政区划代码 " + region +
                                                   " 不在 GB/T 2260 现行代码表中 / " + region +
                                                   " is not a current GB/T 2260 region code");
  }
  const bool is_agency = org.kind() == v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY;
  if (is_agency && org.enforcement_domain() == v1::ENFORCEMENT_DOMAIN_UNSPECIFIED) {
    violations.Add(
        "organisation.enforcement_domain",
        "行政执法机关须填写执法领域 / an enforcement agency needs its enforcement domain");
  } else if (!is_agency && org.enforcement_domain() != v1::ENFORCEMENT_DOMAIN_UNSPECIFIED) {
    violations.Add(
        "organisation.enforcement_domain",
        "只有行政执法机关有执法领域 / only enforcement agencies have an enforcement domain");
  }
}

std::string PasswordProblem(const std::string& password) {
  if (password.size() < 12) return "密码至少 12 个字符 / the password needs at least 12 characters";
  if (password.size() > 256)
    return "密码不能超过 256 个字符 / the password is at most 256 characters";
  return "";
}

void ValidateRoles(const google::protobuf::RepeatedField<int>& roles, v1::OrganisationKind kind,
                   const std::string& field, core::FieldViolations& violations) {
  if (roles.empty()) {
    violations.Add(field, "至少需要一个角色 / at least one role is required");
    return;
  }
  const std::set<int> allowed = RolesForKind(kind);
  for (int i = 0; i < roles.size(); ++i) {
    const int role = roles.Get(i);
    if (role == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(role)) {
      violations.Add(field + "[" + std::to_string(i) + "]", "未知角色 / unknown role");
    } else if (kind != v1::ORGANISATION_KIND_UNSPECIFIED && !allowed.contains(role)) {
      violations.Add(
          field + "[" + std::to_string(i) + "]",
          "角色 " + core::RoleDisplayName(static_cast<v1::Role>(role)) +
              " 与所在单位类型不符 / this role does not exist in this kind of organisation");
    }
  }
}

void ValidateNewUser(const v1::CreateUserRequest& request, v1::OrganisationKind kind,
                     core::FieldViolations& violations) {
  if (!ValidId(request.user_id(), /*allow_dots=*/true)) {
    violations.Add("user_id",
                   "登录名须为 3-63 位小写字母、数字、点或连字符，以字母开头 / 3-63 lower-case "
                   "letters, digits, dots or hyphens, starting with a letter, e.g. zhang.wei");
  }
  if (request.user().display_name().empty()) {
    violations.Add("user.display_name", "姓名不能为空 / the user's name is required");
  }
  if (IdFromName(request.user().organisation(), "organisations").empty()) {
    violations.Add("user.organisation",
                   "须填写所在单位，格式 organisations/{id} / the organisation is required, as "
                   "organisations/{id}");
  }
  ValidateRoles(request.user().roles(), kind, "user.roles", violations);
  if (std::string problem = PasswordProblem(request.initial_password()); !problem.empty()) {
    violations.Add("initial_password", problem);
  }
}

OrganisationFilter ParseOrganisationFilter(const std::string& filter,
                                           core::FieldViolations& violations) {
  OrganisationFilter parsed;
  static const std::regex kTerm(R"(^\s*(kind|region)\s*=\s*([A-Za-z_0-9]+)\s*$)");
  size_t start = 0;
  while (start < filter.size()) {
    size_t and_pos = filter.find(" AND ", start);
    const std::string term =
        filter.substr(start, and_pos == std::string::npos ? std::string::npos : and_pos - start);
    start = and_pos == std::string::npos ? filter.size() : and_pos + 5;
    std::smatch match;
    if (!std::regex_match(term, match, kTerm)) {
      violations.Add("filter", "无法理解的筛选条件 '" + term +
                                   "'；可用 kind=PUBLIC_SECURITY AND region=3206 / cannot read '" +
                                   term + "'; use e.g. kind=PUBLIC_SECURITY AND region=3206");
      continue;
    }
    const std::string value = match[2];
    if (match[1] == "kind") {
      v1::OrganisationKind kind = v1::ORGANISATION_KIND_UNSPECIFIED;
      if (!v1::OrganisationKind_Parse("ORGANISATION_KIND_" + value, &kind) &&
          !v1::OrganisationKind_Parse(value, &kind)) {
        violations.Add("filter", "未知单位类型 / unknown organisation kind '" + value + "'");
      }
      parsed.kind = kind;
    } else {
      if (value.size() > 6 || value.find_first_not_of("0123456789") != std::string::npos) {
        violations.Add("filter", "区划前缀须为 1-6 位数字 / the region prefix is 1-6 digits");
      }
      parsed.region_prefix = value;
    }
  }
  return parsed;
}

}  // namespace casebridge::accounts
