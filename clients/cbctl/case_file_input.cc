#include "clients/cbctl/case_file_input.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "clients/cbctl/proto_yaml.h"

namespace casebridge::cbctl {
namespace {

constexpr size_t kMaxFileBytes = 16 << 20;
// The service's bound on amounts: 10^15 fen (10 万亿元).
constexpr int64_t kMaxFen = 1'000'000'000'000'000;

bool EndsWith(const std::string& text, const std::string& suffix) {
  if (text.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = text[text.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

void ReadYaml(const std::string& text, google::protobuf::Message& message, FileInput& input) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    input.problems.push_back({e.mark.line + 1, "",
                              "不是有效的 YAML / this is not valid YAML: " + e.msg +
                                  " (检查缩进和冒号 / check the indentation and colons)"});
    return;
  }
  if (root.IsNull()) {
    input.problems.push_back({0, "", "文件是空的 / the file is empty"});
    return;
  }
  std::string json;
  YamlToProtoJson(root, message.GetDescriptor(), input, json);
  if (!input.problems.empty()) return;
  auto status = google::protobuf::util::JsonStringToMessage(json, &message);
  if (!status.ok()) {
    input.problems.push_back({0, "",
                              "无法读取 / cannot read the " + message.GetDescriptor()->name() +
                                  ": " + std::string(status.message())});
  }
}

void ReadJson(const std::string& text, google::protobuf::Message& message, FileInput& input) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(text, &message, options);
  if (!status.ok()) {
    input.problems.push_back(
        {0, "",
         "不是有效的 JSON（字段名用 proto 的名称，金额以分为单位） / not a valid " +
             message.GetDescriptor()->name() +
             " in JSON (field names as in intake.proto, amounts in fen): " +
             std::string(status.message())});
  }
}

}  // namespace

std::optional<int64_t> YuanToFen(std::string_view text, std::string* why) {
  std::string t(text);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.erase(0, 1);
  if (EndsWith(t, "元")) t.resize(t.size() - std::strlen("元"));
  const std::string quoted = "“" + std::string(text) + "”";
  if (!t.empty() && t[0] == '-') {
    *why =
        "金额不能为负数；未查明请留空 / an amount cannot be negative; leave it empty when unknown";
    return std::nullopt;
  }
  // Digits, or digits grouped by thousands as amounts are printed ("52,000.50").
  static const std::regex kYuan(R"((\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?)");
  std::smatch m;
  if (!std::regex_match(t, m, kYuan)) {
    *why = quoted + "不是金额，应写如 52000.50 / '" + std::string(text) +
           "' is not an amount in yuan: write it like 52000.50";
    return std::nullopt;
  }
  std::string whole, decimals = m[2].matched ? m[2].str() : "";
  for (char c : m[1].str()) {
    if (c != ',') whole += c;
  }
  while (decimals.size() > 2 && decimals.back() == '0') decimals.pop_back();
  if (decimals.size() > 2) {
    *why = quoted + "精确到分，最多两位小数 / '" + std::string(text) +
           "' has more than two decimals: amounts are exact to the fen";
    return std::nullopt;
  }
  while (whole.size() > 1 && whole[0] == '0') whole.erase(0, 1);
  decimals.resize(2, '0');
  if (whole.size() > 13) {
    *why = quoted + "超过 10 万亿元，请核对 / more than 10 trillion yuan, please check";
    return std::nullopt;
  }
  const int64_t fen = std::stoll(whole) * 100 + std::stoll(decimals);
  if (fen > kMaxFen) {
    *why = quoted + "超过 10 万亿元，请核对 / more than 10 trillion yuan, please check";
    return std::nullopt;
  }
  return fen;
}

std::optional<std::string> ReadInputText(const std::string& path, size_t max_bytes,
                                         FileInput& input) {
  std::ostringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      input.problems.push_back(
          {0, "", "无法打开文件 / cannot open the file: " + std::string(std::strerror(errno))});
      return std::nullopt;
    }
    buffer << in.rdbuf();
  }
  if (buffer.str().size() > max_bytes) {
    const std::string mib = std::to_string(max_bytes >> 20);
    input.problems.push_back(
        {0, "", "文件超过 " + mib + " MiB / the file is larger than " + mib + " MiB"});
    return std::nullopt;
  }
  return buffer.str();
}

