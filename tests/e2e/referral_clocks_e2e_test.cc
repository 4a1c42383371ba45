// The referral service's clocks, feed and reports through the real binaries: a referral's stage
// reaches the case in intake; the referral feed is ordered, resumable and kept to the region; the
// running sweeper marks an overdue clock once and the feed carries it; clocks are listed in each
// caller's scope; the audit chain verifies.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "casebridge/v1/referral.grpc.pb.h"
#include "tests/e2e/intake_case_fixture.h"
#include "tests/referral/past_acts.h"

namespace casebridge::testing {
namespace {

using law::referral::Act;

class ReferralClocksE2ETest : public IntakeCaseFixture {
 protected:
  static void SetUpTestSuite() {
    IntakeCaseFixture::SetUpTestSuite();
    cluster_->AddOrganisation("nt-police", v1::ORGANISATION_KIND_PUBLIC_SECURITY, "320600");
    cluster_->AddOrganisation("nt-jcy", v1::ORGANISATION_KIND_PROCURATORATE, "320600");
    cluster_->AddOrganisation("sz-jcy", v1::ORGANISATION_KIND_PROCURATORATE, "320500");
    for (const auto& [id, org, role] : std::vector<std::tuple<std::string, std::string, v1::Role>>{
             {"nt.receiver", "nt-police", v1::ROLE_POLICE_RECEIVER},
             {"nt.procurator", "nt-jcy", v1::ROLE_PROCURATOR},
             {"sz.procurator", "sz-jcy", v1::ROLE_PROCURATOR}}) {
      cluster_->AddUser(id, org, role, kPassword);
      tokens_[id] = cluster_->Login(id, kPassword);
    }
    tokens_["admin"] = cluster_->Login("admin", cluster_->admin_password());
  }

  static std::unique_ptr<v1::ReferralService::Stub> Referrals() {
    return v1::ReferralService::NewStub(cluster_->Channel("referral"));
  }

  // A referral of a newly filed case of nt-amr, created by its officer.
  static v1::Referral NewReferral(const std::string& case_number) {
    const v1::CaseFile c = NewCase(case_number, kMet);
    v1::CreateReferralRequest request;
    request.set_request_id("refer-" + case_number);
    request.mutable_referral()->set_case_file(c.name());
    request.mutable_referral()->mutable_task_force()->add_members("users/nt.officer");
    request.mutable_referral()->mutable_task_force()->add_members("users/nt.officer2");
    request.mutable_referral()->mutable_task_force()->set_leader("users/nt.officer");
    v1::Referral created;
    grpc::Status status = Referrals()->CreateReferral(As("nt.officer").get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  // Work in the referral service's schema, as the database superuser: acts recorded as if done
  // days ago, which the API cannot do.
  static void InReferralSchema(const std::function<void(pqxx::work&)>& work) {
    pqxx::connection admin(SuperuserUrl(cluster_->database_name()));
    pqxx::work tx(admin);
    tx.exec("SET LOCAL search_path TO referral");
    work(tx);
    tx.commit();
  }

  static std::string IdOf(const v1::Referral& r) {
    return r.name().substr(std::string("referrals/").size());
  }

  // The referral feed read by `user` (the review service when empty) from `after` until `done`
  // says stop, or `stop_after` events were read (then cancelled, as a consumer cut off).
  static std::vector<v1::ReferralEvent> ReadFeed(
      const std::string& user, int64_t after,
      const std::function<bool(const v1::ReferralEvent&)>& done, size_t stop_after = SIZE_MAX,
      grpc::Status* status = nullptr) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    if (!user.empty()) Authorize(context, tokens_.at(user));
    auto stub =
        v1::ReferralService::NewStub(user.empty() ? cluster_->ServiceChannel("referral", "review")
                                                  : cluster_->Channel("referral"));
    v1::WatchReferralEventsRequest request;
    request.set_after_sequence(after);
    auto reader = stub->WatchReferralEvents(&context, request);
    std::vector<v1::ReferralEvent> events;
    v1::ReferralEvent event;
    bool open = true;
    while (events.size() < stop_after && (open = reader->Read(&event))) {
      events.push_back(event);
      if (done(event)) break;
    }
    if (open) context.TryCancel();  // else the server's own status is the one to see
    grpc::Status finished = reader->Finish();
    if (status != nullptr) *status = finished;
    return events;
  }

  static std::function<bool(const v1::ReferralEvent&)> Until(const std::string& referral,
                                                             v1::ReferralEvent::Type type,
                                                             const std::string& subject = "") {
    return [=](const v1::ReferralEvent& e) {
      return e.referral() == referral && e.type() == type && e.subject() == subject;
    };
  }

  static v1::ListDeadlinesResponse List(const std::string& user, const std::string& parent,
                                        const std::string& filter, grpc::Status* status = nullptr,
                                        int page_size = 0, const std::string& page_token = "") {
    v1::ListDeadlinesRequest request;
    request.set_parent(parent);
    request.set_filter(filter);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    v1::ListDeadlinesResponse response;
    grpc::Status s = Referrals()->ListDeadlines(As(user).get(), request, &response);
    if (status != nullptr) {
      *status = s;
    } else {
      EXPECT_TRUE(s.ok()) << s.error_message();
    }
    return response;
  }

  static std::vector<std::string> Names(const v1::ListDeadlinesResponse& response) {
    std::vector<std::string> names;
    for (const auto& d : response.deadlines()) names.push_back(d.name());
    return names;
  }

  static bool Contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  }

