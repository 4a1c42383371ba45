// The agency's acts before the transfer (国务院令第310号第五条), end to end: the draft's task force
// and snapshot, the task force's report, the head's approval or refusal, and withdrawal.
#include "tests/e2e/referral_fixture.h"

namespace casebridge::testing {
namespace {

class ReferralAgencyActsE2ETest : public ReferralFixture {};

TEST_F(ReferralAgencyActsE2ETest, UpdateReferralChangesTaskForceAndPromptOfADraft) {
  const v1::Referral r = Draft("RA-U1");
  const Written before = WrittenFor(r);
  v1::UpdateReferralRequest good;
  good.set_request_id("update-RA-U1");
  good.mutable_referral()->set_name(r.name());
  good.mutable_referral()->set_etag(r.etag());
  auto* force = good.mutable_referral()->mutable_task_force();
  force->add_members("users/nt.officer");
  force->add_members("users/nt.officer3");
  force->set_leader("users/nt.officer3");
  good.mutable_referral()->set_prompted_by("群众举报（2026-03-01）");
  good.mutable_update_mask()->add_paths("task_force");
  good.mutable_update_mask()->add_paths("prompted_by");

  // Every wrong field at once: one member (art. 5 needs two), a leader outside it, a fixed field.
  v1::UpdateReferralRequest bad = good;
  bad.set_request_id("update-RA-U1-bad");
  bad.mutable_referral()->mutable_task_force()->clear_members();
  bad.mutable_referral()->mutable_task_force()->add_members("users/nt.officer");
  bad.mutable_update_mask()->add_paths("case_file");
  v1::Referral out;
  grpc::Status s = Call(&ReferralStub::UpdateReferral, "nt.officer", bad, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s),
            (std::set<std::string>{"referral.task_force.members", "referral.task_force.leader",
                                   "update_mask.paths[2]"}));
  bad = good;
  bad.set_request_id("update-RA-U1-nomask");
  bad.clear_update_mask();
  EXPECT_EQ(ViolatedFields(Call(&ReferralStub::UpdateReferral, "nt.officer", bad, &out)),
            std::set<std::string>{"update_mask"});

