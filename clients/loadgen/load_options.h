// Command-line options of casebridge-loadgen, checked before any load is sent.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace casebridge::loadgen {

enum class LoadMode { kFile, kImport, kReferral };

struct LoadOptions {
  LoadMode mode = LoadMode::kFile;
  std::string endpoint = "127.0.0.1:7002";  // intake
  std::string accounts_endpoint = "127.0.0.1:7001";
  std::string referral_endpoint = "127.0.0.1:7003";
  std::string ca_file;
  std::string token;  // from --token or --token-file
  std::string user;   // with password_file: sign in through accounts
  std::string password_file;
  // referral: the other users of a lifecycle, each signed in with its own password file (the
  // --password-file one unless given), and who they act for.
  std::string second_officer;  // the task force's other officer; named, not signed in
  std::string head_user;
  std::string head_password_file;
  std::string receiver_user;
  std::string receiver_password_file;
  std::string investigator_user;
  std::string investigator_password_file;
  std::string police_org;  // the police organisation the referrals are transferred to
  std::string case_file = "bench/cases/filing.json";  // the case filed or imported, protobuf JSON
  int callers = 8;                                    // import: concurrent streams (default 1)
  int callers_per_channel = 8;                        // callers sharing one TLS connection
  int batch = 500;                                    // import: cases per batch
  std::chrono::milliseconds warmup{3000};
  std::optional<std::chrono::milliseconds> duration;  // measured time
  std::optional<int64_t> requests;  // measured calls (filings or batches), all callers together
  std::chrono::milliseconds deadline{10000};  // per filing; import streams: after the run
  std::string tag;  // makes this run's case numbers and request ids unique; random by default
};

// Parses argv (the mode word, then options); nullopt with `*error` set (or `*help` true) when the
// run should not start. Refuses endpoints that are not loopback addresses: the load generator is
// for this machine only.
std::optional<LoadOptions> ParseLoadOptions(const std::vector<std::string>& args, bool* help,
                                            std::string* error);

std::string LoadUsage();

// True for 127.x.x.x, ::1 and localhost, with a port.
bool IsLoopbackEndpoint(const std::string& endpoint);

}  // namespace casebridge::loadgen
