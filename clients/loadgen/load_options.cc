#include "clients/loadgen/load_options.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>

namespace casebridge::loadgen {
namespace {

// Hard bounds, so a typo cannot turn a benchmark into a flood.
constexpr int kMaxCallers = 1024;
constexpr int64_t kMaxRequests = 10'000'000;
constexpr double kMaxDurationSeconds = 600;
constexpr double kMaxWarmupSeconds = 120;
constexpr int kMaxBatch = 500;  // ImportCaseFiles takes at most 500 records a batch

const std::vector<std::string> kValueFlags = {"endpoint",
                                              "accounts-endpoint",
                                              "referral-endpoint",
                                              "second-officer",
                                              "head-user",
                                              "head-password-file",
                                              "receiver-user",
                                              "receiver-password-file",
                                              "investigator-user",
                                              "investigator-password-file",
                                              "police-org",
                                              "ca-file",
                                              "token",
                                              "token-file",
                                              "user",
                                              "password-file",
                                              "case-file",
                                              "batch",
                                              "callers",
                                              "callers-per-channel",
                                              "duration",
                                              "requests",
                                              "warmup",
                                              "deadline",
                                              "tag"};

bool ReadFirstLine(const std::string& path, std::string* out) {
  std::ifstream in(path);
  if (!in) return false;
  std::getline(in, *out);
  while (!out->empty() && (out->back() == '\r' || out->back() == ' ')) out->pop_back();
  return true;
}

// Seconds as "20", "2.5" or "20s".
std::optional<std::chrono::milliseconds> ParseSeconds(std::string text, double max) {
  if (!text.empty() && text.back() == 's') text.pop_back();
  if (!std::regex_match(text, std::regex("^[0-9]+(\\.[0-9]+)?$"))) return std::nullopt;
  const double seconds = std::stod(text);
  if (seconds > max) return std::nullopt;
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000 + 0.5));
}

std::optional<int64_t> ParseCount(const std::string& text, int64_t min, int64_t max) {
  if (text.empty() || text.size() > 12 || !std::regex_match(text, std::regex("^[0-9]+$"))) {
    return std::nullopt;
  }
  const int64_t n = std::stoll(text);
  if (n < min || n > max) return std::nullopt;
  return n;
}

std::string RandomTag() {
  std::random_device device;
  std::ostringstream out;
  out << std::hex << (device() & 0xffffff);
  return out.str();
}

// The referral mode's users: each needed there, and nowhere else.
void CheckLifecycleUsers(std::map<std::string, std::string>& values, LoadOptions& o,
                         std::vector<std::string>& problems) {
  const std::vector<std::pair<const char*, std::string*>> users = {
      {"second-officer", &o.second_officer},
      {"head-user", &o.head_user},
      {"receiver-user", &o.receiver_user},
      {"investigator-user", &o.investigator_user},
      {"police-org", &o.police_org}};
  const std::vector<std::pair<const char*, std::string*>> passwords = {
      {"head-password-file", &o.head_password_file},
      {"receiver-password-file", &o.receiver_password_file},
      {"investigator-password-file", &o.investigator_password_file}};
  for (const auto& [flag, field] : users) {
    *field = values[flag];
    if (o.mode == LoadMode::kReferral && field->empty()) {
      problems.push_back(std::string("referral 须提供 / referral needs --") + flag);
    } else if (o.mode != LoadMode::kReferral && !field->empty()) {
      problems.push_back(std::string("--") + flag + " is for referral only");
    }
  }
  if (o.mode == LoadMode::kReferral && o.user.empty()) {
    problems.push_back(
        "referral 须以 --user 登录 / referral signs in with --user, which also "
        "names the task force's leader");
  }
  for (const auto& [flag, field] : passwords) {
    *field = values.contains(flag) ? values[flag] : o.password_file;
    if (o.mode == LoadMode::kReferral && field->empty()) {
      problems.push_back(std::string("referral 须提供 / referral needs --") + flag +
                         " (or --password-file)");
    } else if (o.mode != LoadMode::kReferral && values.contains(flag)) {
      problems.push_back(std::string("--") + flag + " is for referral only");
    }
  }
}

}  // namespace

bool IsLoopbackEndpoint(const std::string& endpoint) {
  static const std::regex kLoopback(
      "^(127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}|localhost|\\[::1\\]):[0-9]{1,5}$");
  return std::regex_match(endpoint, kLoopback);
}