FileInput ReadMessageInput(const std::string& path, google::protobuf::Message& message,
                           std::vector<std::pair<std::string, std::string>> request_paths) {
  FileInput input;
  input.file = path;
  input.request_paths = std::move(request_paths);
  const std::optional<std::string> text = ReadInputText(path, kMaxFileBytes, input);
  if (!text) return input;
  const size_t first = text->find_first_not_of(" \t\r\n");
  const bool json =
      EndsWith(path, ".json") || (!EndsWith(path, ".yaml") && !EndsWith(path, ".yml") &&
                                  first != std::string::npos && (*text)[first] == '{');
  if (json) {
    ReadJson(*text, message, input);
  } else {
    ReadYaml(*text, message, input);
  }
  return input;
}

CaseFileInput ReadCaseFileInput(const std::string& path) {
  CaseFileInput input;
  static_cast<FileInput&>(input) =
      ReadMessageInput(path, input.case_file, {{"case_file.", ""}, {"facts.", "threshold_facts."}});
  return input;
}

std::optional<v1::Date> DateFromText(std::string_view text) {
  static const std::regex kDate(R"((\d{4})-(\d{1,2})-(\d{1,2}))");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, kDate)) return std::nullopt;
  v1::Date date;
  date.set_year(std::stoi(m[1].str()));
  date.set_month(std::stoi(m[2].str()));
  date.set_day(std::stoi(m[3].str()));
  return date;
}

std::optional<std::string> Rfc3339FromText(std::string_view text) {
  static const std::regex kTime(
      R"((\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?)"
      R"((Z|[+-]\d{2}:\d{2})?)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, kTime)) return std::nullopt;
  auto two = [&](int i) {
    const std::string s = m[i].matched ? m[i].str() : "0";
    return s.size() < 2 ? "0" + s : s;
  };
  // A zone-less time is Beijing time: the clock the officers' records are written in.
  return m[1].str() + "-" + two(2) + "-" + two(3) + "T" + two(4) + ":" + two(5) + ":" + two(6) +
         (m[7].matched ? m[7].str() : "") + (m[8].matched ? m[8].str() : "+08:00");
}

std::optional<google::protobuf::Timestamp> TimestampFromText(std::string_view text) {
  const std::optional<std::string> rfc3339 = Rfc3339FromText(text);
  google::protobuf::Timestamp t;
  if (!rfc3339 || !google::protobuf::util::TimeUtil::FromString(*rfc3339, &t)) return std::nullopt;
  return t;
}

std::string FileInput::Where(const std::string& violation_field) const {
  if (lines.empty()) return "";  // JSON: no line numbers
  // Only fields read from the file have a place in it (not update_mask, request_id, ...).
  std::string path;
  bool in_file = false;
  for (const auto& [prefix, message_path] : request_paths) {
    if (!in_file && violation_field.rfind(prefix, 0) == 0) {
      path = message_path + violation_field.substr(prefix.size());
      in_file = true;
    }
  }
  if (!in_file) return "";
  const std::string name = file == "-" ? "stdin" : file;
  if (auto it = lines.find(path); it != lines.end()) {
    return name + " 第 " + std::to_string(it->second) + " 行 / line " + std::to_string(it->second);
  }
  // Not given: point at the block it belongs in, when that block is there.
  for (std::string parent = path;;) {
    const size_t cut = parent.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) break;
    parent.resize(cut);
    if (auto it = lines.find(parent); it != lines.end()) {
      return "未填写，应写在 " + name + " 第 " + std::to_string(it->second) + " 行的 " + parent +
             " 之下 / not given; add it under " + parent + " at line " + std::to_string(it->second);
    }
  }
  return name + " 中未填写 / not given in " + name;
}

std::string FileInput::ProblemsText() const {
  const std::string name = file == "-" ? "stdin" : file;
  const size_t n = problems.size();
  std::string text = name + " 有 " + std::to_string(n) + " 处需要更正 / " + name + " has " +
                     std::to_string(n) + (n == 1 ? " problem" : " problems") + ":";
  for (const FileProblem& p : problems) {
    text += "\n  - ";
    if (p.line > 0) text += "第 " + std::to_string(p.line) + " 行 / line " + std::to_string(p.line);
    if (!p.field.empty()) text += (p.line > 0 ? ", " : "") + p.field;
    text += (p.line > 0 || !p.field.empty() ? ": " : "") + p.message;
  }
  return text;
}

}  // namespace casebridge::cbctl
