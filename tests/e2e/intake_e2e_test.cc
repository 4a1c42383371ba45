// The intake service through the real binaries: filing with threshold assessment, idempotent
// retries, etags, validation, the permission matrix, and the case feed.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "casebridge/v1/intake.grpc.pb.h"
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

// A trademark case: identical mark on the same goods, 非法经营数额 60,000 元 (刑法 213: 5万 meets).
v1::CaseFile TrademarkCase(const std::string& number, int64_t business_fen = 6'000'000) {
  v1::CaseFile c;
  c.set_case_number(number);
  c.add_handling_officers("users/nt.officer");
  c.add_handling_officers("users/nt.officer2");
  c.set_procedure(v1::CaseFile::PROCEDURE_GENERAL);
  c.mutable_register_date()->set_year(2026);
  c.mutable_register_date()->set_month(3);
  c.mutable_register_date()->set_day(2);
  auto* party = c.add_parties();
  party->set_kind(v1::Party::KIND_ORGANISATION);
  party->set_capacity(v1::Party::CAPACITY_RESPONDENT);
  party->mutable_organisation()->set_registered_name("南通某某鞋业有限公司");
  party->mutable_organisation()->set_unified_social_credit_code("91350100M000100Y43");
  party->mutable_organisation()->set_legal_representative("王某");
  c.set_cause("销售侵犯注册商标专用权的商品");
  c.set_goods_description("假冒注册商标的运动鞋");
  c.set_facts("当事人销售假冒注册商标的运动鞋 1200 双。");
  auto* facts = c.mutable_threshold_facts();
  facts->set_ip_right(v1::IP_RIGHT_TRADEMARK);
  facts->set_goods_or_services(v1::GOODS_OR_SERVICES_GOODS);
  facts->set_mark_relation(v1::MARK_RELATION_IDENTICAL);
  facts->set_same_kind_of_goods(v1::FACT_STATUS_ESTABLISHED);
  facts->set_mark_count(1);
  facts->mutable_amounts()->set_illegal_business_amount_fen(business_fen);
  facts->mutable_act_start_date()->set_year(2026);
  facts->mutable_act_start_date()->set_month(1);
  facts->mutable_act_start_date()->set_day(5);
  facts->mutable_act_end_date()->set_year(2026);
  facts->mutable_act_end_date()->set_month(2);
  facts->mutable_act_end_date()->set_day(20);
  return c;
}

class IntakeE2ETest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new ServiceCluster();
    cluster_->Start();
    using v1::OrganisationKind;
    cluster_->AddOrganisation("nt-amr", v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY, "320600");
    cluster_->AddOrganisation("sz-amr", v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY, "320500");
    cluster_->AddOrganisation("nt-psb", v1::ORGANISATION_KIND_PUBLIC_SECURITY, "320600");
    cluster_->AddOrganisation("nt-jcy", v1::ORGANISATION_KIND_PROCURATORATE, "320600");
    cluster_->AddOrganisation("sz-jcy", v1::ORGANISATION_KIND_PROCURATORATE, "320500");
    cluster_->AddOrganisation("js-jcy", v1::ORGANISATION_KIND_PROCURATORATE, "320000");
    cluster_->AddOrganisation("nt-dbb", v1::ORGANISATION_KIND_COORDINATION_OFFICE, "320600");
    const std::vector<std::tuple<std::string, std::string, v1::Role>> users = {
        {"nt.officer", "nt-amr", v1::ROLE_OFFICER},
        {"nt.officer2", "nt-amr", v1::ROLE_OFFICER},
        {"nt.head", "nt-amr", v1::ROLE_AGENCY_HEAD},
        {"sz.officer", "sz-amr", v1::ROLE_OFFICER},
        {"nt.police", "nt-psb", v1::ROLE_POLICE_INVESTIGATOR},
        {"nt.procurator", "nt-jcy", v1::ROLE_PROCURATOR},
        {"sz.procurator", "sz-jcy", v1::ROLE_PROCURATOR},
        {"js.procurator", "js-jcy", v1::ROLE_PROCURATOR},
        {"nt.coordinator", "nt-dbb", v1::ROLE_COORDINATOR}};
    for (const auto& [id, org, role] : users) {
      cluster_->AddUser(id, org, role, kPassword);
      tokens_[id] = cluster_->Login(id, kPassword);
    }
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  static std::unique_ptr<v1::IntakeService::Stub> Stub() {
    return v1::IntakeService::NewStub(cluster_->Channel("intake"));
  }
  static std::unique_ptr<grpc::ClientContext> As(const std::string& user) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    testing::Authorize(*context, tokens_.at(user));
    return context;
  }
  static grpc::Status Create(const std::string& user, const v1::CaseFile& c,
                             const std::string& request_id, v1::CaseFile* out) {
    v1::CreateCaseFileRequest request;
    request.set_request_id(request_id);
    *request.mutable_case_file() = c;
    return Stub()->CreateCaseFile(As(user).get(), request, out);
  }
  static int64_t Count(const std::string& sql) {
    pqxx::connection admin(testing::SuperuserUrl(cluster_->database_name()));
    return pqxx::nontransaction(admin).exec(sql)[0][0].as<int64_t>();
  }

  static ServiceCluster* cluster_;
  static std::map<std::string, std::string> tokens_;
};

