// A running cluster with two agencies and their officers, and the helpers the intake sub-resource
// end-to-end tests share: filing a case, reading it, counting what was written, waiting for events.
#pragma once

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <map>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

#include "casebridge/v1/intake.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/harness/service_cluster.h"
#include "tests/harness/test_environment.h"

namespace casebridge::testing {

// The fields a google.rpc.BadRequest names, as a set.
inline std::set<std::string> ViolatedFields(const grpc::Status& status) {
  google::rpc::Status rich;
  std::set<std::string> fields;
  if (!rich.ParseFromString(status.error_details())) return fields;
  for (const auto& detail : rich.details()) {
    google::rpc::BadRequest bad;
    if (detail.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) fields.insert(v.field());
    }
  }
  return fields;
}

inline v1::Date MakeDate(int year, int month, int day) {
  v1::Date d;
  d.set_year(year);
  d.set_month(month);
  d.set_day(day);
  return d;
}

// What one case has written: its version, its events and its audit records (refusals excluded).
struct Written {
  int64_t version = 0;
  int64_t events = 0;
  int64_t audit = 0;
  bool operator==(const Written&) const = default;
};

inline std::ostream& operator<<(std::ostream& out, const Written& w) {
  return out << "{version " << w.version << ", events " << w.events << ", audit " << w.audit << "}";
}

class IntakeCaseFixture : public ::testing::Test {
 protected:
  static constexpr char kPassword[] = "officer-password-1";
  // 非法经营数额 in fen: 6万 meets 刑法 213 (5万), 4.1万 is near (82 %), 1,000 元 is not met.
  static constexpr int64_t kMet = 6'000'000;
  static constexpr int64_t kNear = 4'100'000;
  static constexpr int64_t kNotMet = 100'000;

