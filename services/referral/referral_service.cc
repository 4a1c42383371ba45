#include "services/referral/referral_service.h"

#include <google/protobuf/util/time_util.h>

#include "services/core/digest.h"
#include "services/core/errors.h"
#include "services/core/paging.h"
#include "services/core/request_log.h"
#include "services/core/rpc.h"
#include "services/core/transaction.h"
#include "services/law/region_codes.h"
#include "services/referral/referral_access.h"
#include "services/referral/referral_fields.h"
#include "services/referral/referral_filters.h"
#include "services/referral/referral_rows.h"

namespace casebridge::referral {
namespace {

using core::FieldViolations;
using core::Principal;
using google::protobuf::util::TimeUtil;
namespace rl = law::referral;

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

grpc::Status ReferralNotFound(const std::string& name) {
  return core::StatusWithReason(grpc::StatusCode::NOT_FOUND,
                                "没有找到移送 " + name + " / No referral " + name,
                                "REFERRAL_NOT_FOUND");
}

TimePoint ToTimePoint(int64_t micros) { return TimePoint(std::chrono::microseconds(micros)); }

// The refusal for an act the caller may not do now, by the law's verdict.
grpc::Status Refusal(const rl::Decision& decision, rl::State state) {
  const bool lapsed = decision.verdict == rl::Verdict::kWindowLapsed;
  std::string possible;
  for (rl::Act a : decision.possible_now) {
    possible += (possible.empty() ? "" : ",") + std::string(rl::ActNameEn(a));
  }
  return core::StatusWithReason(
      grpc::StatusCode::FAILED_PRECONDITION, decision.message,
      lapsed ? "WINDOW_LAPSED" : "WRONG_STATE",
      {{"state", std::string(rl::StateCode(state))}, {"possible_acts", possible}});
}

}  // namespace

ReferralService::ReferralService(core::ConnectionPool& pool, core::BlockingExecutor& executor,
                                 core::AccessControl& access, core::EventNotifier& notifier,
                                 IntakeClient& intake, ClockSettings clock_settings,
                                 int max_watchers)
    : pool_(pool),
      executor_(executor),
      access_(access),
      notifier_(notifier),
      intake_(intake),
      clock_settings_(std::move(clock_settings)),
      calendar_(law::WorkingCalendar::Default()),
      max_watchers_(max_watchers) {}

// ---- Create ----------------------------------------------------------------------------------

grpc::ServerUnaryReactor* ReferralService::CreateReferral(Context* context,
                                                          const v1::CreateReferralRequest* request,
                                                          v1::Referral* response) {
  return core::RunUnary(context, executor_, "CreateReferral", [=, this] {
    Principal caller = access_.Authenticate(*context);
    access_.Require(caller,
                    caller.kind() == v1::ORGANISATION_KIND_ENFORCEMENT_AGENCY &&
                        caller.HasRole(v1::ROLE_OFFICER),
                    "CreateReferral", "referrals",
                    "only officers of an enforcement agency start a referral");
    return DoCreate(caller, *context, *request, response);
  });
}

grpc::Status ReferralService::DoCreate(const Principal& caller,
                                       const grpc::ServerContextBase& context,
                                       const v1::CreateReferralRequest& request,
                                       v1::Referral* response) {
  FieldViolations v;
  if (auto problem = core::CheckRequestId(request.request_id()); !problem.empty()) {
    v.Add("request_id", problem);
  }
  if (!request.referral_id().empty() &&
      ReferralIdFromName("referrals/" + request.referral_id()) != request.referral_id()) {
    v.Add("referral_id", "移送标识不能含有 / / the id may not contain /");
  }
  const v1::Referral& in = request.referral();
  if (CaseIdFromName(in.case_file()).empty()) {
    v.Add("referral.case_file",
          "须为案件名称，格式 caseFiles/{id} / the case, written caseFiles/{id}");
  }
  ValidateTaskForce(in.task_force(), "referral.task_force", v);
  if (in.prompted_by().size() > 200) {
    v.Add("referral.prompted_by", "不能超过 200 个字符 / at most 200 characters");
  }
  if (!v.empty()) return v.ToStatus();

  // The case is read with the caller's own credentials, before any transaction.
  v1::CaseFile c;
  if (grpc::Status s = intake_.GetCaseFile(context, in.case_file(), &c); !s.ok()) {
    return CaseReadRefusal(s);
  }
  access_.Require(caller, c.agency() == caller.organisation(), "CreateReferral", in.case_file(),
                  "only the case's own agency refers it");
  if (c.state() == v1::CaseFile::STATE_CLOSED) {
    return core::StatusWithReason(grpc::StatusCode::FAILED_PRECONDITION,
                                  "案件已结案，不能移送；如有新的涉嫌犯罪事实，请先在案件中记录 / "
                                  "The case is closed and cannot "
                                  "be referred",
                                  "CASE_CLOSED");
  }

  const auto key =
      core::MakeRequestKey(caller.user(), "CreateReferral", request.request_id(), request);
  try {
    return core::InTransaction(pool_, [&](pqxx::work& tx) -> grpc::Status {
      if (core::ReplayPriorResponse(tx, key, response)) return grpc::Status::OK;
      const int64_t now = NowMicros();
      v1::Referral r;
      const std::string id = request.referral_id().empty() ? core::HexEncode(core::RandomBytes(10))
                                                           : request.referral_id();
      r.set_name("referrals/" + id);
      r.set_case_file(c.name());
      r.set_agency(c.agency());
      r.set_region_code(c.region_code());
      *r.mutable_case_snapshot() = CaseSnapshotOf(c, now);
      *r.mutable_task_force() = in.task_force();
      r.set_prompted_by(in.prompted_by());
      r.set_state(v1::Referral::STATE_DRAFT);
      *r.mutable_created_by() = ActorOf(caller);
      *r.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(now);
      *r.mutable_update_time() = r.create_time();
      r.set_etag("1");
      *response = InView(r, v1::REFERRAL_VIEW_BASIC);
      repository_.InsertReferral(
          tx, ToRow(r, now, now),
          MakeChange(caller, "referral.CreateReferral", v1::ReferralEvent::TYPE_CREATED, r, {}, key,
                     *response, ""));
      return grpc::Status::OK;
    });
  } catch (const pqxx::unique_violation& e) {
    if (std::string(e.what()).find("referrals_one_live_per_case") == std::string::npos) throw;
    return core::StatusWithReason(
        grpc::StatusCode::ALREADY_EXISTS,
        "该案件已有一件进行中的移送，请在原移送上继续办理 / The case already has a referral in "
        "progress; continue with that one",
        "REFERRAL_IN_PROGRESS");
  }
}

// ---- Read --------------------------------------------------------------------------------------

grpc::Status ReferralService::ReadableReferral(const Principal& caller, const std::string& name,
                                               const std::string& method, ReferralRow* row) {
  const std::string id = ReferralIdFromName(name);
  if (id.empty()) {
    FieldViolations v;
    v.Add("name", "格式应为 referrals/{id} / expected referrals/{id}");
    return v.ToStatus();
  }
  auto lease = pool_.Acquire();
  pqxx::read_transaction tx(*lease);
  auto found = repository_.FindReferral(tx, id);
  if (!found) return ReferralNotFound(name);
  access_.Require(caller, MayReadReferral(caller, *found), method, name,
                  "referrals are visible to the referring agency, the police organisations it "
                  "was sent to, and procuratorates whose region covers it");
  *row = std::move(*found);
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* ReferralService::GetReferral(Context* context,
                                                       const v1::GetReferralRequest* request,
                                                       v1::Referral* response) {
  return core::RunUnary(context, executor_, "GetReferral", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralRow row;
    grpc::Status status = ReadableReferral(caller, request->name(), "GetReferral", &row);
    if (!status.ok()) return status;
    v1::Referral r;
    r.ParseFromString(row.body);
    *response = InView(r, request->view());
    return status;
  });
}

grpc::ServerUnaryReactor* ReferralService::ListReferrals(Context* context,
                                                         const v1::ListReferralsRequest* request,
                                                         v1::ListReferralsResponse* response) {
  return core::RunUnary(context, executor_, "ListReferrals", [=, this] {
    Principal caller = access_.Authenticate(*context);
    ReferralQuery q;
    if (IsAgencyStaff(caller)) {
      q.agency_id = OrganisationId(caller.organisation());
    } else if (caller.kind() == v1::ORGANISATION_KIND_PUBLIC_SECURITY) {
      q.police_id = OrganisationId(caller.organisation());
    } else if (caller.kind() == v1::ORGANISATION_KIND_PROCURATORATE &&
               caller.HasRole(v1::ROLE_PROCURATOR)) {
      q.region_prefix = law::RegionPrefix(caller.region_code()).value_or("\x01");
    } else {
      access_.Require(caller, false, "ListReferrals", "referrals",
                      "referrals are listed for agencies, police organisations and procurators");
    }
    FieldViolations v;
    if (request->page_size() < 0) v.Add("page_size", "不能为负数 / must not be negative");
    ParseReferralFilter(request->filter(), q, v);
    if (!request->order_by().empty() && request->order_by() != "create_time desc") {
      v.Add("order_by",
            "只支持 create_time desc（新建在前，默认） / only create_time desc (newest first, the "
            "default) is supported");
    }
    const std::string position = core::DecodePageToken(request->page_token(), v);
    if (!position.empty()) {
      const auto bar = position.find('|');
      q.after_create_micros = position.substr(0, bar);
      q.after_id = bar == std::string::npos ? "" : position.substr(bar + 1);
    }
    if (!v.empty()) return v.ToStatus();
    const int size =
        request->page_size() == 0 ? kDefaultPageSize : std::min(request->page_size(), kMaxPageSize);
    auto lease = pool_.Acquire();
    pqxx::read_transaction tx(*lease);
    auto rows = repository_.ListReferrals(tx, q, size + 1);
    for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
      v1::Referral r;
      r.ParseFromString(rows[i].body);
      *response->add_referrals() = InView(r, request->view());
    }
    if (static_cast<int>(rows.size()) > size) {
      const ReferralRow& last = rows[size - 1];
      response->set_next_page_token(
          core::EncodePageToken(std::to_string(last.create_micros) + "|" + last.id));
    }
    return grpc::Status::OK;
  });
}

