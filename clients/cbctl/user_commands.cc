// cbctl user add|list|show|disable|enable|set-roles|passwd.
#include <google/protobuf/field_mask.pb.h>

#include "clients/cbctl/account_views.h"
#include "clients/cbctl/command.h"
#include "clients/cbctl/names.h"

namespace casebridge::cbctl {
namespace {

int Add(Session& session, const ParsedArgs& args, const Printer& printer) {
  v1::CreateUserRequest request;
  request.set_request_id(args.Get("request-id", NewRequestId()));
  request.set_user_id(args.Get("id"));
  request.mutable_user()->set_display_name(args.Get("name"));
  if (args.Has("org"))
    request.mutable_user()->set_organisation(WithPrefix(args.Get("org"), "organisations"));
  for (const std::string& text : args.GetAll("role")) {
    auto role = ParseRole(text);
    if (!role) return printer.Error("unknown role '" + text + "' (see cbctl user add --help)");
    request.mutable_user()->add_roles(*role);
  }
  request.set_initial_password(
      ReadPassword("新用户的初始密码 / First password for " + request.user_id() + ": "));
  v1::User response;
  auto context = session.Context();
  grpc::Status status = Accounts(session)->CreateUser(context.get(), request, &response);
  if (!status.ok()) return Fail(printer, status, session);
  printer.Record(response, UserFields(response));
  return 0;
}

int List(Session& session, const ParsedArgs& args, const Printer& printer) {
  v1::ListUsersRequest request;
  if (args.Has("org"))
    request.set_filter("organisation=" + WithPrefix(args.Get("org"), "organisations"));
  v1::ListUsersResponse all;
  do {
    v1::ListUsersResponse page;
    auto context = session.Context();
    grpc::Status status = Accounts(session)->ListUsers(context.get(), request, &page);
    if (!status.ok()) return Fail(printer, status, session);
    all.mutable_users()->MergeFrom(page.users());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  std::vector<std::vector<std::string>> rows;
  for (const auto& u : all.users()) {
    rows.push_back({u.name(), u.display_name(), u.organisation(), RolesText(u.roles()),
                    u.state() == v1::User::STATE_ACTIVE
                        ? (u.has_locked_until() ? "locked" : "active")
                        : "disabled"});
  }
  printer.Table(all, {"NAME", "DISPLAY NAME", "ORGANISATION", "ROLES", "STATE"}, rows);
  return 0;
}

bool Fetch(Session& session, const std::string& name, const Printer& printer, v1::User* user,
           int* exit_code) {
  v1::GetUserRequest request;
  request.set_name(name);
  auto context = session.Context();
  grpc::Status status = Accounts(session)->GetUser(context.get(), request, user);
  if (!status.ok()) *exit_code = Fail(printer, status, session);
  return status.ok();
}

int Update(Session& session, const ParsedArgs& args, const Printer& printer,
           const std::string& action) {
  if (args.positional().size() != 1)
    return printer.Error("name one user, e.g. cbctl user " + action + " zhang.wei");
  v1::UpdateUserRequest request;
  int exit_code = 0;
  if (!Fetch(session, WithPrefix(args.positional()[0], "users"), printer, request.mutable_user(),
             &exit_code)) {
    return exit_code;
  }
  request.set_request_id(NewRequestId());
  if (action == "set-roles") {
    request.mutable_user()->clear_roles();
    for (const std::string& text : args.GetAll("role")) {
      auto role = ParseRole(text);
      if (!role) return printer.Error("unknown role '" + text + "'");
      request.mutable_user()->add_roles(*role);
    }
    request.mutable_update_mask()->add_paths("roles");
  } else {
    request.mutable_user()->set_state(action == "disable" ? v1::User::STATE_DISABLED
                                                          : v1::User::STATE_ACTIVE);
    request.mutable_update_mask()->add_paths("state");
  }
  v1::User response;
  auto context = session.Context();
  grpc::Status status = Accounts(session)->UpdateUser(context.get(), request, &response);
  if (!status.ok()) return Fail(printer, status, session);
  printer.Record(response, UserFields(response));
  return 0;
}

int Password(Session& session, const ParsedArgs& args, const Printer& printer) {
  v1::SetUserPasswordRequest request;
  request.set_request_id(NewRequestId());
  const bool self = args.positional().empty();
  request.set_name(self ? "users/" + session.config().user
                        : WithPrefix(args.positional()[0], "users"));
  if (self || WithPrefix(args.positional()[0], "users") == "users/" + session.config().user) {
    request.set_current_password(ReadPassword("当前密码 / Current password: "));
  }
  request.set_new_password(ReadPassword("新密码 / New password (at least 12 characters): "));
  v1::User response;
  auto context = session.Context();
  grpc::Status status = Accounts(session)->SetUserPassword(context.get(), request, &response);
  if (!status.ok()) return Fail(printer, status, session);
  printer.Note("密码已更新 / The password of " + response.name() + " was changed.");
  return 0;
}

}  // namespace

int UserCommand(Session& session, const ParsedArgs& args, const Printer& printer,
                const std::string& action) {
  if (action == "add") return Add(session, args, printer);
  if (action == "list") return List(session, args, printer);
  if (action == "passwd") return Password(session, args, printer);
  if (action == "show") {
    if (args.positional().size() != 1)
      return printer.Error("name one user, e.g. cbctl user show zhang.wei");
    v1::User user;
    int exit_code = 0;
    if (!Fetch(session, WithPrefix(args.positional()[0], "users"), printer, &user, &exit_code)) {
      return exit_code;
    }
    printer.Record(user, UserFields(user));
    return 0;
  }
  return Update(session, args, printer, action);
}

}  // namespace casebridge::cbctl