ServiceCluster* IntakeE2ETest::cluster_ = nullptr;
std::map<std::string, std::string> IntakeE2ETest::tokens_;

TEST_F(IntakeE2ETest, FilingAssessesTheThresholdAndIsReadBack) {
  v1::CaseFile created;
  ASSERT_TRUE(Create("nt.officer", TrademarkCase("通市监立〔2026〕1号"), "file-1", &created).ok());
  EXPECT_EQ(created.agency(), "organisations/nt-amr");
  EXPECT_EQ(created.region_code(), "320600");
  EXPECT_EQ(created.state(), v1::CaseFile::STATE_REGISTERED);
  EXPECT_TRUE(created.flagged());
  EXPECT_EQ(created.assessment().overall_outcome(), v1::ASSESSMENT_OUTCOME_MET);
  bool saw_213 = false;
  for (const auto& o : created.assessment().offences()) {
    if (o.offence() == v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK) {
      saw_213 = true;
      EXPECT_EQ(o.outcome(), v1::ASSESSMENT_OUTCOME_MET);
      EXPECT_FALSE(o.explanation().empty());
    }
  }
  EXPECT_TRUE(saw_213);

  v1::GetCaseFileRequest get;
  get.set_name(created.name());
  v1::CaseFile read;
  ASSERT_TRUE(Stub()->GetCaseFile(As("nt.officer2").get(), get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), created.SerializeAsString());
}