std::string LoadUsage() {
  return "casebridge-loadgen — loads the intake (and referral) services over TLS as signed-in\n"
         "users, with N concurrent callers, and prints throughput and p50/p99/max latency.\n"
         "casebridge-loadgen — 以 N 个并发调用方登记或批量导入案件，输出吞吐量和延迟。\n\n"
         "Usage: casebridge-loadgen file|import|referral --ca-file PATH (--token T |\n"
         "           --token-file PATH | --user ID --password-file PATH) [options]\n\n"
         "  file      each caller files one case after another (CreateCaseFile)\n"
         "  import    each caller streams batches of cases (ImportCaseFiles), one batch in flight\n"
         "  referral  each caller takes one referral after another from filing to 立案: the "
         "officer\n"
         "            files the case, creates the referral, uploads the investigation report and\n"
         "            reports to the head; the head approves; the officer transfers it to the\n"
         "            police; the receiver reads it and signs for its digests; the investigator\n"
         "            files it (FileCase). Prints the lifecycle line, then one line per act.\n\n"
         "  --endpoint HOST:PORT           intake service, loopback only (default 127.0.0.1:7002)\n"
         "  --accounts-endpoint HOST:PORT  accounts, for --user (default 127.0.0.1:7001)\n"
         "  --referral-endpoint HOST:PORT  referral: the referral service (default "
         "127.0.0.1:7003)\n"
         "  --ca-file PATH                 the deployment's CA certificate (var/pki/ca.crt)\n"
         "  --token T, --token-file PATH   a signed-in officer's bearer token\n"
         "  --user ID --password-file PATH sign in as this officer instead\n"
         "  referral only, all required but the password files:\n"
         "  --second-officer ID            the task force's other officer (not signed in)\n"
         "  --head-user ID                 the agency head who approves\n"
         "  --receiver-user ID             the police receiver who signs for the referral\n"
         "  --investigator-user ID         the police investigator who files the case\n"
         "  --head-password-file PATH, --receiver-password-file PATH,\n"
         "  --investigator-password-file PATH  their passwords (default: --password-file)\n"
         "  --police-org ID                the police organisation referrals go to\n"
         "  --case-file PATH               the case, a CaseFile in protobuf JSON; every copy gets\n"
         "                                 its own case number (default bench/cases/filing.json)\n"
         "  --callers N                    concurrent callers, one thread each (default 8 for\n"
         "                                 file, 1 for import)\n"
         "  --callers-per-channel N        callers sharing one TLS connection (default 8)\n"
         "  --batch N                      import: cases per batch, 1-500 (default 500)\n"
         "  --warmup S                     seconds of load before measuring (default 3)\n"
         "  --duration S                   seconds measured (default 20)\n"
         "  --requests N                   stop after N measured calls (with --duration: "
         "first)\n"
         "  --deadline S                   per filing or referral act; import streams end this\n"
         "                                 long after the run (default 10)\n"
         "  --tag TEXT                     unique part of case numbers (default random)\n";
}

