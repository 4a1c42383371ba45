// Parsing one cbctl command's flags and positional arguments, and its --help text.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace casebridge::cbctl {

struct FlagSpec {
  std::string name;        // without dashes, e.g. "region"
  std::string value_name;  // e.g. "CODE"; empty for a switch that takes no value
  std::string description;
  bool repeated = false;
  char short_name = 0;  // e.g. 'o' for "-o FILE"; 0 for none
};

struct CommandSpec {
  std::string path;        // e.g. "org add"
  std::string summary;     // one line
  std::string positional;  // e.g. "ORGANISATION", empty for none
  std::vector<FlagSpec> flags;
  std::string example;
  std::string details = "";  // what --help says after the summary; may be empty
};

class ParsedArgs {
 public:
  // Parses `args` (after the command path) against `spec`; nullopt with `error` set on unknown
  // flags or missing values. "--help" sets help().
  static std::optional<ParsedArgs> Parse(const CommandSpec& spec,
                                         const std::vector<std::string>& args, std::string* error);

  bool help() const { return help_; }
  bool Has(const std::string& flag) const { return values_.contains(flag); }
  std::string Get(const std::string& flag, const std::string& fallback = "") const;
  std::vector<std::string> GetAll(const std::string& flag) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  bool help_ = false;
  std::multimap<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

std::string HelpText(const CommandSpec& spec);

}  // namespace casebridge::cbctl
