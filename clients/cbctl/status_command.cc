// cbctl status: whether each CaseBridge service answers its health check.
#include "clients/cbctl/command.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace casebridge::cbctl {
namespace {

int Status(Session& session, const ParsedArgs&, const Printer& printer) {
  const ClientConfig& c = session.config();
  const std::pair<std::string, std::string> services[] = {{"accounts", c.accounts_endpoint},
                                                          {"intake", c.intake_endpoint},
                                                          {"referral", c.referral_endpoint},
                                                          {"review", c.review_endpoint},
                                                          {"disclosure", c.disclosure_endpoint}};
  grpc::health::v1::HealthCheckResponse summary;
  std::vector<std::vector<std::string>> rows;
  int down = 0;
  for (const auto& [name, endpoint] : services) {
    if (endpoint.empty()) {
      rows.push_back({name, "(not configured)", "run cbctl login first"});
      ++down;
      continue;
    }
    grpc::health::v1::HealthCheckResponse response;
    auto context = session.Context(std::chrono::seconds(5));
    grpc::Status status = grpc::health::v1::Health::NewStub(session.Channel(endpoint))
                              ->Check(context.get(), {}, &response);
    std::string state =
        status.ok() ? grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status())
                    : "UNREACHABLE";
    if (!status.ok() || response.status() != grpc::health::v1::HealthCheckResponse::SERVING) ++down;
    rows.push_back(
        {name, endpoint, status.ok() ? state : state + " (" + status.error_message() + ")"});
  }
  summary.set_status(down == 0 ? grpc::health::v1::HealthCheckResponse::SERVING
                               : grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  printer.Table(summary, {"SERVICE", "ENDPOINT", "STATE"}, rows);
  return down == 0 ? 0 : 3;
}

}  // namespace

std::vector<Command> StatusCommands() {
  return {
      {{"status", "Check that every CaseBridge service is up.", "", {}, "cbctl status"}, Status}};
}

}  // namespace casebridge::cbctl
