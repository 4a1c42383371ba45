// All five services started from their binaries over TLS: healthy, reflective, and refusing calls
// without a valid token.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include "casebridge/v1/accounts.grpc.pb.h"
#include "casebridge/v1/intake.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/harness/service_cluster.h"

namespace casebridge {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using testing::ServiceCluster;

class PlatformE2ETest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new ServiceCluster();
    cluster_->Start();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  static std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }
  static ServiceCluster* cluster_;
};

ServiceCluster* PlatformE2ETest::cluster_ = nullptr;

TEST_F(PlatformE2ETest, EveryServiceIsServingOverTls) {
  const std::map<std::string, std::string> names = {
      {"accounts", "casebridge.v1.AccountsService"},
      {"intake", "casebridge.v1.IntakeService"},
      {"referral", "casebridge.v1.ReferralService"},
      {"review", "casebridge.v1.ReviewService"},
      {"disclosure", "casebridge.v1.DisclosureService"}};
  for (const auto& [service, full_name] : names) {
    for (const std::string& asked : {std::string(), full_name}) {
      HealthCheckRequest request;
      request.set_service(asked);
      HealthCheckResponse response;
      grpc::Status status =
          Health::NewStub(cluster_->Channel(service))->Check(Context().get(), request, &response);
      ASSERT_TRUE(status.ok()) << service << ": " << status.error_message();
      EXPECT_EQ(response.status(), HealthCheckResponse::SERVING) << service;
    }
  }
}

TEST_F(PlatformE2ETest, PlainTextConnectionsAreRefused) {
  auto channel =
      grpc::CreateChannel(cluster_->endpoint("accounts"), grpc::InsecureChannelCredentials());
  HealthCheckResponse response;
  grpc::Status status = Health::NewStub(channel)->Check(Context().get(), {}, &response);
  EXPECT_FALSE(status.ok());
}

TEST_F(PlatformE2ETest, CallWithoutTokenIsUnauthenticated) {
  v1::WhoAmIResponse response;
  grpc::Status status = v1::AccountsService::NewStub(cluster_->Channel("accounts"))
                            ->WhoAmI(Context().get(), {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PlatformE2ETest, ForgedTokenIsUnauthenticated) {
  auto context = Context();
  testing::Authorize(*context, "cb1.AAAA.BBBB");
  v1::WhoAmIResponse response;
  grpc::Status status = v1::AccountsService::NewStub(cluster_->Channel("accounts"))
                            ->WhoAmI(context.get(), {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PlatformE2ETest, BootstrapAdministratorSignsInAndVerifiesTheChain) {
  const std::string admin = cluster_->Login("admin", cluster_->admin_password());
  auto stub = v1::AccountsService::NewStub(cluster_->Channel("accounts"));
  auto context = Context();
  testing::Authorize(*context, admin);
  v1::WhoAmIResponse me;
  ASSERT_TRUE(stub->WhoAmI(context.get(), {}, &me).ok());
  EXPECT_EQ(me.organisation().kind(), v1::ORGANISATION_KIND_PLATFORM_OPERATOR);
  auto verify = Context();
  testing::Authorize(*verify, admin);
  v1::AuditChainVerification verification;
  ASSERT_TRUE(stub->VerifyAuditChain(verify.get(), {}, &verification).ok());
  EXPECT_TRUE(verification.intact());
}

TEST_F(PlatformE2ETest, ServicesStopCleanlyOnSigterm) {
  ServiceCluster own;
  own.Start();
  for (const std::string& service : testing::kServices) {
    int status = own.Stop(service);
    EXPECT_TRUE(WIFEXITED(status)) << service;
    EXPECT_EQ(WEXITSTATUS(status), 0) << service;
  }
}

}  // namespace
}  // namespace casebridge
