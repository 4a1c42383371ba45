// casebridge-loadgen: files or imports cases, or takes referrals from filing to 立案, over TLS with
// N concurrent callers and reports throughput and exact latency percentiles (docs/benchmarks.md).
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "clients/loadgen/case_template.h"
#include "clients/loadgen/closed_loop.h"
#include "clients/loadgen/intake_callers.h"
#include "clients/loadgen/load_options.h"
#include "clients/loadgen/referral_lifecycle.h"
#include "clients/loadgen/signed_calls.h"

namespace casebridge::loadgen {
namespace {

// x/1000 with one decimal, e.g. microseconds as milliseconds.
std::string OneDecimal(int64_t thousandths) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", static_cast<double>(thousandths) / 1000);
  return text;
}

std::string Percentiles(const Latencies& l) {
  return "p50_ms=" + OneDecimal(l.Percentile(500)) + " p99_ms=" + OneDecimal(l.Percentile(990)) +
         " max_ms=" + OneDecimal(l.Max());
}

void PrintResult(const LoadOptions& o, const LoopResult& r) {
  const bool import = o.mode == LoadMode::kImport;
  const bool referral = o.mode == LoadMode::kReferral;
  const int64_t ok = static_cast<int64_t>(r.latencies.count());
  const double seconds = static_cast<double>(r.window_us) / 1e6;
  char rate[32], cores[16];
  std::snprintf(rate, sizeof rate, "%.1f",
                seconds > 0 ? static_cast<double>(r.cases) / seconds : 0);
  std::snprintf(cores, sizeof cores, "%.2f", r.client_cores);
  std::cerr << "casebridge-loadgen: warm-up " << r.warmup_calls << " calls, " << r.warmup_errors
            << " failed\n";
  for (const auto& [code, count] : r.errors_by_code) {
    std::cerr << "casebridge-loadgen: " << count << " calls failed with code " << code << "\n";
  }
  std::cout << "mode="
            << (import     ? "import"
                : referral ? "referral"
                           : "file")
            << " callers=" << o.callers;
  if (import) std::cout << " batch=" << o.batch;
  const char* unit = referral ? "lifecycles" : "cases";
  std::cout << " calls=" << ok + r.errors << " errors=" << r.errors << " " << unit << "=" << r.cases
            << " seconds=" << OneDecimal(r.window_us / 1000) << " " << unit << "/s=" << rate << " "
            << Percentiles(r.latencies) << " client_cores=" << cores;
  if (referral) {
    char completed[32];
    std::snprintf(completed, sizeof completed, "%.2f",
                  static_cast<double>(r.completed_in_window) /
                      std::chrono::duration<double>(*o.duration).count());
    std::cout << " completed=" << r.completed_in_window << " completed/s=" << completed;
  }
  std::cout << "\n";
  for (size_t i = 0; i < r.acts.size() && referral; ++i) {
    std::cout << "act=" << kLifecycleActs[i] << " calls=" << r.acts[i].count() << " "
              << Percentiles(r.acts[i]) << "\n";
  }
  std::cout << std::flush;
}

// The four users of a lifecycle, signed in once before the load.
LifecycleUsers SignInLifecycleUsers(const LoadOptions& o, const std::string& ca_pem,
                                    const std::string& officer_token) {
  auto sign_in = [&](const std::string& user, const std::string& password_file) {
    return SignIn(o.accounts_endpoint, ca_pem, user, password_file);
  };
  return LifecycleUsers{
      .officer_token = officer_token,
      .officer = "users/" + o.user,
      .second_officer = "users/" + o.second_officer,
      .head_token = sign_in(o.head_user, o.head_password_file),
      .head = "users/" + o.head_user,
      .receiver_token = sign_in(o.receiver_user, o.receiver_password_file),
      .investigator_token = sign_in(o.investigator_user, o.investigator_password_file),
      .police = "organisations/" + o.police_org};
}

std::vector<std::shared_ptr<grpc::Channel>> Channels(const std::string& endpoint,
                                                     const std::string& ca_pem, int count,
                                                     const char* service) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < count; ++i) {
    channels.push_back(Channel(endpoint, ca_pem, i));
    if (!channels.back()->WaitForConnected(std::chrono::system_clock::now() +
                                           std::chrono::seconds(10))) {
      throw std::runtime_error(std::string("连接不上 / cannot connect to ") + service + " at " +
                               endpoint);
    }
  }
  return channels;
}

