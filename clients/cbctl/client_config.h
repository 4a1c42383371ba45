// cbctl's saved settings: service endpoints, the CA to trust, and the signed-in user's token.
#pragma once

#include <optional>
#include <string>

namespace casebridge::cbctl {

struct ClientConfig {
  std::string accounts_endpoint;
  std::string intake_endpoint;
  std::string referral_endpoint;
  std::string review_endpoint;
  std::string disclosure_endpoint;
  std::string ca_file;
  std::string user;
  std::string access_token;
  std::string token_expire_time;  // RFC 3339, for messages only
};

// $CBCTL_CONFIG, else $XDG_CONFIG_HOME/casebridge/cbctl.json, else ~/.config/casebridge/cbctl.json.
std::string DefaultConfigPath();

// nullopt with `error` when the file is unreadable or damaged; an absent file gives an empty
// config.
std::optional<ClientConfig> LoadClientConfig(const std::string& path, std::string* error);

// Writes the file with mode 0600 (it holds a bearer token), creating its folder with mode 0700.
bool SaveClientConfig(const std::string& path, const ClientConfig& config, std::string* error);

// "host:7001" -> "host:7002" etc.: the embedded deployment's convention for the other services.
std::string NeighbourEndpoint(const std::string& accounts_endpoint, int offset);

}  // namespace casebridge::cbctl
