// Shared pieces of the account commands: the accounts stub, request ids, and how records print.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "casebridge/v1/accounts.grpc.pb.h"
#include "clients/cbctl/printer.h"
#include "clients/cbctl/session.h"

namespace casebridge::cbctl {

using Fields = std::vector<std::pair<std::string, std::string>>;

// A fresh random request_id, so a retried command is not applied twice.
std::string NewRequestId();
std::unique_ptr<v1::AccountsService::Stub> Accounts(const Session& session);
int Fail(const Printer& printer, const grpc::Status& status, const Session& session);
std::string RolesText(const google::protobuf::RepeatedField<int>& roles);
Fields UserFields(const v1::User& user);
Fields OrganisationFields(const v1::Organisation& organisation);
// "nt-amr" -> "organisations/nt-amr"; a full name is kept.
std::string WithPrefix(const std::string& value, const std::string& collection);

}  // namespace casebridge::cbctl
