// Whole referrals under 国务院令第310号, end to end, each step asserting the state, the clocks it
// moved and its event: a contested decline taken to the procuratorate, a filed case handed over,
// a case transferred back and penalised, a refusal by the head, and two investigators deciding
// the same referral at once.
#include <latch>
#include <thread>

#include "tests/e2e/referral_fixture.h"

namespace casebridge::testing {
namespace {

class ReferralScenariosE2ETest : public ReferralFixture {
 protected:
  // Asserts that `r` is in `state`, that its last event is `type` and moved exactly `clocks`.
  static void ExpectStep(const v1::Referral& r, State::State state, Event::Type type,
                         const ClockStates& clocks) {
    EXPECT_EQ(r.state(), state) << State::State_Name(r.state());
    const v1::ReferralEvent last = LastEvent(r);
    EXPECT_EQ(last.type(), type) << Event::Type_Name(last.type());
    EXPECT_EQ(last.snapshot().state(), state);
    EXPECT_EQ(ClockChanges(last), clocks) << Event::Type_Name(type);
  }
  // Asserts the whole story of `r`, as stored and as review reads it from the feed.
  static void ExpectStory(const v1::Referral& r, const std::vector<Event::Type>& story) {
    EXPECT_EQ(EventTypes(r), story);
    EXPECT_EQ(FeedTypes(r, story.size()), story);
  }
};

// (1) A trademark case meeting 刑法 213: reported, approved, transferred, received, forwarded to
// the competent police, received there, declined, reconsideration requested, the decline upheld,
// and supervision proposed to the procuratorate (310号第五至九条).
TEST_F(ReferralScenariosE2ETest, DeclineContestedUpToTheProcuratorate) {
  const v1::CaseFile c = CaseWithGoods("RS-1");
  ASSERT_EQ(c.assessment().overall_outcome(), v1::ASSESSMENT_OUTCOME_MET);
  const v1::Referral draft = Refer(c);
  ExpectStep(draft, State::STATE_DRAFT, Event::TYPE_CREATED, {});

  const v1::Referral reported = Reported(draft);
  ExpectStep(reported, State::STATE_REPORTED, Event::TYPE_REPORT_SUBMITTED,
             {{Kind::KIND_HEAD_DECISION, ClockState::STATE_OPEN}});
  ExpectThreeDayClock(Clock(reported, Kind::KIND_HEAD_DECISION), reported.report().submit_time(),
                      "第五条");

  const v1::Referral approved = Approved(reported);
  ExpectStep(approved, State::STATE_APPROVED, Event::TYPE_APPROVED,
             {{Kind::KIND_HEAD_DECISION, ClockState::STATE_MET},
              {Kind::KIND_TRANSFER, ClockState::STATE_OPEN}});
  ExpectTwentyFourHourClock(Clock(approved, Kind::KIND_TRANSFER),
                            approved.head_decision().decide_time(), "第五条");

  const v1::Referral transferred = Transferred(approved);
  ExpectStep(transferred, State::STATE_TRANSFERRED, Event::TYPE_TRANSFERRED,
             {{Kind::KIND_TRANSFER, ClockState::STATE_MET}});
  EXPECT_EQ(transferred.current_police(), "organisations/nt-psb");

  const v1::Referral received = Received(transferred, "nt.receiver");
  ExpectStep(received, State::STATE_RECEIVED, Event::TYPE_RECEIVED,
             {{Kind::KIND_FILING_DECISION, ClockState::STATE_OPEN}});
  ExpectThreeDayClock(Clock(received, Kind::KIND_FILING_DECISION),
                      received.receipts(0).receive_time(), "第八条");

  auto forward = On<v1::ForwardReferralRequest>(received, "forward-RS-1");
  forward.set_to_police("organisations/cc-psb");
  forward.set_reasons("犯罪地在崇川区，由崇川分局管辖");
  const v1::Referral forwarded = Do(&ReferralStub::ForwardReferral, "nt.receiver", forward);
  ExpectStep(forwarded, State::STATE_FORWARDED, Event::TYPE_FORWARDED,
             {{Kind::KIND_FILING_DECISION, ClockState::STATE_CANCELLED},
              {Kind::KIND_FORWARD, ClockState::STATE_MET}});
  ExpectTwentyFourHourClock(Clock(forwarded, Kind::KIND_FORWARD),
                            received.receipts(0).receive_time(), "第七条");

  const v1::Referral received_again = Received(forwarded, "cc.receiver");
  ExpectStep(received_again, State::STATE_RECEIVED, Event::TYPE_RECEIVED,
             {{Kind::KIND_FILING_DECISION, ClockState::STATE_OPEN}});
  const v1::Deadline filing = Clock(received_again, Kind::KIND_FILING_DECISION);
  EXPECT_EQ(filing.clock().responsible_organisation(), "organisations/cc-psb");
  ExpectThreeDayClock(filing, received_again.receipts(1).receive_time(), "第八条");
  // nt-psb holds it no more: its investigators cannot decide.
  v1::Referral out;
  EXPECT_EQ(Call(&ReferralStub::DeclineFiling, "nt.investigator",
                 GoodDecline(received_again, "decline-RS-1-nt"), &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  const v1::Referral declined = Do(&ReferralStub::DeclineFiling, "cc.investigator",
                                   GoodDecline(received_again, "decline-RS-1"));
  ExpectStep(declined, State::STATE_DECLINED, Event::TYPE_DECLINED,
             {{Kind::KIND_FILING_DECISION, ClockState::STATE_MET},
              {Kind::KIND_RECONSIDERATION_REQUEST, ClockState::STATE_OPEN}});
  EXPECT_EQ(declined.decline().police(), "organisations/cc-psb");

  auto request = On<v1::RequestReconsiderationRequest>(declined, "reconsider-RS-1");
  request.set_reasons("权利人鉴别意见与价格认定足以证明非法经营数额");
  const v1::Referral requested = Do(&ReferralStub::RequestReconsideration, "nt.officer", request);
  ExpectStep(requested, State::STATE_RECONSIDERATION_REQUESTED,
             Event::TYPE_RECONSIDERATION_REQUESTED,
             {{Kind::KIND_RECONSIDERATION_REQUEST, ClockState::STATE_MET},
              {Kind::KIND_RECONSIDERATION_DECISION, ClockState::STATE_OPEN}});
  EXPECT_EQ(
      Clock(requested, Kind::KIND_RECONSIDERATION_DECISION).clock().responsible_organisation(),
      "organisations/cc-psb");

  auto decide = On<v1::DecideReconsiderationRequest>(requested, "decide-RS-1");
  decide.set_outcome(v1::Referral::Reconsideration::OUTCOME_DECLINE_UPHELD);
  decide.set_decision_number("崇公（经）复决字〔2026〕1号");
  decide.set_reasons("维持原不予立案决定");
  const v1::Referral upheld = Do(&ReferralStub::DecideReconsideration, "cc.investigator", decide);
  ExpectStep(upheld, State::STATE_RECONSIDERATION_DECLINED, Event::TYPE_RECONSIDERATION_DECLINED,
             {{Kind::KIND_RECONSIDERATION_DECISION, ClockState::STATE_MET},
              {Kind::KIND_SUPERVISION_PROPOSAL, ClockState::STATE_OPEN}});

  auto propose = On<v1::ProposeSupervisionRequest>(upheld, "supervise-RS-1");
  propose.set_procuratorate("organisations/nt-procuratorate");
  propose.set_reasons("复议决定仍维持不予立案，理由不能成立");
  const v1::Referral proposed = Do(&ReferralStub::ProposeSupervision, "nt.officer", propose);
  ExpectStep(proposed, State::STATE_SUPERVISION_PROPOSED, Event::TYPE_SUPERVISION_PROPOSED,
             {{Kind::KIND_SUPERVISION_PROPOSAL, ClockState::STATE_MET}});

  ExpectStory(
      proposed,
      {Event::TYPE_CREATED, Event::TYPE_DOCUMENT_ADDED, Event::TYPE_REPORT_SUBMITTED,
       Event::TYPE_APPROVED, Event::TYPE_TRANSFERRED, Event::TYPE_RECEIVED, Event::TYPE_FORWARDED,
       Event::TYPE_RECEIVED, Event::TYPE_DECLINED, Event::TYPE_RECONSIDERATION_REQUESTED,
       Event::TYPE_RECONSIDERATION_DECLINED, Event::TYPE_SUPERVISION_PROPOSED});
  // Every clock as it stands at the end, in opening order.
  ClockStates clocks;
  for (const v1::Deadline& d : proposed.deadlines())
    clocks.emplace_back(d.kind(), d.clock().state());
  EXPECT_EQ(clocks, (ClockStates{{Kind::KIND_HEAD_DECISION, ClockState::STATE_MET},
                                 {Kind::KIND_TRANSFER, ClockState::STATE_MET},
                                 {Kind::KIND_FILING_DECISION, ClockState::STATE_CANCELLED},
                                 {Kind::KIND_FORWARD, ClockState::STATE_MET},
                                 {Kind::KIND_FILING_DECISION, ClockState::STATE_MET},
                                 {Kind::KIND_RECONSIDERATION_REQUEST, ClockState::STATE_MET},
                                 {Kind::KIND_RECONSIDERATION_DECISION, ClockState::STATE_MET},
                                 {Kind::KIND_SUPERVISION_PROPOSAL, ClockState::STATE_MET}}));
}

// (2) Filed, the goods handed over within 3 days and the hand-over confirmed (310号第八条、
// 第十二条).
TEST_F(ReferralScenariosE2ETest, FiledCaseHandedOverAndConfirmed) {
  const v1::Referral received = ReceivedByPolice("RS-2");
  const v1::Referral filed = Filed(received);
  ExpectStep(filed, State::STATE_FILED, Event::TYPE_FILED,
             {{Kind::KIND_FILING_DECISION, ClockState::STATE_MET},
              {Kind::KIND_HANDOVER, ClockState::STATE_OPEN}});
  ExpectThreeDayClock(Clock(filed, Kind::KIND_HANDOVER), filed.filing().file_time(), "第十二条");

  auto handover = On<v1::RecordHandoverRequest>(filed, "handover-RS-2");
  auto* line = handover.add_items();
  line->set_seized_item(SeizedItem(filed));
  line->set_quantity("120");
  handover.set_recipient_person("李某");
  const v1::Referral recorded = Do(&ReferralStub::RecordHandover, "nt.officer", handover);
  ExpectStep(recorded, State::STATE_HANDOVER_RECORDED, Event::TYPE_HANDOVER_RECORDED,
             {{Kind::KIND_HANDOVER, ClockState::STATE_MET}});

  const v1::Referral confirmed = Do(&ReferralStub::ConfirmHandover, "nt.investigator",
                                    On<v1::ConfirmHandoverRequest>(recorded, "confirm-RS-2"));
  ExpectStep(confirmed, State::STATE_HANDED_OVER, Event::TYPE_HANDOVER_CONFIRMED, {});
  EXPECT_EQ(confirmed.handover().discrepancies(), "");
  ExpectStory(confirmed,
              {Event::TYPE_CREATED, Event::TYPE_DOCUMENT_ADDED, Event::TYPE_REPORT_SUBMITTED,
               Event::TYPE_APPROVED, Event::TYPE_TRANSFERRED, Event::TYPE_RECEIVED,
               Event::TYPE_FILED, Event::TYPE_HANDOVER_RECORDED, Event::TYPE_HANDOVER_CONFIRMED});
}

// (3) The police find the facts too minor and transfer the case back; the agency takes it,
// penalises it and reports the outcome (310号第十条、第十三条).
TEST_F(ReferralScenariosE2ETest, ReverseTransferThenPenalised) {
  const v1::Referral filed = Filed(ReceivedByPolice("RS-3"));
  auto reverse = On<v1::ReverseTransferRequest>(filed, "reverse-RS-3");
  reverse.set_basis(v1::Referral::ReverseTransfer::BASIS_TOO_MINOR);
  reverse.set_reasons("情节显著轻微，建议依法给予行政处罚");
  const v1::Referral back = Do(&ReferralStub::ReverseTransfer, "nt.investigator", reverse);
  ExpectStep(back, State::STATE_REVERSE_TRANSFERRED, Event::TYPE_REVERSE_TRANSFERRED,
             {{Kind::KIND_HANDOVER, ClockState::STATE_CANCELLED}});

  const v1::Referral taken =
      Do(&ReferralStub::AcknowledgeReverseTransfer, "nt.officer",
         On<v1::AcknowledgeReverseTransferRequest>(back, "acknowledge-RS-3"));
  ExpectStep(taken, State::STATE_REVERSE_ACKNOWLEDGED, Event::TYPE_REVERSE_TRANSFER_ACKNOWLEDGED,
             {});

  // Intake hears the case is back with the agency and lets it be penalised (art. 13).
  const v1::CaseFile c = AwaitStage(taken, v1::ReferralLink::STAGE_REVERSE_TRANSFERRED);
  v1::PenaltyDecision d = GoodDecision("通市监处罚〔2026〕42号");
  d.set_justification_when_threshold_met(
      "公安机关认为情节显著轻微，反向移送（国务院令第310号第十三条）");
  d.set_justifying_referral(taken.name());
  v1::PenaltyDecision decided;
  grpc::Status s = Record("nt.officer", c, d, "penalise-RS-3", &decided);
  ASSERT_TRUE(s.ok()) << s.error_message();

  auto report = On<v1::ReportAdministrativeOutcomeRequest>(taken, "outcome-RS-3");
  report.set_kind(v1::Referral::AdministrativeOutcome::KIND_PENALISED);
  report.add_penalty_decisions(taken.case_file() + "/penaltyDecisions/none");
  report.set_summary("依法给予罚款 5 万元、没收违法所得 3,000 元的行政处罚");
  v1::Referral out;
  s = Call(&ReferralStub::ReportAdministrativeOutcome, "nt.officer", report, &out);
  EXPECT_EQ(ViolatedFields(s), std::set<std::string>{"penalty_decisions[0]"});
  report.set_penalty_decisions(0, decided.name());
  const v1::Referral closed = Do(&ReferralStub::ReportAdministrativeOutcome, "nt.officer", report);
  ExpectStep(closed, State::STATE_CLOSED_ADMINISTRATIVELY,
             Event::TYPE_ADMINISTRATIVE_OUTCOME_REPORTED, {});
  EXPECT_EQ(closed.administrative_outcome().penalty_decisions(0), decided.name());
  ExpectStory(closed, {Event::TYPE_CREATED, Event::TYPE_DOCUMENT_ADDED,
                       Event::TYPE_REPORT_SUBMITTED, Event::TYPE_APPROVED, Event::TYPE_TRANSFERRED,
                       Event::TYPE_RECEIVED, Event::TYPE_FILED, Event::TYPE_REVERSE_TRANSFERRED,
                       Event::TYPE_REVERSE_TRANSFER_ACKNOWLEDGED,
                       Event::TYPE_ADMINISTRATIVE_OUTCOME_REPORTED});
}

// (4) The head refuses with reasons (310号第五条); nothing further can happen to the referral, and
// the case may be referred anew.
TEST_F(ReferralScenariosE2ETest, RefusedByTheHead) {
  const v1::CaseFile c = CaseWithGoods("RS-4");
  const v1::Referral reported = Reported(Refer(c));
  auto refuse = On<v1::RefuseReferralRequest>(reported, "refuse-RS-4");
  refuse.set_reasons("证据不足，退回专案组补充调查");
  const v1::Referral refused = Do(&ReferralStub::RefuseReferral, "nt.head", refuse);
  ExpectStep(refused, State::STATE_REFUSED, Event::TYPE_REFUSED,
             {{Kind::KIND_HEAD_DECISION, ClockState::STATE_MET}});
  ExpectStory(refused, {Event::TYPE_CREATED, Event::TYPE_DOCUMENT_ADDED,
                        Event::TYPE_REPORT_SUBMITTED, Event::TYPE_REFUSED});

  auto approve = On<v1::ApproveReferralRequest>(refused, "approve-RS-4");
  v1::Referral out;
  grpc::Status s = Call(&ReferralStub::ApproveReferral, "nt.head", approve, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorMetadata(s, "state"), "REFUSED");
  auto withdraw = On<v1::WithdrawReferralRequest>(refused, "withdraw-RS-4");
  withdraw.set_reasons("撤回");
  EXPECT_EQ(Call(&ReferralStub::WithdrawReferral, "nt.officer", withdraw, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::CreateReferralRequest again;
  again.set_request_id("refer-RS-4-again");
  again.mutable_referral()->set_case_file(c.name());
  *again.mutable_referral()->mutable_task_force() = refused.task_force();
  s = referrals_->CreateReferral(As("nt.officer").get(), again, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.state(), State::STATE_DRAFT);
}

// Two investigators decide the same received referral at the same moment, one filing and one
// declining: exactly one decision stands, the other is refused, and one event records it.
TEST_F(ReferralScenariosE2ETest, TwoInvestigatorsDecideAtOnceAndOneWins) {
  const v1::Referral received = ReceivedByPolice("RS-5");
  const Written before = WrittenFor(received);
  const auto file = GoodFiling(received, "file-RS-5");
  const auto decline = GoodDecline(received, "decline-RS-5");
  std::latch start(2);
  grpc::Status filed;
  grpc::Status declined;
  v1::Referral filed_out;
  v1::Referral declined_out;
  // Contexts and stubs ready before the latch, so both calls leave together.
  auto file_context = As("nt.investigator");
  auto decline_context = As("nt.investigator2");
  std::thread first([&] {
    start.arrive_and_wait();
    filed = referrals_->FileCase(file_context.get(), file, &filed_out);
  });
  std::thread second([&] {
    start.arrive_and_wait();
    declined = referrals_->DeclineFiling(decline_context.get(), decline, &declined_out);
  });
  first.join();
  second.join();

  ASSERT_NE(filed.ok(), declined.ok())
      << filed.error_message() << " / " << declined.error_message();
  const grpc::Status& loser = filed.ok() ? declined : filed;
  EXPECT_TRUE(loser.error_code() == grpc::StatusCode::ABORTED ||
              loser.error_code() == grpc::StatusCode::FAILED_PRECONDITION)
      << loser.error_code() << " " << loser.error_message();
  const v1::Referral after = Read(received.name());
  EXPECT_EQ(after.state(), filed.ok() ? State::STATE_FILED : State::STATE_DECLINED);
  EXPECT_EQ(WrittenFor(received),
            (Written{before.version + 1, before.events + 1, before.audit + 1}));
  ExpectStep(after, after.state(), filed.ok() ? Event::TYPE_FILED : Event::TYPE_DECLINED,
             {{Kind::KIND_FILING_DECISION, ClockState::STATE_MET},
              {filed.ok() ? Kind::KIND_HANDOVER : Kind::KIND_RECONSIDERATION_REQUEST,
               ClockState::STATE_OPEN}});
}

}  // namespace
}  // namespace casebridge::testing
