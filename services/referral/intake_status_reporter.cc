#include "services/referral/intake_status_reporter.h"

#include "services/core/log.h"
#include "services/core/transaction.h"

namespace casebridge::referral {
namespace {

using Stage = v1::ReferralLink::Stage;

// Events of acts that always move a referral to another stage: every act reaching a state of a
// stage from a state of another (e.g. TRANSFERRED leaves 移送准备, FILED leaves 在公安机关 or
// 公安机关不予立案).
bool ChangesStage(v1::ReferralEvent::Type type) {
  switch (type) {
    case v1::ReferralEvent::TYPE_CREATED:
    case v1::ReferralEvent::TYPE_REFUSED:
    case v1::ReferralEvent::TYPE_WITHDRAWN:
    case v1::ReferralEvent::TYPE_TRANSFERRED:
    case v1::ReferralEvent::TYPE_FILED:
    case v1::ReferralEvent::TYPE_DECLINED:
    case v1::ReferralEvent::TYPE_RECONSIDERATION_REQUESTED:
    case v1::ReferralEvent::TYPE_RECONSIDERATION_DECLINED:
    case v1::ReferralEvent::TYPE_REVERSE_TRANSFERRED:
    case v1::ReferralEvent::TYPE_ADMINISTRATIVE_OUTCOME_REPORTED:
      return true;
    default:
      return false;
  }
}

// Answers intake will give again however often it is asked: the report is dropped (and logged)
// rather than holding back every later referral's report for ever.
bool Permanent(const grpc::Status& s) {
  switch (s.error_code()) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::OUT_OF_RANGE:
      return true;
    default:
      return false;
  }
}

}  // namespace

Stage StageOf(v1::Referral::State state) {
  switch (state) {
    case v1::Referral::STATE_DRAFT:
    case v1::Referral::STATE_REPORTED:
    case v1::Referral::STATE_APPROVED:
      return v1::ReferralLink::STAGE_PREPARING;
    case v1::Referral::STATE_REFUSED:
      return v1::ReferralLink::STAGE_REFUSED_BY_HEAD;
    case v1::Referral::STATE_WITHDRAWN:
      return v1::ReferralLink::STAGE_WITHDRAWN;
    case v1::Referral::STATE_TRANSFERRED:
    case v1::Referral::STATE_RECEIVED:
    case v1::Referral::STATE_FORWARDED:
    case v1::Referral::STATE_RECONSIDERATION_REQUESTED:
      return v1::ReferralLink::STAGE_WITH_POLICE;
    case v1::Referral::STATE_DECLINED:
    case v1::Referral::STATE_RECONSIDERATION_DECLINED:
    case v1::Referral::STATE_SUPERVISION_PROPOSED:
      return v1::ReferralLink::STAGE_DECLINED_BY_POLICE;
    case v1::Referral::STATE_FILED:
    case v1::Referral::STATE_HANDOVER_RECORDED:
    case v1::Referral::STATE_HANDED_OVER:
      return v1::ReferralLink::STAGE_FILED_BY_POLICE;
    case v1::Referral::STATE_REVERSE_TRANSFERRED:
    case v1::Referral::STATE_REVERSE_ACKNOWLEDGED:
      return v1::ReferralLink::STAGE_REVERSE_TRANSFERRED;
    case v1::Referral::STATE_CLOSED_ADMINISTRATIVELY:
      return v1::ReferralLink::STAGE_CLOSED_ADMINISTRATIVELY;
    default:
      return v1::ReferralLink::STAGE_UNSPECIFIED;
  }
}

std::optional<v1::RecordReferralStatusRequest> StatusReportFor(const v1::ReferralEvent& event,
                                                               int64_t sequence) {
  const Stage stage = StageOf(event.snapshot().state());
  if (!ChangesStage(event.type()) || stage == v1::ReferralLink::STAGE_UNSPECIFIED) {
    return std::nullopt;
  }
  v1::RecordReferralStatusRequest request;
  request.set_request_id("referral-event-" + std::to_string(sequence));
  request.set_name(event.case_file());
  v1::ReferralLink& link = *request.mutable_link();
  link.set_referral(event.referral());
  link.set_stage(stage);
  link.set_referral_number(event.snapshot().referral_number());
  // The act that changed the stage is the one that last updated the referral.
  *link.mutable_stage_time() = event.snapshot().update_time();
  link.set_referral_sequence(sequence);
  return request;
}

IntakeStatusReporter::IntakeStatusReporter(core::ConnectionPool& pool,
                                           core::EventNotifier& notifier, IntakeClient& intake,
                                           Options options)
    : pool_(pool), notifier_(notifier), intake_(intake), options_(options) {}

IntakeStatusReporter::~IntakeStatusReporter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  notifier_.WakeAll();
  if (thread_.joinable()) thread_.join();
}

void IntakeStatusReporter::Start() {
  thread_ = std::thread([this] { Run(); });
}

void IntakeStatusReporter::Run() {
  while (!stopping_) {
    const uint64_t seen = notifier_.version();
    bool caught_up = false;
    try {
      caught_up = ReportPending();
    } catch (const std::exception& e) {
      core::LogWarning("referral_status_report_interrupted", {{"error", e.what()}});
    }
    if (caught_up) {
      notifier_.WaitForChange(seen, options_.retry_interval, stopping_);
    } else {
      // Not at every new event: intake, or the replica holding the cursor, needs time.
      std::unique_lock lock(mutex_);
      stop_.wait_for(lock, options_.retry_interval, [this] { return stopping_.load(); });
    }
  }
}

bool IntakeStatusReporter::ReportPending() {
  while (!stopping_) {
    const Outcome outcome =
        core::InTransaction(pool_, [this](pqxx::work& tx) { return ReportBatch(tx); });
    if (outcome == Outcome::kCaughtUp) return true;
    if (outcome == Outcome::kStopped) return false;
  }
  return false;
}

IntakeStatusReporter::Outcome IntakeStatusReporter::ReportBatch(pqxx::transaction_base& tx) {
  const std::optional<int64_t> cursor = repository_.LockIntakeStatusCursor(tx);
  if (!cursor) return Outcome::kStopped;  // another replica is reporting
  const std::vector<StoredEvent> events =
      repository_.EventsAfter(tx, *cursor, "", options_.batch_size);
  int64_t position = *cursor;
  Outcome outcome =
      static_cast<int>(events.size()) < options_.batch_size ? Outcome::kCaughtUp : Outcome::kMore;
  for (const StoredEvent& stored : events) {
    if (stopping_) {
      outcome = Outcome::kStopped;
      break;
    }
    v1::ReferralEvent event;
    event.ParseFromString(stored.event);
    if (auto request = StatusReportFor(event, stored.sequence)) {
      v1::CaseFile ignored;
      const grpc::Status status = intake_.RecordReferralStatus(*request, &ignored);
      if (!status.ok() && !Permanent(status)) {
        core::LogWarning("referral_status_not_reported",
                         {{"sequence", std::to_string(stored.sequence)},
                          {"referral", event.referral()},
                          {"error", status.error_message()}});
        outcome = Outcome::kStopped;
        break;
      }
      if (!status.ok()) {
        core::LogError("referral_status_refused", {{"sequence", std::to_string(stored.sequence)},
                                                   {"referral", event.referral()},
                                                   {"error", status.error_message()}});
      }
    }
    position = stored.sequence;
  }
  // One write for the batch: the cursor row is locked, so what the batch reported is what commits.
  if (position != *cursor) repository_.SetIntakeStatusCursor(tx, position);
  return outcome;
}

}  // namespace casebridge::referral
