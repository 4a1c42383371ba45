// Bulk import through the real intake binary: all-or-nothing batches, every rejected record with
// every reason, replay by request_id, no duplicates on re-run, validate-only.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "casebridge/v1/intake.grpc.pb.h"
#include "tests/harness/service_cluster.h"
#include "tests/harness/test_environment.h"

namespace casebridge {
namespace {

using testing::ServiceCluster;
constexpr char kPassword[] = "officer-password-1";

v1::ImportRecord Record(int n) {
  v1::ImportRecord record;
  record.set_record_ref("row-" + std::to_string(n));
  v1::CaseFile& c = *record.mutable_case_file();
  c.set_case_number("通市监立〔2019〕" + std::to_string(n) + "号");
  c.add_handling_officers("users/nt.officer");
  c.add_handling_officers("users/nt.officer2");
  c.set_procedure(v1::CaseFile::PROCEDURE_GENERAL);
  c.mutable_register_date()->set_year(2019);
  c.mutable_register_date()->set_month(6);
  c.mutable_register_date()->set_day(1 + n % 28);
  auto* party = c.add_parties();
  party->set_kind(v1::Party::KIND_ORGANISATION);
  party->set_capacity(v1::Party::CAPACITY_RESPONDENT);
  party->mutable_organisation()->set_registered_name("旧平台当事人" + std::to_string(n));
  party->mutable_organisation()->set_unified_social_credit_code("91350100M000100Y43");
  party->mutable_organisation()->set_legal_representative("周某");
  c.set_cause("销售假冒注册商标的商品");
  auto* facts = c.mutable_threshold_facts();
  facts->set_ip_right(v1::IP_RIGHT_TRADEMARK);
  facts->set_goods_or_services(v1::GOODS_OR_SERVICES_GOODS);
  facts->set_goods_category(v1::GOODS_CATEGORY_APPAREL_AND_ACCESSORIES);
  facts->set_mark_relation(v1::MARK_RELATION_IDENTICAL);
  facts->set_same_kind_of_goods(v1::FACT_STATUS_ESTABLISHED);
  facts->set_fake_or_inferior_product(v1::FACT_STATUS_REFUTED);
  facts->mutable_amounts()->set_sales_amount_fen(n % 2 ? 6'000'000 : 10'000);
  // Sold in 2019: 刑法 214 as it stood before 2021 (5万 of sales).
  facts->mutable_act_start_date()->set_year(2019);
  facts->mutable_act_start_date()->set_month(3);
  facts->mutable_act_start_date()->set_day(1);
  facts->mutable_act_end_date()->set_year(2019);
  facts->mutable_act_end_date()->set_month(5);
  facts->mutable_act_end_date()->set_day(31);
  return record;
}

class IntakeImportE2ETest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new ServiceCluster();
    cluster_->Start();
    cluster_->AddOrganisation("nt-amr", v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY, "320600");
    cluster_->AddOrganisation("nt-psb", v1::ORGANISATION_KIND_PUBLIC_SECURITY, "320600");
    cluster_->AddUser("nt.officer", "nt-amr", v1::ROLE_OFFICER, kPassword);
    cluster_->AddUser("nt.police", "nt-psb", v1::ROLE_POLICE_INVESTIGATOR, kPassword);
    officer_ = cluster_->Login("nt.officer", kPassword);
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  // Sends `batches` on one stream and returns the responses (and the stream's final status).
  static std::vector<v1::ImportCaseFilesResponse> Import(
      const std::vector<v1::ImportCaseFilesRequest>& batches, grpc::Status* final_status,
      const std::string& token = officer_) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    testing::Authorize(context, token);
    auto stream =
        v1::IntakeService::NewStub(cluster_->Channel("intake"))->ImportCaseFiles(&context);
    std::vector<v1::ImportCaseFilesResponse> responses;
    for (const auto& batch : batches) {
      if (!stream->Write(batch)) break;
      v1::ImportCaseFilesResponse response;
      if (!stream->Read(&response)) break;
      responses.push_back(response);
    }
    stream->WritesDone();
    *final_status = stream->Finish();
    return responses;
  }

  static int64_t Count(const std::string& sql) {
    pqxx::connection admin(testing::SuperuserUrl(cluster_->database_name()));
    return pqxx::nontransaction(admin).exec(sql)[0][0].as<int64_t>();
  }

