// A cbctl command: its spec (for parsing and --help) and what it does.
#pragma once

#include <functional>
#include <vector>

#include "clients/cbctl/command_line.h"
#include "clients/cbctl/printer.h"
#include "clients/cbctl/session.h"

namespace casebridge::cbctl {

struct Command {
  CommandSpec spec;
  // Returns the process exit code.
  std::function<int(Session&, const ParsedArgs&, const Printer&)> run;
};

std::vector<Command> AccountCommands();
// Every `case ...` command; the groups below are part of it.
std::vector<Command> CaseCommands();
std::vector<Command> CaseItemCommands();
std::vector<Command> CaseDocumentCommands();
std::vector<Command> CasePenaltyCommands();
std::vector<Command> CaseImportCommands();
std::vector<Command> StatusCommands();
// Every `referral ...`, `police ...` and `deadlines` command; the groups below are part of it.
std::vector<Command> ReferralCommands();
std::vector<Command> ReferralFollowUpCommands();
std::vector<Command> ReferralDocumentCommands();
std::vector<Command> PoliceCommands();
std::vector<Command> DeadlineCommands();

}  // namespace casebridge::cbctl
