// Who sees a referral: the referring agency, the police organisations it was sent or forwarded to
// (with the case snapshot), procurators whose region covers it; nobody else, and every refused read
// is audited. List filters narrow that scope.
#include <algorithm>

#include "tests/e2e/referral_fixture.h"

namespace casebridge::testing {
namespace {

class ReferralVisibilityE2ETest : public ReferralFixture {
 protected:
  static void SetUpTestSuite() {
    ReferralFixture::SetUpTestSuite();
    cluster_->AddOrganisation("sz-psb", v1::ORGANISATION_KIND_PUBLIC_SECURITY, "320500");
    cluster_->AddOrganisation("sz-procuratorate", v1::ORGANISATION_KIND_PROCURATORATE, "320500");
    cluster_->AddOrganisation("nt-coordination", v1::ORGANISATION_KIND_COORDINATION_OFFICE,
                              "320600");
    const std::vector<std::tuple<std::string, std::string, v1::Role>> users = {
        {"sz.receiver", "sz-psb", v1::ROLE_POLICE_RECEIVER},
        {"sz.procurator", "sz-procuratorate", v1::ROLE_PROCURATOR},
        {"nt.coordinator", "nt-coordination", v1::ROLE_COORDINATOR}};
    for (const auto& [id, org, role] : users) {
      cluster_->AddUser(id, org, role, kPassword);
      tokens_[id] = cluster_->Login(id, kPassword);
    }
    tokens_["admin"] = cluster_->Login("admin", cluster_->admin_password());
  }

