// cbctl commands for signing in and administering organisations and users.
#include <filesystem>
#include <iostream>
#include <random>

#include "casebridge/v1/accounts.grpc.pb.h"
#include "clients/cbctl/account_views.h"
#include "clients/cbctl/command.h"
#include "clients/cbctl/names.h"

namespace casebridge::cbctl {
namespace {

using v1::AccountsService;

int Login(Session& session, const ParsedArgs& args, const Printer& printer) {
  ClientConfig& config = session.mutable_config();
  const std::string user = args.Get("user", config.user);
  if (user.empty())
    return printer.Error("请用 --user 指定登录名 / give your user name with --user");
  config.accounts_endpoint = args.Get(
      "endpoint", config.accounts_endpoint.empty() ? "localhost:7001" : config.accounts_endpoint);
  if (args.Has("ca-file")) {
    config.ca_file = std::filesystem::absolute(args.Get("ca-file")).string();
  } else if (config.ca_file.empty() && std::filesystem::exists("var/pki/ca.crt")) {
    config.ca_file = std::filesystem::absolute("var/pki/ca.crt").string();
  }
  const std::pair<const char*, std::string ClientConfig::*> neighbours[] = {
      {"intake", &ClientConfig::intake_endpoint},
      {"referral", &ClientConfig::referral_endpoint},
      {"review", &ClientConfig::review_endpoint},
      {"disclosure", &ClientConfig::disclosure_endpoint}};
  int offset = 1;
  for (const auto& [flag, member] : neighbours) {
    if (args.Has(flag)) {
      config.*member = args.Get(flag);
    } else if ((config.*member).empty() || args.Has("endpoint")) {
      config.*member = NeighbourEndpoint(config.accounts_endpoint, offset);
    }
    ++offset;
  }
  v1::LoginRequest request;
  request.set_user_id(user);
  request.set_password(ReadPassword("密码 / Password for " + user + ": "));
  config.access_token.clear();
  v1::LoginResponse response;
  auto context = session.Context();
  grpc::Status status = Accounts(session)->Login(context.get(), request, &response);
  if (!status.ok()) return Fail(printer, status, session);
  config.user = user;
  config.access_token = response.access_token();
  config.token_expire_time = TimestampText(response.expire_time());
  std::string error;
  if (!SaveClientConfig(session.config_path(), config, &error)) return printer.Error(error);
  printer.Note("已登录 / Signed in as " + response.user().display_name() + " (" +
               response.user().name() + "), until " + TimestampText(response.expire_time()) +
               ".\nSettings saved in " + session.config_path() + " (readable only by you).");
  if (printer.format() == OutputFormat::kJson) {
    v1::LoginResponse shown = response;
    shown.clear_access_token();
    printer.Record(shown, {});
  }
  return 0;
}

int Logout(Session& session, const ParsedArgs&, const Printer& printer) {
  session.mutable_config().access_token.clear();
  session.mutable_config().token_expire_time.clear();
  std::string error;
  if (!SaveClientConfig(session.config_path(), session.config(), &error))
    return printer.Error(error);
  printer.Note("已退出 / Signed out.");
  return 0;
}

int WhoAmI(Session& session, const ParsedArgs&, const Printer& printer) {
  v1::WhoAmIResponse response;
  auto context = session.Context();
  grpc::Status status = Accounts(session)->WhoAmI(context.get(), {}, &response);
  if (!status.ok()) return Fail(printer, status, session);
  const auto& u = response.user();
  const auto& o = response.organisation();
  printer.Record(response, {{"user", u.name() + " (" + u.display_name() + ")"},
                            {"organisation", o.name() + " (" + o.display_name() + ")"},
                            {"kind", KindName(o.kind())},
                            {"region", o.region_code()},
                            {"roles", RolesText(u.roles())},
                            {"signed in until", TimestampText(response.token_expire_time())}});
  return 0;
}

int OrgAdd(Session& session, const ParsedArgs& args, const Printer& printer) {
  v1::CreateOrganisationRequest request;
  request.set_request_id(args.Get("request-id", NewRequestId()));
  request.set_organisation_id(args.Get("id"));
  auto* org = request.mutable_organisation();
  org->set_display_name(args.Get("name"));
  org->set_region_code(args.Get("region"));
  // Unknown names are sent as unspecified so the service lists them with every other problem.
  if (auto kind = ParseKind(args.Get("kind")))
    org->set_kind(*kind);
  else if (args.Has("kind"))
    return printer.Error("unknown kind '" + args.Get("kind") +
                         "': use agency, police, procuratorate, coordination or platform");
  if (args.Has("domain")) {
    auto domain = ParseDomain(args.Get("domain"));
    if (!domain) return printer.Error("unknown domain '" + args.Get("domain") + "' (see --help)");
    org->set_enforcement_domain(*domain);
  }
  v1::Organisation response;
  auto context = session.Context();
  grpc::Status status = Accounts(session)->CreateOrganisation(context.get(), request, &response);
  if (!status.ok()) return Fail(printer, status, session);
  printer.Record(response, OrganisationFields(response));
  return 0;
}

int OrgList(Session& session, const ParsedArgs& args, const Printer& printer) {
  v1::ListOrganisationsRequest request;
  std::string filter;
  if (args.Has("kind")) {
    auto kind = ParseKind(args.Get("kind"));
    if (!kind) return printer.Error("unknown kind '" + args.Get("kind") + "'");
    filter = "kind=" + v1::OrganisationKind_Name(*kind);
  }
  if (args.Has("region"))
    filter += (filter.empty() ? "" : " AND ") + ("region=" + args.Get("region"));
  request.set_filter(filter);
  v1::ListOrganisationsResponse all;
  do {
    v1::ListOrganisationsResponse page;
    auto context = session.Context();
    grpc::Status status = Accounts(session)->ListOrganisations(context.get(), request, &page);
    if (!status.ok()) return Fail(printer, status, session);
    all.mutable_organisations()->MergeFrom(page.organisations());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  std::vector<std::vector<std::string>> rows;
  for (const auto& o : all.organisations()) {
    rows.push_back({o.name(), o.display_name(), KindName(o.kind()), o.region_code(),
                    o.enforcement_domain() ? DomainName(o.enforcement_domain()) : ""});
  }
  printer.Table(all, {"NAME", "DISPLAY NAME", "KIND", "REGION", "DOMAIN"}, rows);
  return 0;
}

int OrgShow(Session& session, const ParsedArgs& args, const Printer& printer) {
  if (args.positional().size() != 1)
    return printer.Error("name one organisation, e.g. cbctl org show nt-amr");
  v1::GetOrganisationRequest request;
  request.set_name(WithPrefix(args.positional()[0], "organisations"));
  v1::Organisation response;
  auto context = session.Context();
  grpc::Status status = Accounts(session)->GetOrganisation(context.get(), request, &response);
  if (!status.ok()) return Fail(printer, status, session);
  printer.Record(response, OrganisationFields(response));
  return 0;
}

}  // namespace

int UserCommand(Session& session, const ParsedArgs& args, const Printer& printer,
                const std::string& action);

std::vector<Command> AccountCommands() {
  const FlagSpec password_stdin{"password-stdin", "", "read the password from standard input"};
  std::vector<Command> commands = {
      {{"login",
        "Sign in and save the token for later commands.",
        "",
        {{"user", "USER_ID", "your user name"},
         {"endpoint", "HOST:PORT", "accounts service (default localhost:7001)"},
         {"ca-file", "PATH", "the deployment's CA certificate (default var/pki/ca.crt)"},
         {"intake", "HOST:PORT", "intake service (default: accounts port + 1)"},
         {"referral", "HOST:PORT", "referral service (default: accounts port + 2)"},
         {"review", "HOST:PORT", "review service (default: accounts port + 3)"},
         {"disclosure", "HOST:PORT", "disclosure service (default: accounts port + 4)"},
         password_stdin},
        "cbctl login --user zhang.wei --ca-file var/pki/ca.crt"},
       Login},
      {{"logout", "Forget the saved token.", "", {}, ""}, Logout},
      {{"whoami", "Show who you are signed in as, your organisation and roles.", "", {}, ""},
       WhoAmI},
      {{"org add",
        "Create an organisation (administrators).",
        "",
        {{"id", "ID", "short id, e.g. nt-amr"},
         {"name", "NAME", "full name, e.g. 南通市市场监督管理局"},
         {"kind", "KIND", "agency, police, procuratorate, coordination or platform"},
         {"region", "CODE", "six-digit GB/T 2260 region code, e.g. 320600"},
         {"domain", "DOMAIN",
          "agencies only: market-regulation, customs, culture, agriculture, drug-administration, "
          "intellectual-property, tobacco, forestry, other"},
         {"request-id", "ID", "makes a retry safe (default: a new random id)"}},
        "cbctl org add --id nt-amr --name 南通市市场监督管理局 --kind agency --region 320600 "
        "--domain market-regulation"},
       OrgAdd},
      {{"org list",
        "List organisations.",
        "",
        {{"kind", "KIND", "only this kind"},
         {"region", "PREFIX", "only codes starting so, e.g. 3206"}},
        "cbctl org list --kind police --region 3206"},
       OrgList},
      {{"org show", "Show one organisation.", "ORGANISATION", {}, "cbctl org show nt-amr"},
       OrgShow},
  };
  const std::vector<std::pair<std::string, CommandSpec>> user_specs = {
      {"add",
       {"user add",
        "Create a user (administrators); asks for the first password.",
        "",
        {{"id", "USER_ID", "login name, e.g. zhang.wei"},
         {"name", "NAME", "the person's name, e.g. 张伟"},
         {"org", "ORGANISATION", "their organisation, e.g. nt-amr"},
         {"role", "ROLE",
          "officer, agency-head, police-receiver, police-investigator, procurator, coordinator, "
          "administrator",
          true},
         password_stdin,
         {"request-id", "ID", "makes a retry safe"}},
        "cbctl user add --id zhang.wei --name 张伟 --org nt-amr --role officer"}},
      {"list",
       {"user list",
        "List users (administrators).",
        "",
        {{"org", "ORGANISATION", "only this organisation"}},
        ""}},
      {"show", {"user show", "Show one user.", "USER_ID", {}, "cbctl user show zhang.wei"}},
      {"disable",
       {"user disable", "Stop a user from signing in (administrators).", "USER_ID", {}, ""}},
      {"enable",
       {"user enable", "Let a disabled user sign in again (administrators).", "USER_ID", {}, ""}},
      {"set-roles",
       {"user set-roles",
        "Replace a user's roles (administrators).",
        "USER_ID",
        {{"role", "ROLE", "a role the user should have", true}},
        ""}},
      {"passwd",
       {"user passwd",
        "Change your own password, or (administrators) set another user's and lift a lockout.",
        "[USER_ID]",
        {password_stdin},
        ""}},
  };
  for (const auto& [action, spec] : user_specs) {
    commands.push_back({spec, [action](Session& s, const ParsedArgs& a, const Printer& p) {
                          return UserCommand(s, a, p, action);
                        }});
  }
  return commands;
}

}  // namespace casebridge::cbctl