// ---- Acts --------------------------------------------------------------------------------------

grpc::Status ReferralService::ApplyAct(const Principal& caller, ReferralAct& act,
                                       const google::protobuf::Message& request,
                                       v1::Referral* response) {
  FieldViolations& v = act.request_problems;
  if (auto problem = core::CheckRequestId(act.request_id); !problem.empty()) {
    v.Add("request_id", problem);
  }
  if (act.etag.empty()) {
    v.Add("etag",
          "须提供读取时的 etag，以免覆盖他人的办理 / the etag you read is required, so nobody's "
          "act is overwritten");
  }
  ReferralRow row;
  if (grpc::Status s = ReadableReferral(caller, act.name, act.method, &row); !s.ok()) return s;
  if (!v.empty()) return v.ToStatus();

  v1::Referral stored;
  stored.ParseFromString(row.body);
  const auto decide = [&](const ReferralRow& current, const v1::Referral& r) {
    const auto state = static_cast<rl::State>(current.state);
    const auto lapsed = LapsedWindows(r, std::chrono::system_clock::now());
    std::optional<rl::Decision> refusal;
    for (rl::Role role : RolesOnReferral(caller, current)) {
      rl::Decision d = rl::Decide(state, act.act, role, lapsed);
      if (d.verdict == rl::Verdict::kAllowed) return d;
      if (!refusal || refusal->verdict == rl::Verdict::kRoleRefused) refusal = std::move(d);
    }
    if (!refusal) refusal = rl::Decide(state, act.act, rl::Role::kUnspecified, lapsed);
    return *refusal;
  };
  const auto key = core::MakeRequestKey(caller.user(), act.method, act.request_id, request);
  rl::Decision decision = decide(row, stored);
  // A retry of an act already done finds the referral moved on: it answers what the act answered
  // then instead of a refusal.
  if (decision.verdict != rl::Verdict::kAllowed) {
    auto lease = pool_.Acquire();
    pqxx::read_transaction tx(*lease);
    if (core::ReplayPriorResponse(tx, key, response)) return grpc::Status::OK;
  }
  if (decision.verdict == rl::Verdict::kRoleRefused) {
    access_.Require(caller, false, act.method, act.name, decision.message);
  }
  if (decision.verdict != rl::Verdict::kAllowed) {
    return Refusal(decision, static_cast<rl::State>(row.state));
  }
  if (act.prepare) {
    if (grpc::Status s = act.prepare(stored); !s.ok()) return s;
  }

  return core::InTransaction(pool_, [&](pqxx::work& tx) -> grpc::Status {
    if (core::ReplayPriorResponse(tx, key, response)) return grpc::Status::OK;
    auto current = repository_.FindReferral(tx, row.id);
    if (!current) return ReferralNotFound(act.name);
    if (std::to_string(current->version) != act.etag) {
      return core::StatusWithReason(
          grpc::StatusCode::ABORTED,
          "该移送已被他人办理或修改，请重新读取后再办理 / Someone acted on this referral since you "
          "read it; read it again and retry",
          "STALE_ETAG", {{"current_etag", std::to_string(current->version)}});
    }
    v1::Referral r;
    r.ParseFromString(current->body);
    // Decided again on the row as it is now, in case a clock ran out since it was read.
    rl::Decision now_decision = decide(*current, r);
    if (now_decision.verdict != rl::Verdict::kAllowed) {
      return Refusal(now_decision, static_cast<rl::State>(current->state));
    }
    const int64_t now = NowMicros();
    std::vector<std::string> changed_clocks = ApplyClockEffects(
        r, *now_decision.transition, ToTimePoint(now), clock_settings_, calendar_);
    std::string subject;
    act.record_time = TimeUtil::MicrosecondsToTimestamp(now);
    if (act.change) {
      if (grpc::Status s = act.change(tx, r, &subject); !s.ok()) return s;
    }
    r.set_state(static_cast<v1::Referral::State>(
        rl::NextState(*now_decision.transition, static_cast<rl::State>(current->state))));
    *r.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(now);
    r.set_etag(std::to_string(current->version + 1));
    std::vector<v1::Deadline> deadline_changes;
    for (const auto& name : changed_clocks) deadline_changes.push_back(*FindDeadline(r, name));
    *response = InView(r, v1::REFERRAL_VIEW_BASIC);
    // The act's documents (PDFs of a few hundred KB) are written before the statement that locks
    // the audit and feed heads, so every other act waits only for this one's small rows and commit.
    // Deadlines stay after the referral row: the sweeper locks that row before its deadlines, and
    // taking them in the other order could deadlock with it.
    if (act.also_write) act.also_write(tx, r);
    auto sequence =
        repository_.ReplaceReferral(tx, ToRow(r, current->create_micros, now), current->version,
                                    MakeChange(caller, "referral." + act.method, act.event_type, r,
                                               deadline_changes, key, *response, subject));
    if (!sequence) throw pqxx::serialization_failure("referral changed concurrently");
    repository_.UpsertDeadlines(tx, DeadlineRows(r, changed_clocks));
    return grpc::Status::OK;
  });
}

}  // namespace casebridge::referral
