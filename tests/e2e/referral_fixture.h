// A running cluster with an agency (officers and a head), two police organisations and a
// procuratorate, and the steps that bring a referral of a 刑法 213 case through 国务院令第310号,
// for the referral act tests: each step asserts it succeeded and returns the referral after it.
#pragma once

#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "casebridge/v1/referral.grpc.pb.h"
#include "services/core/digest.h"
#include "services/law/calendar.h"
#include "tests/e2e/intake_case_fixture.h"

namespace casebridge::testing {

using ReferralStub = v1::ReferralService::Stub;
template <typename Request>
using ReferralMethod = grpc::Status (ReferralStub::*)(grpc::ClientContext*, const Request&,
                                                      v1::Referral*);

// The google.rpc.ErrorInfo metadata `key` of a status; "" when absent.
inline std::string ErrorMetadata(const grpc::Status& status, const std::string& key) {
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) return "";
  for (const auto& detail : rich.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info) && info.metadata().contains(key)) return info.metadata().at(key);
  }
  return "";
}

class ReferralFixture : public IntakeCaseFixture {
 protected:
  using ClockState = v1::StatutoryClock;
  using Event = v1::ReferralEvent;
  using Kind = v1::Deadline;
  using State = v1::Referral;

  static void SetUpTestSuite() {
    IntakeCaseFixture::SetUpTestSuite();
    cluster_->AddOrganisation("nt-psb", v1::ORGANISATION_KIND_PUBLIC_SECURITY, "320600");
    cluster_->AddOrganisation("cc-psb", v1::ORGANISATION_KIND_PUBLIC_SECURITY, "320613");
    cluster_->AddOrganisation("nt-procuratorate", v1::ORGANISATION_KIND_PROCURATORATE, "320600");
    const std::vector<std::tuple<std::string, std::string, v1::Role>> users = {
        {"nt.officer3", "nt-amr", v1::ROLE_OFFICER},
        {"nt.head", "nt-amr", v1::ROLE_AGENCY_HEAD},
        {"nt.receiver", "nt-psb", v1::ROLE_POLICE_RECEIVER},
        {"nt.investigator", "nt-psb", v1::ROLE_POLICE_INVESTIGATOR},
        {"nt.investigator2", "nt-psb", v1::ROLE_POLICE_INVESTIGATOR},
        {"cc.receiver", "cc-psb", v1::ROLE_POLICE_RECEIVER},
        {"cc.investigator", "cc-psb", v1::ROLE_POLICE_INVESTIGATOR},
        {"nt.procurator", "nt-procuratorate", v1::ROLE_PROCURATOR}};
    for (const auto& [id, org, role] : users) {
      cluster_->AddUser(id, org, role, kPassword);
      tokens_[id] = cluster_->Login(id, kPassword);
    }
    referrals_ = v1::ReferralService::NewStub(cluster_->Channel("referral")).release();
  }
  static void TearDownTestSuite() {
    delete referrals_;
    referrals_ = nullptr;
    IntakeCaseFixture::TearDownTestSuite();
  }

  template <typename Request>
  static grpc::Status Call(ReferralMethod<Request> method, const std::string& user,
                           const Request& request, v1::Referral* out) {
    return (referrals_->*method)(As(user).get(), request, out);
  }
  // A request of an act on `r` as read: its name, its etag, and `request_id`.
  template <typename Request>
  static Request On(const v1::Referral& r, const std::string& request_id) {
    Request request;
    request.set_request_id(request_id);
    request.set_name(r.name());
    request.set_etag(r.etag());
    return request;
  }
  static std::string Id(const v1::Referral& r) {
    return r.name().substr(std::string("referrals/").size());
  }

  // ---- What a referral wrote ----

