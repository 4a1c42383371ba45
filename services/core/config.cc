#include "services/core/config.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace casebridge::core {

std::string EnvironmentVariableFor(const std::string& setting_name) {
  std::string env = "CASEBRIDGE_";
  for (char c : setting_name) env += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return env;
}

std::optional<Config> Config::Parse(int argc, char** argv, const std::vector<Setting>& settings,
                                    std::string* error) {
  Config config;
  for (const Setting& s : settings) {
    const char* env = std::getenv(EnvironmentVariableFor(s.name).c_str());
    config.values_[s.name] = env != nullptr ? env : s.default_value;
  }
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      config.help_requested_ = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      *error = "unexpected argument '" + arg + "'";
      return std::nullopt;
    }
    std::string name = arg.substr(2);
    std::string value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      *error = "flag --" + name + " needs a value";
      return std::nullopt;
    }
    for (char& c : name) {
      if (c == '-') c = '_';
    }
    if (!config.values_.contains(name)) {
      *error = "unknown flag --" + name + " (see --help)";
      return std::nullopt;
    }
    config.values_[name] = value;
  }
  return config;
}

std::string Config::Usage(const std::string& program, const std::string& summary,
                          const std::vector<Setting>& settings) {
  std::ostringstream out;
  out << "Usage: " << program << " [--setting=value ...]\n" << summary << "\n\nSettings:\n";
  for (const Setting& s : settings) {
    out << "  --" << s.name << "  (env " << EnvironmentVariableFor(s.name) << ")\n      "
        << s.description;
    if (!s.default_value.empty()) out << " [default: " << s.default_value << "]";
    out << "\n";
  }
  return out.str();
}

const std::string& Config::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("setting '" + name + "' was never declared");
  return it->second;
}

int64_t Config::GetInt(const std::string& name) const {
  const std::string& value = Get(name);
  try {
    size_t used = 0;
    int64_t parsed = std::stoll(value, &used);
    if (used == value.size()) return parsed;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument("setting --" + name + " must be a whole number, got '" + value + "'");
}

bool Config::GetBool(const std::string& name) const {
  const std::string& value = Get(name);
  if (value == "true" || value == "1" || value == "yes") return true;
  if (value == "false" || value == "0" || value == "no" || value.empty()) return false;
  throw std::invalid_argument("setting --" + name + " must be true or false, got '" + value + "'");
}

std::chrono::milliseconds Config::GetDuration(const std::string& name) const {
  const std::string& value = Get(name);
  size_t digits = 0;
  while (digits < value.size() && std::isdigit(static_cast<unsigned char>(value[digits]))) {
    ++digits;
  }
  if (digits > 0 && digits < 19) {
    int64_t n = std::stoll(value.substr(0, digits));
    std::string unit = value.substr(digits);
    if (unit == "ms") return std::chrono::milliseconds(n);
    if (unit == "s") return std::chrono::seconds(n);
    if (unit == "m") return std::chrono::minutes(n);
    if (unit == "h") return std::chrono::hours(n);
  }
  throw std::invalid_argument("setting --" + name +
                              " must be a duration such as 30s, 10m or 2h, got '" + value + "'");
}

std::string Config::ReadFileSetting(const std::string& name) const {
  const std::string& path = Get(name);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("setting --" + name + ": cannot read file '" + path + "'");
  std::ostringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace casebridge::core
