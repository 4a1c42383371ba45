// Service configuration from command-line flags and CASEBRIDGE_* environment variables.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace casebridge::core {

// One setting a program accepts. `--name=value` on the command line wins over the environment
// variable CASEBRIDGE_NAME (upper-cased), which wins over the default.
struct Setting {
  std::string name;
  std::string default_value;
  std::string description;
};

class Config {
 public:
  // Parses argv against `settings`. Unknown flags, or a missing value, are reported in `error`.
  // `--help` sets help_requested().
  static std::optional<Config> Parse(int argc, char** argv, const std::vector<Setting>& settings,
                                     std::string* error);

  // A usage text listing every setting with its environment variable and default.
  static std::string Usage(const std::string& program, const std::string& summary,
                           const std::vector<Setting>& settings);

  bool help_requested() const { return help_requested_; }

  const std::string& Get(const std::string& name) const;
  // These throw std::invalid_argument naming the setting when the value does not parse.
  int64_t GetInt(const std::string& name) const;
  bool GetBool(const std::string& name) const;
  // Durations are written like "30s", "10m", "2h", "500ms".
  std::chrono::milliseconds GetDuration(const std::string& name) const;
  // Reads the file the setting names, trimmed of trailing newlines; throws when unreadable.
  std::string ReadFileSetting(const std::string& name) const;

 private:
  std::map<std::string, std::string> values_;
  bool help_requested_ = false;
};

std::string EnvironmentVariableFor(const std::string& setting_name);

}  // namespace casebridge::core
