#include "clients/cbctl/command_line.h"

#include <sstream>

namespace casebridge::cbctl {

std::optional<ParsedArgs> ParsedArgs::Parse(const CommandSpec& spec,
                                            const std::vector<std::string>& args,
                                            std::string* error) {
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      parsed.help_ = true;
      continue;
    }
    const FlagSpec* flag = nullptr;
    std::string name, value;
    bool has_inline_value = false;
    if (arg.size() == 2 && arg[0] == '-' && arg[1] != '-') {
      for (const FlagSpec& f : spec.flags) {
        if (f.short_name == arg[1]) flag = &f;
      }
      if (flag == nullptr) {
        *error = "'cbctl " + spec.path + "' has no option " + arg + " (see cbctl " + spec.path +
                 " --help)";
        return std::nullopt;
      }
      name = flag->name;
    } else if (arg.rfind("--", 0) != 0) {
      parsed.positional_.push_back(arg);
      continue;
    } else {
      name = arg.substr(2);
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
        has_inline_value = true;
      }
      for (const FlagSpec& f : spec.flags) {
        if (f.name == name) flag = &f;
      }
    }
    if (flag == nullptr) {
      *error = "'cbctl " + spec.path + "' has no option --" + name + " (see cbctl " + spec.path +
               " --help)";
      return std::nullopt;
    }
    if (flag->value_name.empty()) {
      value = "true";
    } else if (!has_inline_value) {
      if (i + 1 >= args.size()) {
        *error = "--" + name + " needs a value (" + flag->value_name + ")";
        return std::nullopt;
      }
      value = args[++i];
    }
    if (!flag->repeated && parsed.values_.contains(name)) {
      *error = "--" + name + " was given twice";
      return std::nullopt;
    }
    parsed.values_.emplace(name, value);
  }
  return parsed;
}

std::string ParsedArgs::Get(const std::string& flag, const std::string& fallback) const {
  auto it = values_.find(flag);
  return it == values_.end() ? fallback : it->second;
}

std::vector<std::string> ParsedArgs::GetAll(const std::string& flag) const {
  std::vector<std::string> out;
  for (auto [it, end] = values_.equal_range(flag); it != end; ++it) out.push_back(it->second);
  return out;
}

std::string HelpText(const CommandSpec& spec) {
  std::ostringstream out;
  out << "cbctl " << spec.path << (spec.positional.empty() ? "" : " " + spec.positional)
      << (spec.flags.empty() ? "" : " [options]") << "\n\n"
      << spec.summary << "\n"
      << (spec.details.empty() ? "" : "\n" + spec.details + "\n");
  if (!spec.flags.empty()) {
    out << "\nOptions:\n";
    for (const FlagSpec& f : spec.flags) {
      std::string left =
          std::string(f.short_name ? "  -" + std::string(1, f.short_name) + ", " : "  ") + "--" +
          f.name + (f.value_name.empty() ? "" : " " + f.value_name);
      out << left << (left.size() < 28 ? std::string(28 - left.size(), ' ') : "  ") << f.description
          << (f.repeated ? " (may be repeated)" : "") << "\n";
    }
  }
  out << "  --output table|json        how to print the result (default table)\n";
  if (!spec.example.empty()) out << "\nExample:\n  " << spec.example << "\n";
  return out.str();
}

}  // namespace casebridge::cbctl