  static ServiceCluster* cluster_;
  static std::string officer_;
};

ServiceCluster* IntakeImportE2ETest::cluster_ = nullptr;
std::string IntakeImportE2ETest::officer_;

TEST_F(IntakeImportE2ETest, BatchesCommitWholeAndRetriesReplay) {
  std::vector<v1::ImportCaseFilesRequest> batches(2);
  for (int b = 0; b < 2; ++b) {
    batches[b].set_request_id("batch-" + std::to_string(b));
    for (int i = 0; i < 500; ++i) *batches[b].add_records() = Record(b * 500 + i);
  }
  grpc::Status status;
  auto responses = Import(batches, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(responses.size(), 2u);
  for (const auto& r : responses) {
    EXPECT_EQ(r.outcome(), v1::ImportCaseFilesResponse::OUTCOME_COMMITTED);
    EXPECT_EQ(r.imported_size(), 500);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM intake.case_files WHERE imported"), 1000);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.case_events"), 1000);
  // Half of them sold 6万 of identical-mark goods: flagged as they arrive.
  EXPECT_EQ(Count("SELECT count(*) FROM intake.case_files WHERE imported AND flagged"), 500);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.audit_log WHERE action = 'intake.ImportCaseFiles'"),
            2);

  // The same batch again is a replay; the same records under a new id are all duplicates.
  auto replay = Import({batches[0]}, &status);
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_EQ(replay[0].outcome(), v1::ImportCaseFilesResponse::OUTCOME_REPLAYED);
  v1::ImportCaseFilesRequest rerun = batches[0];
  rerun.set_request_id("batch-0-again");
  auto again = Import({rerun}, &status);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].outcome(), v1::ImportCaseFilesResponse::OUTCOME_REJECTED);
  EXPECT_EQ(again[0].rejected_size(), 500);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.case_files WHERE imported"), 1000);
}

TEST_F(IntakeImportE2ETest, OneBadRecordRejectsTheBatchAndNamesEveryReason) {
  v1::ImportCaseFilesRequest batch;
  batch.set_request_id("bad-batch");
  for (int i = 2000; i < 2010; ++i) *batch.add_records() = Record(i);
  batch.mutable_records(3)->mutable_case_file()->clear_cause();
  batch.mutable_records(3)
      ->mutable_case_file()
      ->mutable_parties(0)
      ->mutable_organisation()
      ->set_unified_social_credit_code("91350100M000100Y44");
  batch.mutable_records(7)->mutable_case_file()->set_case_number(
      batch.records(8).case_file().case_number());
  grpc::Status status;
  auto responses = Import({batch}, &status);
  ASSERT_EQ(responses.size(), 1u);
  const auto& r = responses[0];
  EXPECT_EQ(r.outcome(), v1::ImportCaseFilesResponse::OUTCOME_REJECTED);
  ASSERT_EQ(r.rejected_size(), 2);
  EXPECT_EQ(r.rejected(0).record_ref(), "row-2003");
  std::vector<std::string> fields;
  for (const auto& v : r.rejected(0).violations()) fields.push_back(v.field());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "case_file.cause"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(),
                      "case_file.parties[0].organisation.unified_social_credit_code"),
            fields.end());
  EXPECT_EQ(r.rejected(1).index(), 8);  // the second use of a number within the batch
  EXPECT_EQ(
      Count("SELECT count(*) FROM intake.case_files WHERE case_number LIKE '%〔2019〕200_号'"), 0);

  batch.set_request_id("bad-batch-checked");
  batch.set_validate_only(true);
  *batch.mutable_records(3) = Record(2003);
  *batch.mutable_records(7) = Record(2007);
  responses = Import({batch}, &status);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].outcome(), v1::ImportCaseFilesResponse::OUTCOME_VALID);
  EXPECT_EQ(
      Count("SELECT count(*) FROM intake.case_files WHERE case_number LIKE '%〔2019〕200_号'"), 0);
}

TEST_F(IntakeImportE2ETest, PoliceCannotImport) {
  v1::ImportCaseFilesRequest batch;
  batch.set_request_id("police-batch");
  *batch.add_records() = Record(3000);
  grpc::Status status;
  auto responses = Import({batch}, &status, cluster_->Login("nt.police", kPassword));
  EXPECT_TRUE(responses.empty());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      Count("SELECT count(*) FROM intake.audit_log WHERE action = 'denied:intake.ImportCaseFiles'"),
      1);
}

}  // namespace
}  // namespace casebridge
