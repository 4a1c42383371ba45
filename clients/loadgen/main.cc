// casebridge-loadgen: files or imports cases over TLS with N concurrent callers and reports
// throughput and exact latency percentiles (the intake benchmarks, docs/benchmarks.md).
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "casebridge/v1/accounts.grpc.pb.h"
#include "clients/loadgen/case_template.h"
#include "clients/loadgen/closed_loop.h"
#include "clients/loadgen/intake_callers.h"
#include "clients/loadgen/load_options.h"

namespace casebridge::loadgen {
namespace {

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("无法读取 / cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::shared_ptr<grpc::Channel> Channel(const std::string& endpoint, const std::string& ca_pem,
                                       int index) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ca_pem;
  grpc::ChannelArguments args;
  // Each channel gets its own connection rather than sharing one through the global subchannel
  // pool, so callers on different channels really travel in parallel.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt("casebridge.loadgen.channel", index);
  return grpc::CreateCustomChannel(endpoint, grpc::SslCredentials(tls), args);
}

std::string SignIn(const LoadOptions& o, const std::string& ca_pem) {
  std::string password;
  {
    std::ifstream in(o.password_file);
    if (!in) throw std::runtime_error("无法读取 / cannot read " + o.password_file);
    std::getline(in, password);
  }
  v1::LoginRequest request;
  request.set_user_id(o.user);
  request.set_password(password);
  v1::LoginResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Status status = v1::AccountsService::NewStub(Channel(o.accounts_endpoint, ca_pem, -1))
                            ->Login(&context, request, &response);
  if (!status.ok()) {
    throw std::runtime_error("登录失败 / sign-in as " + o.user +
                             " failed: " + status.error_message());
  }
  return response.access_token();
}

// x/1000 with one decimal, e.g. microseconds as milliseconds.
std::string OneDecimal(int64_t thousandths) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", static_cast<double>(thousandths) / 1000);
  return text;
}

void PrintResult(const LoadOptions& o, const LoopResult& r) {
  const bool import = o.mode == LoadMode::kImport;
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
  std::cout << "mode=" << (import ? "import" : "file") << " callers=" << o.callers;
  if (import) std::cout << " batch=" << o.batch;
  std::cout << " calls=" << ok + r.errors << " errors=" << r.errors << " cases=" << r.cases
            << " seconds=" << OneDecimal(r.window_us / 1000) << " cases/s=" << rate
            << " p50_ms=" << OneDecimal(r.latencies.Percentile(500))
            << " p99_ms=" << OneDecimal(r.latencies.Percentile(990))
            << " max_ms=" << OneDecimal(r.latencies.Max()) << " client_cores=" << cores
            << std::endl;
}

int Main(const LoadOptions& o) {
  const CaseTemplate case_template = CaseTemplate::Load(o.case_file);
  const std::string ca_pem = ReadWholeFile(o.ca_file);
  const std::string token = o.token.empty() ? SignIn(o, ca_pem) : o.token;
  const int channel_count = (o.callers + o.callers_per_channel - 1) / o.callers_per_channel;
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < channel_count; ++i) {
    channels.push_back(Channel(o.endpoint, ca_pem, i));
    if (!channels.back()->WaitForConnected(std::chrono::system_clock::now() +
                                           std::chrono::seconds(10))) {
      throw std::runtime_error("连接不上案件登记服务 / cannot connect to intake at " + o.endpoint);
    }
  }
  auto new_caller = [&](int channel, const std::string& name) {
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