std::optional<LoadOptions> ParseLoadOptions(const std::vector<std::string>& args, bool* help,
                                            std::string* error) {
  *help = false;
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    *help = true;
    return std::nullopt;
  }
  static const std::map<std::string, LoadMode> kModes = {
      {"file", LoadMode::kFile}, {"import", LoadMode::kImport}, {"referral", LoadMode::kReferral}};
  if (args.empty() || !kModes.contains(args[0])) {
    *error = "请先写 file、import 或 referral / the first word must be file, import or referral";
    return std::nullopt;
  }
  LoadOptions o;
  o.mode = kModes.at(args[0]);
  if (o.mode == LoadMode::kImport) o.callers = 1;
  std::map<std::string, std::string> values;
  for (size_t i = 1; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      *help = true;
      return std::nullopt;
    }
    if (arg.rfind("--", 0) != 0) {
      *error = "未知参数 / unexpected argument '" + arg + "'";
      return std::nullopt;
    }
    arg = arg.substr(2);
    std::string value;
    if (const size_t eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      *error = "--" + arg + " 需要一个值 / needs a value";
      return std::nullopt;
    }
    if (std::find(kValueFlags.begin(), kValueFlags.end(), arg) == kValueFlags.end()) {
      *error = "未知选项 / unknown option --" + arg + " (see --help)";
      return std::nullopt;
    }
    values[arg] = value;
  }
  auto has = [&](const char* flag) { return values.contains(flag); };

  std::vector<std::string> problems;
  if (has("endpoint")) o.endpoint = values["endpoint"];
  if (has("accounts-endpoint")) o.accounts_endpoint = values["accounts-endpoint"];
  if (has("referral-endpoint")) o.referral_endpoint = values["referral-endpoint"];
  for (const std::string* e : {&o.endpoint, &o.accounts_endpoint, &o.referral_endpoint}) {
    if (!IsLoopbackEndpoint(*e)) {
      problems.push_back(
          "只能连接本机地址 / only loopback endpoints (127.x.x.x, [::1], localhost) "
          "with a port are allowed, not '" +
          *e + "'");
    }
  }
  o.ca_file = values["ca-file"];
  if (o.ca_file.empty()) problems.push_back("须提供 --ca-file / --ca-file is required");
  if (has("token")) o.token = values["token"];
  if (has("token-file") && !ReadFirstLine(values["token-file"], &o.token)) {
    problems.push_back("无法读取 / cannot read --token-file " + values["token-file"]);
  }
  if (has("case-file")) o.case_file = values["case-file"];
  o.user = values["user"];
  o.password_file = values["password-file"];
  const bool by_token = has("token") || has("token-file");
  const bool by_login = !o.user.empty() || !o.password_file.empty();
  if (by_token == by_login || (by_login && (o.user.empty() || o.password_file.empty()))) {
    problems.push_back(
        "须且只能选一种登录方式 / give exactly one of --token, --token-file, or --user with "
        "--password-file");
  }
  CheckLifecycleUsers(values, o, problems);
  if (has("callers")) {
    auto n = ParseCount(values["callers"], 1, kMaxCallers);
    if (!n) problems.push_back("--callers must be 1-" + std::to_string(kMaxCallers));
    o.callers = static_cast<int>(n.value_or(1));
  }
  if (has("callers-per-channel")) {
    auto n = ParseCount(values["callers-per-channel"], 1, kMaxCallers);
    if (!n) problems.push_back("--callers-per-channel must be 1-" + std::to_string(kMaxCallers));
    o.callers_per_channel = static_cast<int>(n.value_or(1));
  }
  if (has("batch")) {
    auto n = ParseCount(values["batch"], 1, kMaxBatch);
    if (!n) problems.push_back("--batch must be 1-" + std::to_string(kMaxBatch));
    o.batch = static_cast<int>(n.value_or(1));
  }
  if (has("batch") && o.mode != LoadMode::kImport) {
    problems.push_back("--batch is for import only");
  }
  if (has("warmup")) {
    auto s = ParseSeconds(values["warmup"], kMaxWarmupSeconds);
    if (!s) problems.push_back("--warmup must be 0-120 seconds");
    o.warmup = s.value_or(o.warmup);
  }
  if (has("duration")) {
    o.duration = ParseSeconds(values["duration"], kMaxDurationSeconds);
    if (!o.duration || o.duration->count() == 0) {
      problems.push_back("--duration must be more than 0 and at most 600 seconds");
    }
  }
  if (has("requests")) {
    o.requests = ParseCount(values["requests"], 1, kMaxRequests);
    if (!o.requests) problems.push_back("--requests must be 1-" + std::to_string(kMaxRequests));
  }
  // Always bounded in time: --requests alone still stops after the longest allowed duration.
  if (!o.duration) {
    o.duration = std::chrono::milliseconds(
        static_cast<int64_t>((o.requests ? kMaxDurationSeconds : 20) * 1000));
  }
  if (has("deadline")) {
    auto s = ParseSeconds(values["deadline"], 300);
    if (!s || s->count() == 0) problems.push_back("--deadline must be more than 0, at most 300 s");
    o.deadline = s.value_or(o.deadline);
  }
  o.tag = has("tag") ? values["tag"] : RandomTag();
  if (!std::regex_match(o.tag, std::regex("^[A-Za-z0-9]{1,16}$"))) {
    problems.push_back("--tag must be 1-16 letters or digits");
  }
  if (!problems.empty()) {
    *error = problems[0];
    for (size_t i = 1; i < problems.size(); ++i) *error += "\n" + problems[i];
    return std::nullopt;
  }
  return o;
}

}  // namespace casebridge::loadgen
