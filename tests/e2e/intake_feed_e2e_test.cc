// The case feed through the real intake binary: 10,000 filings while two consumers read, one of
// them cut off mid-stream and resuming from its cursor; no gap, no duplicate, commit order.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "casebridge/v1/intake.grpc.pb.h"
#include "tests/harness/service_cluster.h"

namespace casebridge {
namespace {

using testing::ServiceCluster;
constexpr char kPassword[] = "officer-password-1";
constexpr int kCases = 10'000;
constexpr int kWriters = 8;

v1::CaseFile SmallCase(const std::string& number) {
  v1::CaseFile c;
  c.set_case_number(number);
  c.add_handling_officers("users/nt.officer");
  c.add_handling_officers("users/nt.officer2");
  c.set_procedure(v1::CaseFile::PROCEDURE_GENERAL);
  c.mutable_register_date()->set_year(2026);
  c.mutable_register_date()->set_month(4);
  c.mutable_register_date()->set_day(1);
  auto* party = c.add_parties();
  party->set_kind(v1::Party::KIND_ORGANISATION);
  party->set_capacity(v1::Party::CAPACITY_RESPONDENT);
  party->mutable_organisation()->set_registered_name("某商贸有限公司");
  party->mutable_organisation()->set_unified_social_credit_code("91350100M000100Y43");
  party->mutable_organisation()->set_legal_representative("李某");
  c.set_cause("销售假冒注册商标的商品");
  c.mutable_threshold_facts()->set_ip_right(v1::IP_RIGHT_TRADEMARK);
  c.mutable_threshold_facts()->set_mark_relation(v1::MARK_RELATION_UNKNOWN);
  return c;
}

// Reads the feed from `after` until `stop_after` events have arrived (then cancels, like a
// consumer killed mid-stream) or `wanted` case creations have been seen in total.
struct Consumer {
  std::vector<int64_t> sequences;
  std::set<std::string> cases;
  int64_t cursor = 0;

  void Read(std::shared_ptr<grpc::Channel> channel, const std::string& token, size_t stop_after,
            size_t wanted) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(240));
    if (!token.empty()) testing::Authorize(context, token);
    v1::WatchCaseEventsRequest request;
    request.set_after_sequence(cursor);
    auto reader = v1::IntakeService::NewStub(channel)->WatchCaseEvents(&context, request);
    v1::CaseEvent event;
    size_t read_now = 0;
    while (cases.size() < wanted && read_now < stop_after && reader->Read(&event)) {
      sequences.push_back(event.header().sequence());
      cursor = event.header().sequence();
      if (event.type() == v1::CaseEvent::TYPE_CASE_CREATED) cases.insert(event.case_file());
      ++read_now;
    }
    context.TryCancel();
    reader->Finish();
  }
};

TEST(IntakeFeedE2ETest, ConsumersResumeWithoutGapOrDuplicateWhileCasesAreFiled) {
  ServiceCluster cluster;
  cluster.Start();
  cluster.AddOrganisation("nt-amr", v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY, "320600");
  cluster.AddOrganisation("nt-jcy", v1::ORGANISATION_KIND_PROCURATORATE, "320600");
  cluster.AddUser("nt.officer", "nt-amr", v1::ROLE_OFFICER, kPassword);
  cluster.AddUser("nt.procurator", "nt-jcy", v1::ROLE_PROCURATOR, kPassword);
  const std::string officer = cluster.Login("nt.officer", kPassword);
  const std::string procurator = cluster.Login("nt.procurator", kPassword);

  // Consumer A is the review service (mutual TLS, no user token), reading straight through.
  Consumer review;
  std::thread review_thread(
      [&] { review.Read(cluster.ServiceChannel("intake", "review"), "", SIZE_MAX, kCases); });
  // Consumer B is a procurator whose stream is cut three times and resumed from its cursor.
  Consumer procurator_feed;
  std::thread procurator_thread([&] {
    for (size_t cut : {1'000u, 2'500u, 3'000u}) {
      procurator_feed.Read(cluster.Channel("intake"), procurator, cut, kCases);
    }
    procurator_feed.Read(cluster.Channel("intake"), procurator, SIZE_MAX, kCases);
  });

  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto stub = v1::IntakeService::NewStub(cluster.Channel("intake"));
      for (int i = w; i < kCases; i += kWriters) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
        testing::Authorize(context, officer);
        v1::CreateCaseFileRequest request;
        request.set_request_id("feed-" + std::to_string(i));
        *request.mutable_case_file() = SmallCase("通市监立〔2026〕F" + std::to_string(i) + "号");
        v1::CaseFile created;
        if (!stub->CreateCaseFile(&context, request, &created).ok()) ++failures;
      }
    });
  }
  for (auto& w : writers) w.join();
  review_thread.join();
  procurator_thread.join();

  EXPECT_EQ(failures, 0);
  for (const Consumer* consumer : {&review, &procurator_feed}) {
    EXPECT_EQ(consumer->cases.size(), static_cast<size_t>(kCases));
    EXPECT_EQ(consumer->sequences.size(), static_cast<size_t>(kCases));
    for (size_t i = 1; i < consumer->sequences.size(); ++i) {
      ASSERT_LT(consumer->sequences[i - 1], consumer->sequences[i]) << "out of order or repeated";
    }
  }
  EXPECT_EQ(review.sequences, procurator_feed.sequences);
}

}  // namespace
}  // namespace casebridge
