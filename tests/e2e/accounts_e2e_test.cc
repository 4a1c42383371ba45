// The accounts service through the real binaries over TLS: organisations, users, login lockout,
// validation, idempotent retries, etags and audited denials.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "casebridge/v1/accounts.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/harness/service_cluster.h"
#include "tests/harness/test_environment.h"

namespace casebridge {
namespace {

using testing::ServiceCluster;

constexpr char kPassword[] = "officer-password-1";

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  google::rpc::Status rich;
  std::vector<std::string> fields;
  if (!rich.ParseFromString(status.error_details())) return fields;
  for (const auto& detail : rich.details()) {
    google::rpc::BadRequest bad;
    if (detail.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) fields.push_back(v.field());
    }
  }
  return fields;
}

std::string Reason(const grpc::Status& status) {
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) return "";
  for (const auto& detail : rich.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info)) return info.reason();
  }
  return "";
}

class AccountsE2ETest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new ServiceCluster();
    cluster_->Start();
    admin_token_ = cluster_->Login("admin", cluster_->admin_password());
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  std::unique_ptr<v1::AccountsService::Stub> Stub() {
    return v1::AccountsService::NewStub(cluster_->Channel("accounts"));
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    if (!token.empty()) testing::Authorize(*context, token);
    return context;
  }

  grpc::Status CreateOrganisation(const std::string& id, v1::OrganisationKind kind,
                                  const std::string& region, v1::Organisation* out = nullptr,
                                  const std::string& request_id = "") {
    v1::CreateOrganisationRequest request;
    request.set_request_id(request_id.empty() ? "org-" + id : request_id);
    request.set_organisation_id(id);
    request.mutable_organisation()->set_display_name("单位 " + id);
    request.mutable_organisation()->set_kind(kind);
    request.mutable_organisation()->set_region_code(region);
    if (kind == v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY) {
      request.mutable_organisation()->set_enforcement_domain(
          v1::ENFORCEMENT_DOMAIN_MARKET_REGULATION);
    }
    v1::Organisation response;
    grpc::Status status = Stub()->CreateOrganisation(As(admin_token_).get(), request, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  grpc::Status CreateUser(const std::string& id, const std::string& org, v1::Role role,
                          v1::User* out = nullptr) {
    v1::CreateUserRequest request;
    request.set_request_id("user-" + id);
    request.set_user_id(id);
    request.mutable_user()->set_display_name("用户 " + id);
    request.mutable_user()->set_organisation("organisations/" + org);
    request.mutable_user()->add_roles(role);
    request.set_initial_password(kPassword);
    v1::User response;
    grpc::Status status = Stub()->CreateUser(As(admin_token_).get(), request, &response);
    if (out != nullptr) *out = response;
    return status;
  }

  int64_t CountAudit(const std::string& where) {
    pqxx::connection admin(testing::SuperuserUrl(cluster_->database_name()));
    return pqxx::nontransaction(admin)
        .exec("SELECT count(*) FROM accounts.audit_log WHERE " + where)[0][0]
        .as<int64_t>();
  }

  static ServiceCluster* cluster_;
  static std::string admin_token_;
};

ServiceCluster* AccountsE2ETest::cluster_ = nullptr;
std::string AccountsE2ETest::admin_token_;

TEST_F(AccountsE2ETest, AdministratorCreatesOrganisationAndUserWhoSignsIn) {
  ASSERT_TRUE(
      CreateOrganisation("nt-amr", v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY, "320600").ok());
  v1::User user;
  ASSERT_TRUE(CreateUser("zhang.wei", "nt-amr", v1::ROLE_OFFICER, &user).ok());
  EXPECT_EQ(user.name(), "users/zhang.wei");
  EXPECT_EQ(user.state(), v1::User::STATE_ACTIVE);

  const std::string token = cluster_->Login("zhang.wei", kPassword);
  v1::WhoAmIResponse me;
  ASSERT_TRUE(Stub()->WhoAmI(As(token).get(), {}, &me).ok());
  EXPECT_EQ(me.user().name(), "users/zhang.wei");
  EXPECT_EQ(me.organisation().region_code(), "320600");
  EXPECT_EQ(me.organisation().kind(), v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY);
}

TEST_F(AccountsE2ETest, InvalidOrganisationListsEveryWrongFieldAndWritesNothing) {
  const int64_t audit_before = CountAudit("true");
  v1::CreateOrganisationRequest request;
  request.set_request_id("bad-org");
  request.set_organisation_id("Bad Id");
  request.mutable_organisation()->set_region_code("999999");
  request.mutable_organisation()->set_enforcement_domain(v1::ENFORCEMENT_DOMAIN_CUSTOMS);
  v1::Organisation response;
  grpc::Status status = Stub()->CreateOrganisation(As(admin_token_).get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(
      ViolatedFields(status),
      (std::vector<std::string>{"organisation_id", "organisation.display_name", "organisation.kind",
                                "organisation.region_code", "organisation.enforcement_domain"}));
  EXPECT_EQ(CountAudit("true"), audit_before);
}

TEST_F(AccountsE2ETest, RetryWithSameRequestIdChangesNothing) {
  v1::Organisation first, second;
  ASSERT_TRUE(CreateOrganisation("sz-police", v1::ORGANISATION_KIND_PUBLIC_SECURITY, "320500",
                                 &first, "retry-1")
                  .ok());
  ASSERT_TRUE(CreateOrganisation("sz-police", v1::ORGANISATION_KIND_PUBLIC_SECURITY, "320500",
                                 &second, "retry-1")
                  .ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(
      CountAudit("action = 'accounts.CreateOrganisation' AND target = 'organisations/sz-police'"),
      1);
  // The same id again under a new request id is a genuine duplicate.
  EXPECT_EQ(CreateOrganisation("sz-police", v1::ORGANISATION_KIND_PUBLIC_SECURITY, "320500",
                               nullptr, "retry-2")
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(AccountsE2ETest, RoleMustSuitOrganisationKind) {
  ASSERT_TRUE(
      CreateOrganisation("nt-police", v1::ORGANISATION_KIND_PUBLIC_SECURITY, "320600").ok());
  grpc::Status status = CreateUser("li.na", "nt-police", v1::ROLE_OFFICER);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status), std::vector<std::string>{"user.roles[0]"});
}

TEST_F(AccountsE2ETest, EveryWrongUserFieldIsListedAtOnce) {
  ASSERT_TRUE(CreateOrganisation("sz-psb", v1::ORGANISATION_KIND_PUBLIC_SECURITY, "320500").ok());
  v1::CreateUserRequest request;
  request.set_request_id("bad-user");
  request.set_user_id("X");
  request.mutable_user()->set_organisation("organisations/sz-psb");
  request.mutable_user()->add_roles(v1::ROLE_OFFICER);
  request.set_initial_password("short");
  v1::User response;
  grpc::Status status = Stub()->CreateUser(As(admin_token_).get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::vector<std::string>{"user_id", "user.display_name", "user.roles[0]",
                                      "initial_password"}));
  EXPECT_EQ(CountAudit("action = 'accounts.CreateUser'"), 0);
}

TEST_F(AccountsE2ETest, FiveWrongPasswordsLockTheAccount) {
  ASSERT_TRUE(CreateOrganisation("nt-jcy", v1::ORGANISATION_KIND_PROCURATORATE, "320600").ok());
  ASSERT_TRUE(CreateUser("wang.fang", "nt-jcy", v1::ROLE_PROCURATOR).ok());
  auto attempt = [&](const std::string& password) {
    v1::LoginRequest request;
    request.set_user_id("wang.fang");
    request.set_password(password);
    v1::LoginResponse response;
    return Stub()->Login(As("").get(), request, &response);
  };
  for (int i = 0; i < 4; ++i) {
    grpc::Status status = attempt("wrong-password-" + std::to_string(i));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(Reason(status), "BAD_CREDENTIALS");
  }
  // Four failures do not lock: the right password still works and resets the count.
  EXPECT_TRUE(attempt(kPassword).ok());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Reason(attempt("wrong-again")), "BAD_CREDENTIALS");
  grpc::Status locked = attempt(kPassword);
  EXPECT_EQ(locked.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Reason(locked), "ACCOUNT_LOCKED");
  EXPECT_EQ(CountAudit("action = 'accounts.LoginLocked' AND target = 'users/wang.fang'"), 1);

  // An administrator's password reset lifts the lock.
  v1::SetUserPasswordRequest reset;
  reset.set_request_id("reset-wang");
  reset.set_name("users/wang.fang");
  reset.set_new_password("a-brand-new-password");
  v1::User user;
  ASSERT_TRUE(Stub()->SetUserPassword(As(admin_token_).get(), reset, &user).ok());
  EXPECT_FALSE(user.has_locked_until());
  EXPECT_TRUE(attempt("a-brand-new-password").ok());
}

TEST_F(AccountsE2ETest, StaleEtagIsAborted) {
  ASSERT_TRUE(
      CreateOrganisation("nt-dbb", v1::ORGANISATION_KIND_COORDINATION_OFFICE, "320600").ok());
  v1::User user;
  ASSERT_TRUE(CreateUser("zhao.lei", "nt-dbb", v1::ROLE_COORDINATOR, &user).ok());
  v1::UpdateUserRequest first;
  first.set_request_id("rename-1");
  *first.mutable_user() = user;
  first.mutable_user()->set_display_name("赵磊");
  first.mutable_update_mask()->add_paths("display_name");
  v1::User updated;
  ASSERT_TRUE(Stub()->UpdateUser(As(admin_token_).get(), first, &updated).ok());
  EXPECT_NE(updated.etag(), user.etag());

  v1::UpdateUserRequest stale = first;
  stale.set_request_id("rename-2");
  stale.mutable_user()->set_display_name("赵雷");
  grpc::Status status = Stub()->UpdateUser(As(admin_token_).get(), stale, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Reason(status), "STALE_ETAG");
}

TEST_F(AccountsE2ETest, WrongRoleIsDeniedAndAudited) {
  ASSERT_TRUE(
      CreateOrganisation("nt-amr2", v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY, "320600").ok());
  ASSERT_TRUE(CreateUser("chen.jie", "nt-amr2", v1::ROLE_OFFICER).ok());
  const std::string officer = cluster_->Login("chen.jie", kPassword);
  v1::CreateOrganisationRequest request;
  request.set_request_id("officer-tries");
  request.set_organisation_id("rogue");
  v1::Organisation response;
  grpc::Status status = Stub()->CreateOrganisation(As(officer).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CountAudit("action = 'denied:accounts.CreateOrganisation' AND actor_user = "
                       "'users/chen.jie' AND target = 'organisations/rogue'"),
            1);
  // The refusal is part of the verified chain.
  v1::AuditChainVerification verification;
  ASSERT_TRUE(Stub()->VerifyAuditChain(As(admin_token_).get(), {}, &verification).ok());
  EXPECT_TRUE(verification.intact()) << verification.problem();
}

TEST_F(AccountsE2ETest, UsersSeeOnlyThemselves) {
  ASSERT_TRUE(
      CreateOrganisation("nt-amr3", v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY, "320600").ok());
  ASSERT_TRUE(CreateUser("sun.li", "nt-amr3", v1::ROLE_OFFICER).ok());
  const std::string token = cluster_->Login("sun.li", kPassword);
  v1::GetUserRequest own, other;
  own.set_name("users/sun.li");
  other.set_name("users/admin");
  v1::User user;
  EXPECT_TRUE(Stub()->GetUser(As(token).get(), own, &user).ok());
  EXPECT_EQ(Stub()->GetUser(As(token).get(), other, &user).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccountsE2ETest, OrganisationsAreListedByKindAndRegionAcrossPages) {
  for (const char* id : {"wx-police-a", "wx-police-b", "wx-police-c"}) {
    ASSERT_TRUE(CreateOrganisation(id, v1::ORGANISATION_KIND_PUBLIC_SECURITY, "320200").ok());
  }
  v1::ListOrganisationsRequest request;
  request.set_filter("kind=PUBLIC_SECURITY AND region=3202");
  request.set_page_size(2);
  std::vector<std::string> names;
  do {
    v1::ListOrganisationsResponse page;
    ASSERT_TRUE(Stub()->ListOrganisations(As(admin_token_).get(), request, &page).ok());
    for (const auto& o : page.organisations()) names.push_back(o.name());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(names,
            (std::vector<std::string>{"organisations/wx-police-a", "organisations/wx-police-b",
                                      "organisations/wx-police-c"}));
}

}  // namespace
}  // namespace casebridge