  static void SetUpTestSuite() {
    cluster_ = new ServiceCluster();
    cluster_->Start();
    cluster_->AddOrganisation("nt-amr", v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY, "320600");
    cluster_->AddOrganisation("sz-amr", v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY, "320500");
    for (const auto& [id, org] : std::vector<std::pair<std::string, std::string>>{
             {"nt.officer", "nt-amr"}, {"nt.officer2", "nt-amr"}, {"sz.officer", "sz-amr"}}) {
      cluster_->AddUser(id, org, v1::ROLE_OFFICER, kPassword);
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
  // The referral service's own channel: mutual TLS with its certificate, no user token.
  static std::unique_ptr<v1::IntakeService::Stub> PeerStub(const std::string& service) {
    return v1::IntakeService::NewStub(cluster_->ServiceChannel("intake", service));
  }
  static std::unique_ptr<grpc::ClientContext> As(const std::string& user) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    if (!user.empty()) Authorize(*context, tokens_.at(user));
    return context;
  }

  // A trademark case of nt-amr (identical mark, same goods) with 非法经营数额 `business_fen`.
  static v1::CaseFile NewCase(const std::string& number, int64_t business_fen) {
    v1::CaseFile c;
    c.set_case_number(number);
    c.add_handling_officers("users/nt.officer");
    c.add_handling_officers("users/nt.officer2");
    c.set_procedure(v1::CaseFile::PROCEDURE_GENERAL);
    *c.mutable_register_date() = MakeDate(2026, 3, 2);
    auto* party = c.add_parties();
    party->set_party_id("p1");
    party->set_kind(v1::Party::KIND_ORGANISATION);
    party->set_capacity(v1::Party::CAPACITY_RESPONDENT);
    party->mutable_organisation()->set_registered_name("南通某某鞋业有限公司");
    party->mutable_organisation()->set_unified_social_credit_code("91350100M000100Y43");
    party->mutable_organisation()->set_legal_representative("王某");
    c.set_cause("销售侵犯注册商标专用权的商品");
    auto* facts = c.mutable_threshold_facts();
    facts->set_ip_right(v1::IP_RIGHT_TRADEMARK);
    facts->set_goods_or_services(v1::GOODS_OR_SERVICES_GOODS);
    facts->set_mark_relation(v1::MARK_RELATION_IDENTICAL);
    facts->set_same_kind_of_goods(v1::FACT_STATUS_ESTABLISHED);
    facts->set_mark_count(1);
    facts->set_goods_category(v1::GOODS_CATEGORY_APPAREL_AND_ACCESSORIES);
    facts->set_fake_or_inferior_product(v1::FACT_STATUS_REFUTED);
    facts->set_prior_penalty_within_two_years(v1::FACT_STATUS_REFUTED);
    facts->mutable_amounts()->set_illegal_business_amount_fen(business_fen);
    // Gains, sales and unsold goods well below their own thresholds, so the business amount alone
    // decides.
    facts->mutable_amounts()->set_illegal_gains_fen(business_fen / 10);
    facts->mutable_amounts()->set_sales_amount_fen(business_fen / 10);
    facts->mutable_amounts()->set_unsold_goods_value_fen(business_fen / 10);
    *facts->mutable_act_start_date() = MakeDate(2026, 1, 5);
    *facts->mutable_act_end_date() = MakeDate(2026, 2, 20);
    v1::CreateCaseFileRequest request;
    request.set_request_id("file-" + number);
    *request.mutable_case_file() = c;
    v1::CaseFile created;
    grpc::Status status = Stub()->CreateCaseFile(As("nt.officer").get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static v1::CaseFile Get(const std::string& name) {
    v1::GetCaseFileRequest request;
    request.set_name(name);
    v1::CaseFile c;
    grpc::Status status = Stub()->GetCaseFile(As("nt.officer").get(), request, &c);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return c;
  }

  static int64_t Count(const std::string& sql) {
    pqxx::connection admin(SuperuserUrl(cluster_->database_name()));
    return pqxx::nontransaction(admin).exec(sql)[0][0].as<int64_t>();
  }
  static std::string IdOf(const std::string& case_name) {
    return case_name.substr(std::string("caseFiles/").size());
  }
  static Written WrittenFor(const std::string& case_name) {
    const std::string id = IdOf(case_name);
    return Written{
        Count("SELECT version FROM intake.case_files WHERE id = '" + id + "'"),
        Count("SELECT count(*) FROM intake.case_events WHERE case_file_id = '" + id + "'"),
        Count("SELECT count(*) FROM intake.audit_log WHERE target = '" + case_name +
              "' AND action NOT LIKE 'denied:%'")};
  }
  static int64_t AuditRows(const std::string& case_name, const std::string& action) {
    return Count("SELECT count(*) FROM intake.audit_log WHERE target = '" + case_name +
                 "' AND action = '" + action + "'");
  }

  // The case feed as the review service reads it, from the start until an event of `type` on
  // `case_name` arrives (the tests wait on events, never on time).
  static v1::CaseEvent AwaitEvent(const std::string& case_name, v1::CaseEvent::Type type,
                                  const std::string& subject) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::WatchCaseEventsRequest request;
    auto reader = PeerStub("review")->WatchCaseEvents(&context, request);
    v1::CaseEvent event;
    v1::CaseEvent found;
    while (reader->Read(&event)) {
      if (event.case_file() == case_name && event.type() == type && event.subject() == subject) {
        found = event;
        break;
      }
    }
    context.TryCancel();
    reader->Finish();
    EXPECT_EQ(found.type(), type) << "no such event on " << case_name << " about " << subject;
    return found;
  }

  // Reports a referral stage of `case_name` as service `as_service` (mutual TLS with its
  // certificate); the referral is referrals/r-{case id}.
  static grpc::Status Report(const std::string& as_service, const std::string& case_name,
                             v1::ReferralLink::Stage stage, int64_t sequence, v1::CaseFile* out) {
    v1::RecordReferralStatusRequest request;
    request.set_request_id("referral-event-" + std::to_string(sequence) + "-" + case_name);
    request.set_name(case_name);
    request.mutable_link()->set_referral("referrals/r-" + IdOf(case_name));
    request.mutable_link()->set_stage(stage);
    *request.mutable_link()->mutable_stage_time() = HoursAgo(1);
    request.mutable_link()->set_referral_sequence(sequence);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    return PeerStub(as_service)->RecordReferralStatus(&context, request, out);
  }
  static google::protobuf::Timestamp HoursAgo(int hours) {
    return google::protobuf::util::TimeUtil::SecondsToTimestamp(time(nullptr) - hours * 3600);
  }

  // A penalty decision of nt-amr against p1: a fine of 5万元 and 3,000 元 of gains confiscated
  // under 商标法 art. 60 ¶2, decided on 2026-04-10.
  static v1::PenaltyDecision GoodDecision(const std::string& number) {
    using Penalty = v1::PenaltyDecision::Penalty;
    v1::PenaltyDecision d;
    d.set_decision_number(number);
    *d.mutable_decision_date() = MakeDate(2026, 4, 10);
    d.add_party_ids("p1");
    d.set_illegal_facts("当事人销售假冒 NIKE 注册商标的运动鞋 1200 双。");
    Penalty* fine = d.add_penalties();
    fine->set_kind(Penalty::KIND_FINE);
    fine->set_amount_fen(5'000'000);
    Penalty* gains = d.add_penalties();
    gains->set_kind(Penalty::KIND_CONFISCATE_ILLEGAL_GAINS);
    gains->set_amount_fen(300'000);
    v1::LegalBasis* basis = d.add_legal_basis();
    basis->set_instrument("中华人民共和国商标法");
    basis->set_article("第六十条第二款");
    d.set_mitigation(v1::PenaltyDecision::MITIGATION_NONE);
    d.set_compliance_method("自收到本决定书之日起十五日内到指定银行缴纳罚没款");
    *d.mutable_compliance_deadline() = MakeDate(2026, 4, 25);
    return d;
  }
  // Records decision `d` on case `c` as read (its etag) by `user`.
  static grpc::Status Record(const std::string& user, const v1::CaseFile& c,
                             const v1::PenaltyDecision& d, const std::string& request_id,
                             v1::PenaltyDecision* out) {
    v1::RecordPenaltyDecisionRequest request;
    request.set_request_id(request_id);
    request.set_parent(c.name());
    request.set_etag(c.etag());
    *request.mutable_penalty_decision() = d;
    return Stub()->RecordPenaltyDecision(As(user).get(), request, out);
  }

  static inline ServiceCluster* cluster_ = nullptr;
  static inline std::map<std::string, std::string> tokens_;
};

}  // namespace casebridge::testing