  static int64_t ReferralAudit(const std::string& condition) {
    return Count("SELECT count(*) FROM referral.audit_log WHERE " + condition);
  }
};

TEST_F(ReferralClocksE2ETest, CreatedReferralReachesTheCaseAsPreparing) {
  const v1::Referral r = NewReferral("通市监立〔2026〕RC1号");
  AwaitEvent(r.case_file(), v1::CaseEvent::TYPE_REFERRAL_STATUS_CHANGED, r.name());
  const v1::CaseFile c = Get(r.case_file());
  ASSERT_EQ(c.referrals_size(), 1);
  EXPECT_EQ(c.referrals(0).referral(), r.name());
  EXPECT_EQ(c.referrals(0).stage(), v1::ReferralLink::STAGE_PREPARING);
  EXPECT_GT(c.referrals(0).referral_sequence(), 0);
  EXPECT_EQ(c.referrals(0).stage_time(), r.create_time());
}

TEST_F(ReferralClocksE2ETest, FeedResumesWithoutGapOrDuplicateAndKeepsToTheRegion) {
  // A referral of 苏州 (320500), then three of 南通 (320600).
  InReferralSchema([](pqxx::work& tx) {
    InsertDraft(tx, "sz-feed", "sz-feed-case", "sz-amr", "320500", DaysAgo(0));
  });
  std::vector<v1::Referral> nt;
  for (int i = 1; i <= 3; ++i)
    nt.push_back(NewReferral("通市监立〔2026〕RF" + std::to_string(i) + "号"));
  const auto last_created = Until(nt.back().name(), v1::ReferralEvent::TYPE_CREATED);

  // The review service reads straight through; a second reader is cut off twice and resumes.
  const std::vector<v1::ReferralEvent> straight = ReadFeed("", 0, last_created);
  std::vector<v1::ReferralEvent> resumed;
  int64_t cursor = 0;
  for (size_t cut : {2u, 1u}) {
    for (const auto& e : ReadFeed("", cursor, last_created, cut)) {
      resumed.push_back(e);
      cursor = e.header().sequence();
    }
  }
  for (const auto& e : ReadFeed("", cursor, last_created)) resumed.push_back(e);
  ASSERT_EQ(resumed.size(), straight.size());
  for (size_t i = 0; i < straight.size(); ++i) {
    EXPECT_EQ(resumed[i].header().sequence(), straight[i].header().sequence());
    if (i > 0) {
      EXPECT_LT(straight[i - 1].header().sequence(), straight[i].header().sequence());
    }
  }
  EXPECT_TRUE(std::any_of(straight.begin(), straight.end(),
                          [](const auto& e) { return e.referral() == "referrals/sz-feed"; }));

  // Procurators read their own region only.
  for (const auto& e : ReadFeed("nt.procurator", 0, last_created)) {
    EXPECT_EQ(e.header().region_code().substr(0, 4), "3206") << e.referral();
  }
  const auto sz =
      ReadFeed("sz.procurator", 0, Until("referrals/sz-feed", v1::ReferralEvent::TYPE_CREATED));
  ASSERT_FALSE(sz.empty());
  for (const auto& e : sz) EXPECT_EQ(e.header().region_code().substr(0, 4), "3205");

  // Officers are refused, and the refusal is audited.
  grpc::Status refused;
  EXPECT_TRUE(ReadFeed("nt.officer", 0, last_created, SIZE_MAX, &refused).empty());
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_GE(ReferralAudit("action = 'denied:referral.WatchReferralEvents' AND actor_user = "
                          "'users/nt.officer'"),
            1);
}

TEST_F(ReferralClocksE2ETest, SweeperMarksAnOverdueClockOnceAndTheFeedCarriesIt) {
  const v1::Referral r = NewReferral("通市监立〔2026〕RS1号");
  const std::string id = IdOf(r);
  // The task force reported to the head five days ago; the head's 3-day clock ran out.
  InReferralSchema([&](pqxx::work& tx) {
    RecordPastAct(tx, id, Act::kSubmitReport, v1::ReferralEvent::TYPE_REPORT_SUBMITTED, DaysAgo(5));
  });
  const std::string deadline = r.name() + "/deadlines/1";
  const auto events =
      ReadFeed("", 0, Until(r.name(), v1::ReferralEvent::TYPE_DEADLINE_MISSED, deadline));
  ASSERT_FALSE(events.empty());
  const v1::ReferralEvent& missed = events.back();
  ASSERT_EQ(missed.type(), v1::ReferralEvent::TYPE_DEADLINE_MISSED);
  EXPECT_EQ(missed.header().actor().user(), "users/system");
  EXPECT_EQ(missed.header().actor().display_name(), "CaseBridge referral deadline sweeper");
  ASSERT_EQ(missed.deadline_changes_size(), 1);
  EXPECT_EQ(missed.deadline_changes(0).clock().state(), v1::StatutoryClock::STATE_MISSED);
  EXPECT_EQ(ReferralAudit("action = 'referral.DeadlineMissed' AND target = '" + r.name() + "'"), 1);

  v1::GetDeadlineRequest get;
  get.set_name(deadline);
  v1::Deadline d;
  grpc::Status status = Referrals()->GetDeadline(As("nt.officer").get(), get, &d);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(d.kind(), v1::Deadline::KIND_HEAD_DECISION);
  EXPECT_EQ(d.clock().state(), v1::StatutoryClock::STATE_MISSED);
  EXPECT_EQ(d.clock().late_organisation(), "organisations/nt-amr");
  EXPECT_EQ(d.case_file(), r.case_file());

  // Listed as overdue for the agency and for the procuratorate of its region, not elsewhere.
  const std::string overdue = "overdue=true AND kind=HEAD_DECISION";
  EXPECT_TRUE(Contains(Names(List("nt.officer", "referrals/-", overdue)), deadline));
  EXPECT_TRUE(Contains(Names(List("nt.procurator", "referrals/-", overdue)), deadline));
  EXPECT_FALSE(Contains(Names(List("sz.officer", "referrals/-", overdue)), deadline));
  EXPECT_FALSE(Contains(Names(List("sz.procurator", "referrals/-", overdue)), deadline));
  EXPECT_FALSE(Contains(Names(List("nt.receiver", "referrals/-", "")), deadline));
  EXPECT_FALSE(Contains(Names(List("nt.officer", "referrals/-", "state=OPEN")), deadline));
  EXPECT_EQ(Names(List("nt.officer", r.name(), "")), std::vector<std::string>{deadline});

  // Others may not read it.
  status = Referrals()->GetDeadline(As("sz.officer").get(), get, &d);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  get.set_name(r.name() + "/deadlines/9");
  EXPECT_EQ(Referrals()->GetDeadline(As("nt.officer").get(), get, &d).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(ReferralClocksE2ETest, PoliceSeeTheClocksOfReferralsTheyHoldPageByPage) {
  const v1::Referral r = NewReferral("通市监立〔2026〕RP1号");
  const std::string id = IdOf(r);
  // Reported, approved and transferred to nt-police two days ago, received yesterday.
  InReferralSchema([&](pqxx::work& tx) {
    RecordPastAct(tx, id, Act::kSubmitReport, v1::ReferralEvent::TYPE_REPORT_SUBMITTED, DaysAgo(2));
    RecordPastAct(tx, id, Act::kApprove, v1::ReferralEvent::TYPE_APPROVED, DaysAgo(2));
    RecordPastAct(tx, id, Act::kTransfer, v1::ReferralEvent::TYPE_TRANSFERRED, DaysAgo(2),
                  [](v1::Referral& referral) {
                    referral.mutable_transfer()->set_police("organisations/nt-police");
                    referral.set_current_police("organisations/nt-police");
                  });
    RecordPastAct(tx, id, Act::kReceive, v1::ReferralEvent::TYPE_RECEIVED, DaysAgo(1));
  });
  // Every clock of the referral, one page at a time, in due order.
  std::vector<v1::Deadline> seen;
  std::string token;
  do {
    const auto page = List("nt.receiver", "referrals/-", "", nullptr, 1, token);
    ASSERT_LE(page.deadlines_size(), 1);
    for (const auto& d : page.deadlines()) seen.push_back(d);
    token = page.next_page_token();
  } while (!token.empty());
  ASSERT_EQ(seen.size(), 3u);  // head decision, transfer, filing decision
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_LE(seen[i - 1].clock().due_time(), seen[i].clock().due_time());
  }
  const auto open = List("nt.receiver", "referrals/-",
                         "state=OPEN AND responsible_organisation=organisations/nt-police");
  ASSERT_EQ(open.deadlines_size(), 1);
  EXPECT_EQ(open.deadlines(0).kind(), v1::Deadline::KIND_FILING_DECISION);
  // Due within three days of the receipt: listed as due soon, and not yet past due.
  const std::string soon = google::protobuf::util::TimeUtil::ToString(
      google::protobuf::util::TimeUtil::SecondsToTimestamp(time(nullptr) + 5 * 86400));
  EXPECT_EQ(List("nt.receiver", "referrals/-", "due_time<=" + soon).deadlines_size(), 1);
  EXPECT_EQ(List("nt.receiver", "referrals/-", "overdue=true").deadlines_size(), 0);
}

TEST_F(ReferralClocksE2ETest, ListDeadlinesNamesEveryWrongField) {
  grpc::Status status;
  List("nt.officer", "cases/x", "state=SOON AND due_time=tomorrow AND colour=red", &status, -1,
       "not-a-token!");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::set<std::string>{"parent", "page_size", "filter", "page_token"}));
  List("admin", "referrals/-", "", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::GetDeadlineRequest get;
  get.set_name("referrals/x/deadline/1");
  v1::Deadline d;
  status = Referrals()->GetDeadline(As("nt.officer").get(), get, &d);
  EXPECT_EQ(ViolatedFields(status), std::set<std::string>{"name"});
}

TEST_F(ReferralClocksE2ETest, AuditChainVerifiesForAdministratorsAndProcurators) {
  NewReferral("通市监立〔2026〕RA1号");
  for (const std::string user : {"admin", "nt.procurator"}) {
    v1::AuditChainVerification result;
    grpc::Status status =
        Referrals()->VerifyAuditChain(As(user).get(), v1::VerifyAuditChainRequest(), &result);
    ASSERT_TRUE(status.ok()) << user << ": " << status.error_message();
    EXPECT_TRUE(result.intact()) << result.problem();
    EXPECT_GT(result.records_checked(), 0);
  }
  v1::AuditChainVerification result;
  EXPECT_EQ(Referrals()
                ->VerifyAuditChain(As("nt.officer").get(), v1::VerifyAuditChainRequest(), &result)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace casebridge::testing
