// cbctl: the CaseBridge command-line client for every role.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "clients/cbctl/command.h"

namespace casebridge::cbctl {
namespace {

// Lists every command, or with `group` ("referral") only the commands of that group.
void PrintOverview(const std::vector<Command>& commands, const std::string& group = "") {
  std::cout << "cbctl — CaseBridge 两法衔接 command-line client\n\n"
               "Usage: cbctl [--output table|json] [--config PATH] <command> [options]\n\n"
               "Commands:\n";
  size_t width = 0;
  for (const Command& c : commands) width = std::max(width, c.spec.path.size() + 4);
  for (const Command& c : commands) {
    if (!group.empty() && c.spec.path.rfind(group + " ", 0) != 0) continue;
    std::string left = "  " + c.spec.path;
    std::cout << left << std::string(width - left.size(), ' ') << c.spec.summary << "\n";
  }
  std::cout << "\nStart with: cbctl login --user <your user id>\n"
               "Every command explains itself with --help, e.g. cbctl org add --help\n";
}

int Run(std::vector<std::string> args) {
  std::vector<Command> commands = AccountCommands();
  for (auto& c : StatusCommands()) commands.push_back(std::move(c));
  for (auto& c : CaseCommands()) commands.push_back(std::move(c));
  for (auto& c : ReferralCommands()) commands.push_back(std::move(c));

  OutputFormat format = OutputFormat::kTable;
  std::string config_path = DefaultConfigPath();
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string value;
    // "-o" is the output format only with table or json; otherwise it is the command's own
    // (e.g. cbctl case report download DOCUMENT -o FILE).
    const bool format_o =
        a == "-o" && i + 1 < args.size() && (args[i + 1] == "table" || args[i + 1] == "json");
    if (a == "--output" || format_o || a == "--config") {
      if (i + 1 >= args.size()) {
        std::cerr << "错误 / Error: " << a << " needs a value\n";
        return 2;
      }
      value = args[++i];
    } else if (a.rfind("--output=", 0) == 0 || a.rfind("--config=", 0) == 0) {
      value = a.substr(a.find('=') + 1);
    } else {
      rest.push_back(a);
      continue;
    }
    if (a.find("config") != std::string::npos) {
      config_path = value;
    } else if (value == "json") {
      format = OutputFormat::kJson;
    } else if (value == "table") {
      format = OutputFormat::kTable;
    } else {
      std::cerr << "错误 / Error: --output must be table or json\n";
      return 2;
    }
  }
  if (rest.empty() || rest[0] == "--help" || rest[0] == "-h" || rest[0] == "help") {
    PrintOverview(commands);
    return rest.empty() ? 2 : 0;
  }
  // The longest command path that matches the first words wins ("org add" over "org").
  const Command* chosen = nullptr;
  size_t words = 0;
  for (const Command& c : commands) {
    std::vector<std::string> path;
    for (size_t start = 0, end; start <= c.spec.path.size(); start = end + 1) {
      end = c.spec.path.find(' ', start);
      if (end == std::string::npos) end = c.spec.path.size();
      path.push_back(c.spec.path.substr(start, end - start));
    }
    if (path.size() <= rest.size() && std::equal(path.begin(), path.end(), rest.begin()) &&
        path.size() > words) {
      chosen = &c;
      words = path.size();
    }
  }
  Printer printer(format, std::cout, std::cerr);
  const bool is_group = std::any_of(commands.begin(), commands.end(), [&](const Command& c) {
    return c.spec.path.rfind(rest[0] + " ", 0) == 0;
  });
  if (chosen == nullptr && is_group &&
      (rest.size() == 1 || rest[1] == "--help" || rest[1] == "-h")) {
    PrintOverview(commands, rest[0]);
    return rest.size() == 1 ? 2 : 0;
  }
  if (chosen == nullptr) {
    std::cerr << "错误 / Error: unknown command '" << rest[0]
              << (rest.size() > 1 ? " " + rest[1] : "") << "'. Run cbctl --help for the list.\n";
    return 2;
  }
  std::string error;
  auto parsed = ParsedArgs::Parse(chosen->spec, {rest.begin() + words, rest.end()}, &error);
  if (!parsed) {
    std::cerr << "错误 / Error: " << error << "\n";
    return 2;
  }
  if (parsed->help()) {
    std::cout << HelpText(chosen->spec);
    return 0;
  }
  auto config = LoadClientConfig(config_path, &error);
  if (!config) return printer.Error(error);
  Session session(std::move(*config), config_path);
  if (!session.signed_in() && chosen->spec.path != "login" && chosen->spec.path != "status" &&
      chosen->spec.path != "logout") {
    return printer.Error("未登录 / Not signed in. Run: cbctl login --user <your user id>");
  }
  try {
    return chosen->run(session, *parsed, printer);
  } catch (const std::exception& e) {
    return printer.Error(e.what());
  }
}

}  // namespace
}  // namespace casebridge::cbctl

int main(int argc, char** argv) {
  return casebridge::cbctl::Run(std::vector<std::string>(argv + 1, argv + argc));
}