  static v1::Referral Read(const std::string& name) {
    v1::GetReferralRequest request;
    request.set_name(name);
    request.set_view(v1::REFERRAL_VIEW_FULL);
    v1::Referral r;
    grpc::Status status = referrals_->GetReferral(As("nt.officer").get(), request, &r);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return r;
  }
  // Its events in feed order, as stored in the outbox.
  static std::vector<v1::ReferralEvent> Events(const v1::Referral& r) {
    pqxx::connection admin(SuperuserUrl(cluster_->database_name()));
    pqxx::nontransaction tx(admin);
    std::vector<v1::ReferralEvent> events;
    for (const auto& row : tx.exec_params(
             "SELECT event FROM referral.referral_events WHERE referral_id = $1 ORDER BY sequence",
             Id(r))) {
      events.emplace_back().ParseFromString(pqxx::binarystring(row[0]).str());
    }
    return events;
  }
  static std::vector<v1::ReferralEvent::Type> EventTypes(const v1::Referral& r) {
    std::vector<v1::ReferralEvent::Type> types;
    for (const v1::ReferralEvent& e : Events(r)) types.push_back(e.type());
    return types;
  }
  // The types of the first `count` events of `r` on WatchReferralEvents, read as the review
  // service reads the feed (mutual TLS), from its start until they have all arrived.
  static std::vector<v1::ReferralEvent::Type> FeedTypes(const v1::Referral& r, size_t count) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    auto feed = v1::ReferralService::NewStub(cluster_->ServiceChannel("referral", "review"));
    auto reader = feed->WatchReferralEvents(&context, v1::WatchReferralEventsRequest());
    std::vector<v1::ReferralEvent::Type> types;
    int64_t last_sequence = 0;
    v1::ReferralEvent event;
    while (types.size() < count && reader->Read(&event)) {
      EXPECT_GT(event.header().sequence(), last_sequence) << "the feed is out of order";
      last_sequence = event.header().sequence();
      if (event.referral() == r.name()) types.push_back(event.type());
    }
    context.TryCancel();
    reader->Finish();
    return types;
  }
  static v1::ReferralEvent LastEvent(const v1::Referral& r) {
    std::vector<v1::ReferralEvent> events = Events(r);
    EXPECT_FALSE(events.empty());
    return events.empty() ? v1::ReferralEvent() : events.back();
  }
  // Version, events and audit records (refusals excluded) of the referral.
  static Written WrittenFor(const v1::Referral& r) {
    const std::string id = Id(r);
    return Written{
        Count("SELECT version FROM referral.referrals WHERE id = '" + id + "'"),
        Count("SELECT count(*) FROM referral.referral_events WHERE referral_id = '" + id + "'"),
        Count("SELECT count(*) FROM referral.audit_log WHERE target = '" + r.name() +
              "' AND action NOT LIKE 'denied:%'")};
  }
  static int64_t Denials(const v1::Referral& r, const std::string& method) {
    return Count("SELECT count(*) FROM referral.audit_log WHERE target = '" + r.name() +
                 "' AND action = 'denied:referral." + method + "'");
  }
  // The clock of `kind` opened last.
  static v1::Deadline Clock(const v1::Referral& r, v1::Deadline::Kind kind) {
    v1::Deadline found;
    for (const v1::Deadline& d : r.deadlines()) {
      if (d.kind() == kind) found = d;
    }
    EXPECT_EQ(found.kind(), kind) << "no clock " << v1::Deadline::Kind_Name(kind);
    return found;
  }
  // A 3-day clock of 国务院令第310号 counted in calendar days from `start` (STATUTES.md §1): the
  // start day not counted, a last day on a statutory holiday moved to the next working day, due at
  // 24:00 Asia/Shanghai of the last day.
  static void ExpectThreeDayClock(const v1::Deadline& d, const google::protobuf::Timestamp& start,
                                  const std::string& article) {
    using std::chrono::days;
    const auto& calendar = law::WorkingCalendar::Default();
    const auto start_point = std::chrono::system_clock::time_point(std::chrono::microseconds(
        google::protobuf::util::TimeUtil::TimestampToMicroseconds(start)));
    std::chrono::year_month_day last{std::chrono::sys_days(law::ShanghaiDate(start_point)) +
                                     days(3)};
    if (calendar.IsStatutoryHoliday(last)) last = calendar.NextWorkingDayOnOrAfter(last);
    EXPECT_EQ(d.clock().start_time(), start);
    EXPECT_EQ(d.clock().due_date().year(), static_cast<int>(last.year()));
    EXPECT_EQ(d.clock().due_date().month(), static_cast<int>(static_cast<unsigned>(last.month())));
    EXPECT_EQ(d.clock().due_date().day(), static_cast<int>(static_cast<unsigned>(last.day())));
    const auto due = law::ShanghaiMidnightUtc(std::chrono::sys_days(last) + days(1));
    EXPECT_EQ(
        google::protobuf::util::TimeUtil::TimestampToMicroseconds(d.clock().due_time()),
        std::chrono::duration_cast<std::chrono::microseconds>(due.time_since_epoch()).count());
    EXPECT_EQ(d.clock().period(), 3);
    EXPECT_EQ(d.clock().counting_policy(), v1::COUNTING_POLICY_CALENDAR_DAYS);
    EXPECT_EQ(d.clock().legal_basis().instrument(), "国务院令第310号");
    EXPECT_EQ(d.clock().legal_basis().article(), article);
  }
  // A 24-hour clock: due exactly 24 hours after `start`, no due date.
  static void ExpectTwentyFourHourClock(const v1::Deadline& d,
                                        const google::protobuf::Timestamp& start,
                                        const std::string& article) {
    EXPECT_EQ(d.clock().start_time(), start);
    EXPECT_EQ(google::protobuf::util::TimeUtil::TimestampToSeconds(d.clock().due_time()) -
                  google::protobuf::util::TimeUtil::TimestampToSeconds(start),
              24 * 3600);
    EXPECT_EQ(d.clock().due_time().nanos(), start.nanos());
    EXPECT_FALSE(d.clock().has_due_date());
    EXPECT_EQ(d.clock().period(), 24);
    EXPECT_EQ(d.clock().counting_policy(), v1::COUNTING_POLICY_HOURS);
    EXPECT_EQ(d.clock().legal_basis().article(), article);
  }
  using ClockStates = std::vector<std::pair<v1::Deadline::Kind, v1::StatutoryClock::State>>;
  // The clocks event `e` reports, by kind and state.
  static ClockStates ClockChanges(const v1::ReferralEvent& e) {
    ClockStates out;
    for (const v1::Deadline& d : e.deadline_changes())
      out.emplace_back(d.kind(), d.clock().state());
    return out;
  }

  // ---- The contract every act keeps ----

  // Runs act `method` on `r` as `user` and checks what every act promises (referral.proto): the
  // `bad` request is INVALID_ARGUMENT naming exactly `bad_fields`, writing nothing; `denied_user`
  // gets PERMISSION_DENIED with a denied audit record; a stale etag is ABORTED; `good` then moves
  // the referral to `state` with one event of `type`; a retry with the same request_id answers the
  // same referral and writes nothing; and, unless `late_user` is empty, the act by `late_user` is
  // refused afterwards with FAILED_PRECONDITION naming the new state. Returns the referral after
  // the act (FULL view).
  template <typename Request>
  static v1::Referral CheckAct(const v1::Referral& r, ReferralMethod<Request> method,
                               const std::string& method_name, const std::string& user,
                               const std::string& denied_user, const Request& good, Request bad,
                               const std::set<std::string>& bad_fields,
                               v1::ReferralEvent::Type type, v1::Referral::State state,
                               const std::string& late_user) {
    const Written before = WrittenFor(r);
    v1::Referral out;
    bad.set_request_id(good.request_id() + "-bad");
    grpc::Status s = Call(method, user, bad, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    EXPECT_EQ(ViolatedFields(s), bad_fields) << s.error_message();

    Request other = good;
    other.set_request_id(good.request_id() + "-denied");
    const int64_t denials = Denials(r, method_name);
    s = Call(method, denied_user, other, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
    EXPECT_EQ(Denials(r, method_name), denials + 1);

    other.set_request_id(good.request_id() + "-stale");
    other.set_etag(std::to_string(std::stoll(r.etag()) - 1));
    s = Call(method, user, other, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << s.error_message();
    EXPECT_EQ(WrittenFor(r), before) << "a refused " << method_name << " wrote something";

    v1::Referral first;
    s = Call(method, user, good, &first);
    EXPECT_TRUE(s.ok()) << method_name << ": " << s.error_message();
    EXPECT_EQ(first.state(), state) << v1::Referral::State_Name(first.state());
    EXPECT_EQ(first.etag(), std::to_string(std::stoll(r.etag()) + 1));
    const Written after{before.version + 1, before.events + 1, before.audit + 1};
    EXPECT_EQ(WrittenFor(r), after);
    const v1::ReferralEvent event = LastEvent(r);
    EXPECT_EQ(event.type(), type) << v1::ReferralEvent::Type_Name(event.type());
    EXPECT_EQ(event.header().request_id(), good.request_id());
    EXPECT_EQ(event.snapshot().state(), state);

    v1::Referral again;
    s = Call(method, user, good, &again);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first, again));
    EXPECT_EQ(WrittenFor(r), after) << "a retried " << method_name << " wrote again";
    // A client that lost the answer, read the referral again and retried with the new etag.
    Request reread = good;
    reread.set_etag(first.etag());
    s = Call(method, user, reread, &again);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first, again));
    EXPECT_EQ(WrittenFor(r), after) << "a retried " << method_name << " wrote again";

    if (!late_user.empty()) {
      other = good;
      other.set_request_id(good.request_id() + "-late");
      other.set_etag(first.etag());
      s = Call(method, late_user, other, &out);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
      EXPECT_EQ(ErrorMetadata(s, "state"), v1::Referral::State_Name(state).substr(6));
    }
    return Read(r.name());
  }

  // ---- Steps through 国务院令第310号 ----

  // A trademark case meeting 刑法 213 with 120 pairs of shoes seized.
  static v1::CaseFile CaseWithGoods(const std::string& number) {
    v1::CaseFile c = NewCase(number, kMet);
    v1::AddSeizedItemRequest item;
    item.set_request_id("seize-" + number);
    item.set_parent(c.name());
    v1::SeizedItem& goods = *item.mutable_seized_item();
    goods.set_goods_name("运动鞋");
    goods.set_brand("NIKE");
    goods.set_quantity("120");
    goods.set_unit("双");
    goods.set_measure(v1::SeizedItem::MEASURE_DETAINED);
    goods.set_measure_document_number("通市监扣〔2026〕3号");
    *goods.mutable_seize_time() = HoursAgo(48);
    goods.set_storage_location("南通市市场监督管理局涉案物品仓库");
    goods.set_custodian("张某");
    goods.set_owner_party_id("p1");
    v1::SeizedItem added;
    grpc::Status s = Stub()->AddSeizedItem(As("nt.officer").get(), item, &added);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return Get(c.name());
  }
  // The DRAFT referral of case `c` by nt.officer with the task force nt.officer (leader) and
  // nt.officer2.
  static v1::Referral Refer(const v1::CaseFile& c) {
    v1::CreateReferralRequest request;
    request.set_request_id("refer-" + c.case_number());
    request.mutable_referral()->set_case_file(c.name());
    request.mutable_referral()->mutable_task_force()->add_members("users/nt.officer");
    request.mutable_referral()->mutable_task_force()->add_members("users/nt.officer2");
    request.mutable_referral()->mutable_task_force()->set_leader("users/nt.officer");
    v1::Referral r;
    grpc::Status s = referrals_->CreateReferral(As("nt.officer").get(), request, &r);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return Read(r.name());
  }
  static v1::Referral Draft(const std::string& number) { return Refer(CaseWithGoods(number)); }
  // Uploads the investigation report (material ②) to `r` as nt.officer; returns its name.
  static std::string UploadReport(const v1::Referral& r) {
    const std::string bytes = "%PDF-1.4\n涉嫌犯罪案件情况的调查报告 " + r.name() + "\n%%EOF\n";
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    Authorize(context, tokens_.at("nt.officer"));
    v1::ReferralDocument document;
    auto writer = referrals_->UploadReferralDocument(&context, &document);
    v1::UploadReferralDocumentRequest message;
    v1::UploadReferralDocumentMetadata& m = *message.mutable_metadata();
    m.set_request_id("report-" + Id(r));
    m.set_parent(r.name());
    m.mutable_document()->set_kind(v1::ReferralDocument::KIND_INVESTIGATION_REPORT);
    m.mutable_document()->set_title("涉嫌犯罪案件情况的调查报告");
    m.mutable_document()->mutable_content()->set_file_name("调查报告.pdf");
    m.mutable_document()->mutable_content()->set_media_type("application/pdf");
    m.set_size_bytes(static_cast<int64_t>(bytes.size()));
    m.set_sha256_hex(core::Sha256Hex(bytes));
    EXPECT_TRUE(writer->Write(message));
    message.set_chunk(bytes);
    EXPECT_TRUE(writer->Write(message));
    writer->WritesDone();
    grpc::Status s = writer->Finish();
    EXPECT_TRUE(s.ok()) << s.error_message();
    return document.name();
  }
  static v1::SubmitReportRequest GoodReport(const v1::Referral& r, const std::string& document) {
    auto request = On<v1::SubmitReportRequest>(r, "report-" + Id(r));
    request.set_head("users/nt.head");
    request.set_summary(
        "当事人销售假冒 NIKE 注册商标的运动鞋，非法经营数额 6 万元，已达刑法第二百"
        "一十三条的追诉标准。");
    request.set_investigation_report(document);
    request.add_suspected_offences(v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
    return request;
  }
  template <typename Request>
  static v1::Referral Do(ReferralMethod<Request> method, const std::string& user,
                         const Request& request) {
    v1::Referral out;
    grpc::Status s = Call(method, user, request, &out);
    EXPECT_TRUE(s.ok()) << request.GetDescriptor()->name() << ": " << s.error_message();
    return Read(out.name().empty() ? request.name() : out.name());
  }
  static v1::Referral Reported(const v1::Referral& draft) {
    return Do(&ReferralStub::SubmitReport, "nt.officer", GoodReport(draft, UploadReport(draft)));
  }
  static v1::Referral Approved(const v1::Referral& reported) {
    auto request = On<v1::ApproveReferralRequest>(reported, "approve-" + Id(reported));
    request.set_opinion("同意移送");
    return Do(&ReferralStub::ApproveReferral, "nt.head", request);
  }
  static v1::Referral Transferred(const v1::Referral& approved,
                                  const std::string& police = "organisations/nt-psb") {
    auto request = On<v1::TransferReferralRequest>(approved, "transfer-" + Id(approved));
    request.set_police(police);
    request.set_no_inspection_reason("权利人出具的鉴别意见已足以认定为假冒注册商标的商品");
    return Do(&ReferralStub::TransferReferral, "nt.officer", request);
  }
  // `receiver` signs for the referral, echoing every digest sent.
  static v1::Referral Received(const v1::Referral& sent, const std::string& receiver) {
    auto request = On<v1::ReceiveReferralRequest>(
        sent, "receive-" + Id(sent) + "-" + std::to_string(sent.receipts_size()));
    for (const auto& m : sent.transfer().materials()) {
      auto* digest = request.add_received_digests();
      digest->set_document(m.document().name());
      digest->set_sha256_hex(m.document().sha256_hex());
    }
    request.add_received_digests()->set_sha256_hex(sent.case_snapshot().sha256_hex());
    return Do(&ReferralStub::ReceiveReferral, receiver, request);
  }
  // Draft → reported → approved → transferred to nt-psb → received by nt.receiver.
  static v1::Referral ReceivedByPolice(const std::string& number) {
    return Received(Transferred(Approved(Reported(Draft(number)))), "nt.receiver");
  }
  static v1::FileCaseRequest GoodFiling(const v1::Referral& r, const std::string& request_id) {
    auto request = On<v1::FileCaseRequest>(r, request_id);
    request.set_basis(v1::Referral::Filing::BASIS_REVIEW);
    request.set_decision_number("通公（经）立字〔2026〕101号");
    request.set_notice_number("通公（经）立通字〔2026〕101号");
    request.add_charges(v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
    return request;
  }
  static v1::DeclineFilingRequest GoodDecline(const v1::Referral& r,
                                              const std::string& request_id) {
    auto request = On<v1::DeclineFilingRequest>(r, request_id);
    request.set_notice_number("通公（经）不立字〔2026〕7号");
    request.set_reasons("现有证据不能证明非法经营数额达到追诉标准");
    auto* basis = request.add_legal_basis();
    basis->set_instrument("中华人民共和国刑事诉讼法");
    basis->set_article("第一百一十二条");
    request.set_materials_returned(true);
    return request;
  }
  static v1::Referral Filed(const v1::Referral& received) {
    return Do(&ReferralStub::FileCase, "nt.investigator",
              GoodFiling(received, "file-" + Id(received)));
  }
  static v1::Referral Declined(const v1::Referral& received) {
    return Do(&ReferralStub::DeclineFiling, "nt.investigator",
              GoodDecline(received, "decline-" + Id(received)));
  }
  // The case as intake holds it once the referral service reported `referral` at `stage`: the
  // case feed read as review does, until that report arrives.
  static v1::CaseFile AwaitStage(const v1::Referral& referral, v1::ReferralLink::Stage stage) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    auto reader = PeerStub("review")->WatchCaseEvents(&context, v1::WatchCaseEventsRequest());
    v1::CaseEvent event;
    v1::CaseFile found;
    while (found.name().empty() && reader->Read(&event)) {
      if (event.case_file() != referral.case_file() ||
          event.type() != v1::CaseEvent::TYPE_REFERRAL_STATUS_CHANGED) {
        continue;
      }
      for (const v1::ReferralLink& link : event.snapshot().referrals()) {
        if (link.referral() == referral.name() && link.stage() == stage) found = event.snapshot();
      }
    }
    context.TryCancel();
    reader->Finish();
    EXPECT_FALSE(found.name().empty()) << "intake never heard of " << referral.name() << " at "
                                       << v1::ReferralLink::Stage_Name(stage);
    return found;
  }
  // The seized item of the referred case.
  static std::string SeizedItem(const v1::Referral& r) {
    return r.case_snapshot().case_file().seized_items(0).name();
  }

  static inline ReferralStub* referrals_ = nullptr;
};

}  // namespace casebridge::testing
