#include "clients/cbctl/account_views.h"

#include "clients/cbctl/names.h"
#include "services/core/digest.h"

namespace casebridge::cbctl {

using v1::AccountsService;

std::string NewRequestId() { return core::HexEncode(core::RandomBytes(16)); }

std::unique_ptr<AccountsService::Stub> Accounts(const Session& session) {
  return AccountsService::NewStub(session.Channel(session.config().accounts_endpoint));
}

int Fail(const Printer& printer, const grpc::Status& status, const Session& session) {
  return printer.Error(status, "accounts", session.config().accounts_endpoint);
}

std::string RolesText(const google::protobuf::RepeatedField<int>& roles) {
  std::string text;
  for (int r : roles) text += (text.empty() ? "" : ",") + RoleName(static_cast<v1::Role>(r));
  return text;
}

namespace {

std::string StateText(const v1::User& user) {
  std::string state = user.state() == v1::User::STATE_ACTIVE ? "active" : "disabled";
  if (user.has_locked_until()) state += ", locked until " + TimestampText(user.locked_until());
  return state;
}

}  // namespace

Fields UserFields(const v1::User& u) {
  return {{"name", u.name()},
          {"display name", u.display_name()},
          {"organisation", u.organisation()},
          {"roles", RolesText(u.roles())},
          {"state", StateText(u)},
          {"created", TimestampText(u.create_time())},
          {"etag", u.etag()}};
}

Fields OrganisationFields(const v1::Organisation& o) {
  std::vector<std::pair<std::string, std::string>> fields = {{"name", o.name()},
                                                             {"display name", o.display_name()},
                                                             {"kind", KindName(o.kind())},
                                                             {"region", o.region_code()}};
  if (o.enforcement_domain() != v1::ENFORCEMENT_DOMAIN_UNSPECIFIED) {
    fields.emplace_back("domain", DomainName(o.enforcement_domain()));
  }
  fields.emplace_back("created", TimestampText(o.create_time()));
  return fields;
}

std::string WithPrefix(const std::string& value, const std::string& collection) {
  return value.rfind(collection + "/", 0) == 0 ? value : collection + "/" + value;
}

}  // namespace casebridge::cbctl