  static grpc::Status GetAs(const std::string& user, const v1::Referral& r, v1::Referral* out) {
    v1::GetReferralRequest request;
    request.set_name(r.name());
    request.set_view(v1::REFERRAL_VIEW_FULL);
    return referrals_->GetReferral(As(user).get(), request, out);
  }
  // Whether `user` may read `r`, checked both ways: GetReferral succeeds (with the snapshotted
  // case) and ListReferrals lists it, or GetReferral is refused (audited) and the list leaves it
  // out.
  static bool Sees(const std::string& user, const v1::Referral& r) {
    v1::Referral read;
    const int64_t denials = Denials(r, "GetReferral");
    const grpc::Status got = GetAs(user, r, &read);
    if (got.ok()) {
      EXPECT_EQ(read.case_snapshot().case_file().name(), r.case_file()) << user;
      EXPECT_FALSE(read.case_snapshot().sha256_hex().empty()) << user;
    } else {
      EXPECT_EQ(got.error_code(), grpc::StatusCode::PERMISSION_DENIED) << user;
      EXPECT_EQ(Denials(r, "GetReferral"), denials + 1) << user << ": the refusal is not audited";
    }
    const std::vector<std::string> listed = Listed(user);
    const bool in_list = std::find(listed.begin(), listed.end(), r.name()) != listed.end();
    EXPECT_EQ(in_list, got.ok()) << user << " lists what it may not read, or the reverse";
    return got.ok();
  }
  // Every referral `user` lists with `filter`, page by page.
  static std::vector<std::string> Listed(const std::string& user, const std::string& filter = "") {
    std::vector<std::string> names;
    v1::ListReferralsRequest request;
    request.set_page_size(2);
    request.set_filter(filter);
    do {
      v1::ListReferralsResponse page;
      grpc::Status s = referrals_->ListReferrals(As(user).get(), request, &page);
      EXPECT_TRUE(s.ok()) << user << ": " << s.error_message();
      if (!s.ok()) break;
      for (const v1::Referral& r : page.referrals()) names.push_back(r.name());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return names;
  }
};

TEST_F(ReferralVisibilityE2ETest, ADraftIsTheAgencysAndItsProcuratorsOnly) {
  const v1::Referral draft = Draft("RV-D1");
  EXPECT_TRUE(Sees("nt.officer", draft));
  EXPECT_TRUE(Sees("nt.head", draft));
  EXPECT_TRUE(Sees("nt.procurator", draft));
  EXPECT_FALSE(Sees("sz.officer", draft));
  EXPECT_FALSE(Sees("nt.receiver", draft)) << "nothing was sent to the police yet";
  EXPECT_FALSE(Sees("sz.procurator", draft)) << "Suzhou's procuratorate does not cover Nantong";
}

TEST_F(ReferralVisibilityE2ETest, PoliceSeeWhatWasSentOrForwardedToThem) {
  const v1::Referral received = ReceivedByPolice("RV-P1");
  auto forward = On<v1::ForwardReferralRequest>(received, "forward-RV-P1");
  forward.set_to_police("organisations/cc-psb");
  forward.set_reasons("犯罪地在崇川区，由崇川分局管辖");
  const v1::Referral forwarded = Do(&ReferralStub::ForwardReferral, "nt.receiver", forward);
  ASSERT_EQ(forwarded.state(), v1::Referral::STATE_FORWARDED);

  EXPECT_TRUE(Sees("nt.officer", forwarded));
  EXPECT_TRUE(Sees("nt.receiver", forwarded)) << "the first police keep what was sent to them";
  EXPECT_TRUE(Sees("nt.investigator", forwarded));
  EXPECT_TRUE(Sees("cc.receiver", forwarded)) << "the competent police see the forwarded referral";
  EXPECT_TRUE(Sees("nt.procurator", forwarded));
  EXPECT_FALSE(Sees("sz.receiver", forwarded)) << "never sent to Suzhou's police";
  EXPECT_FALSE(Sees("sz.officer", forwarded));
  EXPECT_FALSE(Sees("sz.procurator", forwarded));
}

TEST_F(ReferralVisibilityE2ETest, FiltersNarrowTheScopeAndNeverWidenIt) {
  const v1::Referral draft = Draft("RV-F1");
  const v1::Referral received = ReceivedByPolice("RV-F2");
  auto forward = On<v1::ForwardReferralRequest>(received, "forward-RV-F2");
  forward.set_to_police("organisations/cc-psb");
  forward.set_reasons("犯罪地在崇川区，由崇川分局管辖");
  const v1::Referral forwarded = Do(&ReferralStub::ForwardReferral, "nt.receiver", forward);
  const auto has = [](const std::vector<std::string>& names, const v1::Referral& r) {
    return std::find(names.begin(), names.end(), r.name()) != names.end();
  };

  std::vector<std::string> names = Listed("nt.officer", "police=organisations/cc-psb");
  EXPECT_TRUE(has(names, forwarded));
  EXPECT_FALSE(has(names, draft));
  names = Listed("nt.procurator", "state=DRAFT AND agency=organisations/nt-amr AND region=3206");
  EXPECT_TRUE(has(names, draft));
  EXPECT_FALSE(has(names, forwarded));
  EXPECT_TRUE(has(Listed("nt.officer", "case_file=" + draft.case_file()), draft));
  EXPECT_TRUE(has(Listed("nt.officer", "create_time>=2026-01-01T00:00:00Z"), draft));
  EXPECT_TRUE(Listed("nt.officer", "create_time<=2026-01-01T00:00:00Z").empty());
  EXPECT_FALSE(has(Listed("nt.officer", "overdue=true"), draft)) << "no clock ran out";
  // Naming another agency or region narrows an agency's own scope to nothing.
  EXPECT_TRUE(Listed("nt.officer", "agency=organisations/sz-amr").empty());
  EXPECT_TRUE(Listed("sz.officer", "agency=organisations/nt-amr").empty());
  EXPECT_TRUE(Listed("sz.procurator", "region=3206").empty());

  v1::ListReferralsRequest bad;
  bad.set_filter("state=LOST AND police=nt-psb AND create_time=2026-01-01 AND owner=me");
  bad.set_order_by("update_time");
  v1::ListReferralsResponse page;
  const grpc::Status s = referrals_->ListReferrals(As("nt.officer").get(), bad, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), (std::set<std::string>{"filter", "order_by"}));
  for (const char* named : {"state", "police", "create_time", "owner"}) {
    EXPECT_NE(s.error_message().find(std::string(named) + ":"), std::string::npos)
        << named << " is not named in: " << s.error_message();
  }
}

TEST_F(ReferralVisibilityE2ETest, CoordinationOfficesAndAdministratorsReadNoReferral) {
  const v1::Referral draft = Draft("RV-C1");
  for (const char* user : {"nt.coordinator", "admin"}) {
    v1::Referral read;
    const int64_t denials = Denials(draft, "GetReferral");
    EXPECT_EQ(GetAs(user, draft, &read).error_code(), grpc::StatusCode::PERMISSION_DENIED) << user;
    EXPECT_EQ(Denials(draft, "GetReferral"), denials + 1) << user;
    v1::ListReferralsResponse page;
    EXPECT_EQ(
        referrals_->ListReferrals(As(user).get(), v1::ListReferralsRequest(), &page).error_code(),
        grpc::StatusCode::PERMISSION_DENIED)
        << user;
  }
}

}  // namespace
}  // namespace casebridge::testing