TEST_F(IntakeE2ETest, RetryWithSameRequestIdMakesOneCaseOneEventOneAuditRecord) {
  v1::CaseFile first, second;
  ASSERT_TRUE(Create("nt.officer", TrademarkCase("通市监立〔2026〕2号"), "file-2", &first).ok());
  ASSERT_TRUE(Create("nt.officer", TrademarkCase("通市监立〔2026〕2号"), "file-2", &second).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  const std::string id = first.name().substr(std::string("caseFiles/").size());
  EXPECT_EQ(Count("SELECT count(*) FROM intake.case_files WHERE id = '" + id + "'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.case_events WHERE case_file_id = '" + id + "'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.audit_log WHERE target = '" + first.name() + "'"),
            1);
  // The same case number under a new request id is a genuine duplicate.
  v1::CaseFile third;
  grpc::Status dup = Create("nt.officer", TrademarkCase("通市监立〔2026〕2号"), "file-2b", &third);
  EXPECT_EQ(dup.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(dup), std::vector<std::string>{"case_file.case_number"});
}

TEST_F(IntakeE2ETest, BadInputNamesEveryWrongFieldAndWritesNothing) {
  const int64_t cases = Count("SELECT count(*) FROM intake.case_files");
  const int64_t audit = Count("SELECT count(*) FROM intake.audit_log");
  v1::CaseFile bad = TrademarkCase("");
  bad.clear_handling_officers();
  bad.add_handling_officers("users/nt.officer");
  bad.mutable_parties(0)->mutable_organisation()->set_unified_social_credit_code(
      "91350100M000100Y44");
  bad.clear_cause();
  v1::CaseFile out;
  grpc::Status status = Create("nt.officer", bad, "bad-1", &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields = ViolatedFields(status);
  std::set<std::string> field_set(fields.begin(), fields.end());
  EXPECT_TRUE(field_set.contains("case_file.case_number")) << status.error_message();
  EXPECT_TRUE(field_set.contains("case_file.handling_officers")) << status.error_message();
  EXPECT_TRUE(field_set.contains("case_file.cause")) << status.error_message();
  EXPECT_TRUE(field_set.contains("case_file.parties[0].organisation.unified_social_credit_code"))
      << status.error_message();
  EXPECT_EQ(Count("SELECT count(*) FROM intake.case_files"), cases);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.audit_log"), audit);
}

TEST_F(IntakeE2ETest, UpdateReassessesAndStaleEtagIsAborted) {
  v1::CaseFile created;
  ASSERT_TRUE(Create("nt.officer", TrademarkCase("通市监立〔2026〕3号"), "file-3", &created).ok());
  v1::UpdateCaseFileRequest update;
  update.set_request_id("update-3");
  *update.mutable_case_file() = created;
  // 41,000 元 is 82 % of 5万: near, not met.
  update.mutable_case_file()
      ->mutable_threshold_facts()
      ->mutable_amounts()
      ->set_illegal_business_amount_fen(4'100'000);
  update.mutable_update_mask()->add_paths("threshold_facts.amounts.illegal_business_amount_fen");
  v1::CaseFile updated;
  grpc::Status status = Stub()->UpdateCaseFile(As("nt.officer").get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.assessment().overall_outcome(), v1::ASSESSMENT_OUTCOME_NEAR);
  EXPECT_TRUE(updated.flagged());
  EXPECT_EQ(updated.state(), v1::CaseFile::STATE_UNDER_INVESTIGATION);
  EXPECT_NE(updated.etag(), created.etag());

  update.set_request_id("update-3-stale");
  grpc::Status stale = Stub()->UpdateCaseFile(As("nt.officer").get(), update, &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
}

TEST_F(IntakeE2ETest, PermissionMatrix) {
  v1::CaseFile created;
  ASSERT_TRUE(Create("nt.officer", TrademarkCase("通市监立〔2026〕4号"), "file-4", &created).ok());
  v1::GetCaseFileRequest get;
  get.set_name(created.name());
  const std::map<std::string, grpc::StatusCode> expected = {
      {"nt.officer2", grpc::StatusCode::OK},                   // own agency
      {"nt.head", grpc::StatusCode::OK},                       // own agency's head
      {"sz.officer", grpc::StatusCode::PERMISSION_DENIED},     // another agency
      {"nt.police", grpc::StatusCode::PERMISSION_DENIED},      // police see nothing in intake
      {"nt.procurator", grpc::StatusCode::OK},                 // procuratorate of the region
      {"js.procurator", grpc::StatusCode::OK},                 // the province covers the city
      {"sz.procurator", grpc::StatusCode::PERMISSION_DENIED},  // outside the region
      {"nt.coordinator", grpc::StatusCode::OK},                // coordination office of the region
  };
  for (const auto& [user, code] : expected) {
    v1::CaseFile read;
    EXPECT_EQ(Stub()->GetCaseFile(As(user).get(), get, &read).error_code(), code) << user;
  }
  EXPECT_GE(Count("SELECT count(*) FROM intake.audit_log WHERE action = 'denied:intake.GetCaseFile'"
                  " AND target = '" +
                  created.name() + "'"),
            3);
  // Only the agency's officers change the case.
  v1::UpdateCaseFileRequest update;
  update.set_request_id("procurator-edit");
  *update.mutable_case_file() = created;
  update.mutable_case_file()->set_cause("x");
  update.mutable_update_mask()->add_paths("cause");
  v1::CaseFile out;
  EXPECT_EQ(Stub()->UpdateCaseFile(As("nt.procurator").get(), update, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Police cannot list, other agencies list only their own.
  v1::ListCaseFilesRequest list;
  v1::ListCaseFilesResponse listed;
  EXPECT_EQ(Stub()->ListCaseFiles(As("nt.police").get(), list, &listed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Stub()->ListCaseFiles(As("sz.officer").get(), list, &listed).ok());
  for (const auto& c : listed.case_files()) EXPECT_EQ(c.agency(), "organisations/sz-amr");
}

TEST_F(IntakeE2ETest, ListFiltersAndPages) {
  for (int i = 0; i < 5; ++i) {
    v1::CaseFile out;
    ASSERT_TRUE(Create("nt.officer",
                       TrademarkCase("通市监立〔2026〕1" + std::to_string(i) + "0号",
                                     i % 2 == 0 ? 6'000'000 : 100'000),
                       "list-" + std::to_string(i), &out)
                    .ok());
  }
  v1::ListCaseFilesRequest request;
  request.set_filter("flagged=true AND party=\"鞋业\"");
  request.set_page_size(2);
  std::set<std::string> names;
  do {
    v1::ListCaseFilesResponse page;
    grpc::Status status = Stub()->ListCaseFiles(As("nt.procurator").get(), request, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const auto& c : page.case_files()) {
      EXPECT_TRUE(c.flagged());
      EXPECT_TRUE(names.insert(c.name()).second) << "listed twice: " << c.name();
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_GE(names.size(), 3u);
  request.set_filter("nonsense");
  v1::ListCaseFilesResponse page;
  EXPECT_EQ(Stub()->ListCaseFiles(As("nt.procurator").get(), request, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace casebridge