int Main(const LoadOptions& o) {
  const CaseTemplate case_template = CaseTemplate::Load(o.case_file);
  const std::string ca_pem = ReadWholeFile(o.ca_file);
  const std::string token =
      o.token.empty() ? SignIn(o.accounts_endpoint, ca_pem, o.user, o.password_file) : o.token;
  const int channel_count = (o.callers + o.callers_per_channel - 1) / o.callers_per_channel;
  const auto channels = Channels(o.endpoint, ca_pem, channel_count, "intake");
  const bool referral = o.mode == LoadMode::kReferral;
  const auto referral_channels =
      referral ? Channels(o.referral_endpoint, ca_pem, channel_count, "referral")
               : std::vector<std::shared_ptr<grpc::Channel>>();
  const LifecycleUsers users = referral ? SignInLifecycleUsers(o, ca_pem, token) : LifecycleUsers();
  auto new_caller = [&](int channel, const std::string& name) -> std::unique_ptr<Caller> {
    if (referral) {
      return NewLifecycleCaller(
          LifecycleSetup{.intake = channels[static_cast<size_t>(channel)],
                         .referral = referral_channels[static_cast<size_t>(channel)],
                         .users = &users,
                         .deadline = o.deadline,
                         .case_template = &case_template,
                         .prefix = o.tag + "-" + name + "-"});
    }
    CallerSetup setup{
        .channel = channels[static_cast<size_t>(channel)],
        .token = token,
        .deadline = o.deadline,
        .stream_deadline = std::chrono::system_clock::now() + o.warmup + *o.duration + o.deadline,
        .case_template = &case_template,
        .prefix = o.tag + "-" + name + "-"};
    return o.mode == LoadMode::kImport ? NewImportCaller(std::move(setup), o.batch)
                                       : NewFilingCaller(std::move(setup));
  };

  // One call before the load, so a wrong token or setup fails at once with a clear message.
  if (CallOutcome check = new_caller(0, "check")->Call(0); !check.status.ok()) {
    std::cerr << "casebridge-loadgen: the first call failed (code " << check.status.error_code()
              << "): " << check.status.error_message() << "\n";
    return 1;
  }

  std::vector<std::unique_ptr<Caller>> callers;
  for (int i = 0; i < o.callers; ++i) {
    callers.push_back(new_caller(i / o.callers_per_channel, std::to_string(i)));
  }
  const LoopResult result = RunClosedLoop(
      callers, LoopSettings{.warmup = o.warmup, .duration = *o.duration, .requests = o.requests});
  callers.clear();  // ends the import streams before the summary
  PrintResult(o, result);
  return result.errors == 0 && result.latencies.count() > 0 ? 0 : 1;
}

}  // namespace
}  // namespace casebridge::loadgen

int main(int argc, char** argv) {
  using namespace casebridge::loadgen;
  bool help = false;
  std::string error;
  auto options = ParseLoadOptions(std::vector<std::string>(argv + 1, argv + argc), &help, &error);
  if (help) {
    std::cout << LoadUsage();
    return 0;
  }
  if (!options) {
    std::cerr << "casebridge-loadgen: " << error << "\n\n" << LoadUsage();
    return 2;
  }
  try {
    return Main(*options);
  } catch (const std::exception& e) {
    std::cerr << "casebridge-loadgen: " << e.what() << "\n";
    return 1;
  }
}