  // The head does not prepare referrals; refused and audited.
  s = Call(&ReferralStub::UpdateReferral, "nt.head", good, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Denials(r, "UpdateReferral"), 1);
  bad = good;
  bad.set_request_id("update-RA-U1-stale");
  bad.mutable_referral()->set_etag("0");
  EXPECT_EQ(Call(&ReferralStub::UpdateReferral, "nt.officer", bad, &out).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(WrittenFor(r), before);

  v1::Referral updated;
  s = Call(&ReferralStub::UpdateReferral, "nt.officer2", good, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.state(), State::STATE_DRAFT);
  EXPECT_EQ(updated.task_force().leader(), "users/nt.officer3");
  EXPECT_EQ(updated.task_force().members_size(), 2);
  EXPECT_EQ(updated.prompted_by(), "群众举报（2026-03-01）");
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(LastEvent(r).type(), Event::TYPE_UPDATED);
  EXPECT_TRUE(LastEvent(r).deadline_changes().empty());
  v1::Referral again;
  ASSERT_TRUE(Call(&ReferralStub::UpdateReferral, "nt.officer2", good, &again).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(updated, again));
  EXPECT_EQ(WrittenFor(r), (Written{before.version + 1, before.events + 1, before.audit + 1}));
}

TEST_F(ReferralAgencyActsE2ETest, RefreshCaseSnapshotRetakesTheCaseWhileDraft) {
  const v1::Referral r = Draft("RA-S1");
  // New evidence recorded in intake after the referral was started.
  v1::AddSeizedItemRequest item;
  item.set_request_id("seize-RA-S1-more");
  item.set_parent(r.case_file());
  *item.mutable_seized_item() = r.case_snapshot().case_file().seized_items(0);
  item.mutable_seized_item()->set_goods_name("运动服");
  item.mutable_seized_item()->set_quantity("30");
  item.mutable_seized_item()->set_unit("件");
  v1::SeizedItem added;
  ASSERT_TRUE(Stub()->AddSeizedItem(As("nt.officer").get(), item, &added).ok());

  auto good = On<v1::RefreshCaseSnapshotRequest>(r, "refresh-RA-S1");
  auto bad = good;
  bad.clear_etag();
  const v1::Referral refreshed = CheckAct(
      r, &ReferralStub::RefreshCaseSnapshot, "RefreshCaseSnapshot", "nt.officer2", "nt.head", good,
      bad, {"etag"}, Event::TYPE_SNAPSHOT_REFRESHED, State::STATE_DRAFT, "");
  EXPECT_EQ(refreshed.case_snapshot().case_file().seized_items_size(), 2);
  EXPECT_NE(refreshed.case_snapshot().sha256_hex(), r.case_snapshot().sha256_hex());
  EXPECT_EQ(refreshed.case_snapshot().snapshot_time(), refreshed.update_time());
  EXPECT_EQ(refreshed.case_snapshot().case_etag(), Get(r.case_file()).etag());

  // Frozen once reported (art. 5): the report is about the case as it then stood.
  const v1::Referral reported = Reported(refreshed);
  v1::Referral out;
  grpc::Status s = Call(&ReferralStub::RefreshCaseSnapshot, "nt.officer",
                        On<v1::RefreshCaseSnapshotRequest>(reported, "refresh-RA-S1-late"), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorMetadata(s, "state"), "REPORTED");
}

TEST_F(ReferralAgencyActsE2ETest, SubmitReportByTheTaskForceOpensTheHeadsThreeDays) {
  const v1::Referral r = Draft("RA-R1");
  const std::string document = UploadReport(r);
  const v1::SubmitReportRequest good = GoodReport(r, document);
  v1::SubmitReportRequest bad = good;
  bad.set_head("nt.head");
  bad.set_summary("  ");
  bad.set_investigation_report("referrals/other/documents/report");
  bad.clear_suspected_offences();
  bad.add_suspected_offences(v1::OFFENCE_UNSPECIFIED);
  bad.add_suspected_offences(v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
  bad.add_suspected_offences(v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);

  // A report naming a document the referral does not hold: refused, nothing written.
  v1::SubmitReportRequest unheld = good;
  unheld.set_request_id("report-RA-R1-unheld");
  unheld.set_investigation_report(r.name() + "/documents/none");
  v1::Referral out;
  grpc::Status s = Call(&ReferralStub::SubmitReport, "nt.officer", unheld, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::set<std::string>{"investigation_report"});
  // A report without the investigation report (material ②) could be approved but never
  // transferred: refused at once.
  v1::SubmitReportRequest without = good;
  without.set_request_id("report-RA-R1-without");
  without.clear_investigation_report();
  s = Call(&ReferralStub::SubmitReport, "nt.officer", without, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::set<std::string>{"investigation_report"});
  // The head reports to nobody: a role refusal, audited.
  s = Call(&ReferralStub::SubmitReport, "nt.head", unheld, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Denials(r, "SubmitReport"), 1);

  // nt.officer3 is an officer of the agency but not on the task force (art. 5).
  const v1::Referral reported = CheckAct(
      r, &ReferralStub::SubmitReport, "SubmitReport", "nt.officer2", "nt.officer3", good, bad,
      {"head", "summary", "investigation_report", "suspected_offences[0]", "suspected_offences[2]"},
      Event::TYPE_REPORT_SUBMITTED, State::STATE_REPORTED, "nt.officer2");
  const v1::Referral::Report& report = reported.report();
  EXPECT_EQ(report.head(), "users/nt.head");
  EXPECT_EQ(report.summary(), good.summary());
  EXPECT_EQ(report.investigation_report(), document);
  ASSERT_EQ(report.suspected_offences_size(), 1);
  EXPECT_EQ(report.submitted_by().user(), "users/nt.officer2");
  EXPECT_EQ(report.submitted_by().organisation(), "organisations/nt-amr");
  EXPECT_EQ(report.submit_time(), reported.update_time());

  ASSERT_EQ(reported.deadlines_size(), 1);
  const v1::Deadline head = Clock(reported, v1::Deadline::KIND_HEAD_DECISION);
  EXPECT_EQ(head.clock().state(), ClockState::STATE_OPEN);
  EXPECT_EQ(head.clock().nature(), ClockState::NATURE_DUTY);
  EXPECT_EQ(head.clock().responsible_organisation(), "organisations/nt-amr");
  ExpectThreeDayClock(head, report.submit_time(), "第五条");
  EXPECT_EQ(ClockChanges(LastEvent(reported)),
            (ClockStates{{v1::Deadline::KIND_HEAD_DECISION, ClockState::STATE_OPEN}}));
}

TEST_F(ReferralAgencyActsE2ETest, ApprovalMeetsTheHeadsClockAndOpensTheTwentyFourHours) {
  const v1::Referral r = Reported(Draft("RA-A1"));
  auto good = On<v1::ApproveReferralRequest>(r, "approve-RA-A1");
  good.set_opinion("同意移送南通市公安局");
  auto bad = good;
  bad.set_opinion(std::string(2001, 'x'));
  const v1::Referral approved =
      CheckAct(r, &ReferralStub::ApproveReferral, "ApproveReferral", "nt.head", "nt.officer", good,
               bad, {"opinion"}, Event::TYPE_APPROVED, State::STATE_APPROVED, "nt.head");
  const v1::Referral::HeadDecision& decision = approved.head_decision();
  EXPECT_TRUE(decision.approved());
  EXPECT_EQ(decision.opinion(), "同意移送南通市公安局");
  EXPECT_EQ(decision.decided_by().user(), "users/nt.head");
  EXPECT_EQ(decision.decide_time(), approved.update_time());

  const v1::Deadline head = Clock(approved, v1::Deadline::KIND_HEAD_DECISION);
  EXPECT_EQ(head.clock().state(), ClockState::STATE_MET);
  EXPECT_EQ(head.clock().completion_time(), decision.decide_time());
  const v1::Deadline transfer = Clock(approved, v1::Deadline::KIND_TRANSFER);
  EXPECT_EQ(transfer.clock().state(), ClockState::STATE_OPEN);
  EXPECT_EQ(transfer.clock().responsible_organisation(), "organisations/nt-amr");
  ExpectTwentyFourHourClock(transfer, decision.decide_time(), "第五条");
  EXPECT_EQ(ClockChanges(LastEvent(approved)),
            (ClockStates{{v1::Deadline::KIND_HEAD_DECISION, ClockState::STATE_MET},
                         {v1::Deadline::KIND_TRANSFER, ClockState::STATE_OPEN}}));
}

TEST_F(ReferralAgencyActsE2ETest, RefusalRecordsTheReasonsAndEndsTheReferral) {
  const v1::Referral r = Reported(Draft("RA-F1"));
  auto good = On<v1::RefuseReferralRequest>(r, "refuse-RA-F1");
  good.set_reasons("现有证据尚不足以认定非法经营数额，需补充调查");
  auto bad = good;
  bad.set_reasons("\u3000 ");
  const v1::Referral refused =
      CheckAct(r, &ReferralStub::RefuseReferral, "RefuseReferral", "nt.head", "nt.officer", good,
               bad, {"reasons"}, Event::TYPE_REFUSED, State::STATE_REFUSED, "nt.head");
  EXPECT_FALSE(refused.head_decision().approved());
  EXPECT_EQ(refused.head_decision().refusal_reasons(), good.reasons());
  EXPECT_EQ(refused.head_decision().decided_by().user(), "users/nt.head");
  EXPECT_EQ(refused.head_decision().decide_time(), refused.update_time());
  EXPECT_EQ(Clock(refused, v1::Deadline::KIND_HEAD_DECISION).clock().state(),
            ClockState::STATE_MET);
  EXPECT_EQ(ClockChanges(LastEvent(refused)),
            (ClockStates{{v1::Deadline::KIND_HEAD_DECISION, ClockState::STATE_MET}}));
}

TEST_F(ReferralAgencyActsE2ETest, OfficersWithdrawBeforeApprovalAndHeadsAfter) {
  // A draft: officers withdraw; nothing was running.
  const v1::Referral draft = Draft("RA-W1");
  auto good = On<v1::WithdrawReferralRequest>(draft, "withdraw-RA-W1");
  good.set_reasons("当事人已主动补缴，经集体讨论决定先行补充调查");
  auto bad = good;
  bad.clear_reasons();
  const v1::Referral withdrawn =
      CheckAct(draft, &ReferralStub::WithdrawReferral, "WithdrawReferral", "nt.officer", "nt.head",
               good, bad, {"reasons"}, Event::TYPE_WITHDRAWN, State::STATE_WITHDRAWN, "nt.officer");
  EXPECT_EQ(withdrawn.withdrawal().reasons(), good.reasons());
  EXPECT_EQ(withdrawn.withdrawal().withdrawn_by().user(), "users/nt.officer");
  EXPECT_EQ(withdrawn.withdrawal().withdraw_time(), withdrawn.update_time());
  EXPECT_TRUE(withdrawn.deadlines().empty());

  // Reported: the head's clock is moot.
  const v1::Referral reported = Reported(Draft("RA-W2"));
  auto request = On<v1::WithdrawReferralRequest>(reported, "withdraw-RA-W2");
  request.set_reasons("移送前发现管辖错误");
  const v1::Referral dropped = Do(&ReferralStub::WithdrawReferral, "nt.officer", request);
  EXPECT_EQ(dropped.state(), State::STATE_WITHDRAWN);
  EXPECT_EQ(Clock(dropped, v1::Deadline::KIND_HEAD_DECISION).clock().state(),
            ClockState::STATE_CANCELLED);
  EXPECT_EQ(ClockChanges(LastEvent(dropped)),
            (ClockStates{{v1::Deadline::KIND_HEAD_DECISION, ClockState::STATE_CANCELLED}}));

  // Approved: only the head takes back what the head approved; the transfer clock is moot.
  const v1::Referral approved = Approved(Reported(Draft("RA-W3")));
  request = On<v1::WithdrawReferralRequest>(approved, "withdraw-RA-W3");
  request.set_reasons("批准后发现已由公安机关立案侦查");
  v1::Referral out;
  EXPECT_EQ(Call(&ReferralStub::WithdrawReferral, "nt.officer", request, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Denials(approved, "WithdrawReferral"), 1);
  const v1::Referral taken_back = Do(&ReferralStub::WithdrawReferral, "nt.head", request);
  EXPECT_EQ(taken_back.state(), State::STATE_WITHDRAWN);
  EXPECT_EQ(taken_back.withdrawal().withdrawn_by().user(), "users/nt.head");
  EXPECT_EQ(Clock(taken_back, v1::Deadline::KIND_TRANSFER).clock().state(),
            ClockState::STATE_CANCELLED);
  EXPECT_EQ(Clock(taken_back, v1::Deadline::KIND_HEAD_DECISION).clock().state(),
            ClockState::STATE_MET);
}

}  // namespace
}  // namespace casebridge::testing
