#include "clients/cbctl/client_config.h"

#include <fcntl.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace casebridge::cbctl {
namespace {

struct Field {
  const char* key;
  std::string ClientConfig::*member;
};

constexpr Field kFields[] = {
    {"accounts_endpoint", &ClientConfig::accounts_endpoint},
    {"intake_endpoint", &ClientConfig::intake_endpoint},
    {"referral_endpoint", &ClientConfig::referral_endpoint},
    {"review_endpoint", &ClientConfig::review_endpoint},
    {"disclosure_endpoint", &ClientConfig::disclosure_endpoint},
    {"ca_file", &ClientConfig::ca_file},
    {"user", &ClientConfig::user},
    {"access_token", &ClientConfig::access_token},
    {"token_expire_time", &ClientConfig::token_expire_time},
};

}  // namespace

std::string DefaultConfigPath() {
  if (const char* explicit_path = std::getenv("CBCTL_CONFIG"); explicit_path && *explicit_path) {
    return explicit_path;
  }
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    return std::string(xdg) + "/casebridge/cbctl.json";
  }
  const char* home = std::getenv("HOME");
  return std::string(home ? home : ".") + "/.config/casebridge/cbctl.json";
}

std::optional<ClientConfig> LoadClientConfig(const std::string& path, std::string* error) {
  ClientConfig config;
  std::ifstream in(path);
  if (!in) return config;
  std::ostringstream text;
  text << in.rdbuf();
  google::protobuf::Struct json;
  if (!google::protobuf::util::JsonStringToMessage(text.str(), &json).ok()) {
    *error = "the settings file " + path + " is damaged; delete it and run cbctl login again";
    return std::nullopt;
  }
  for (const Field& f : kFields) {
    auto it = json.fields().find(f.key);
    if (it != json.fields().end()) config.*f.member = it->second.string_value();
  }
  return config;
}

bool SaveClientConfig(const std::string& path, const ClientConfig& config, std::string* error) {
  google::protobuf::Struct json;
  for (const Field& f : kFields) {
    if (!(config.*f.member).empty())
      (*json.mutable_fields())[f.key].set_string_value(config.*f.member);
  }
  std::string text;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(json, &text, options);

  std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!folder.empty()) {
    std::filesystem::create_directories(folder, ec);
    ::chmod(folder.c_str(), 0700);
  }
  const std::string temp = path + ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    *error = "cannot write " + temp + ": " + std::strerror(errno);
    return false;
  }
  ::fchmod(fd, 0600);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    *error = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

std::string NeighbourEndpoint(const std::string& accounts_endpoint, int offset) {
  const size_t colon = accounts_endpoint.rfind(':');
  if (colon == std::string::npos) return accounts_endpoint;
  try {
    int port = std::stoi(accounts_endpoint.substr(colon + 1));
    return accounts_endpoint.substr(0, colon + 1) + std::to_string(port + offset);
  } catch (const std::exception&) {
    return accounts_endpoint;
  }
}

}  // namespace casebridge::cbctl
