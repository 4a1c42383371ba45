// How a referral ends after filing, end to end: the police transfer the case back and the agency
// takes it and reports what it did (国务院令第310号第十条、第十三条), and fines already paid are
// offset against the criminal fine (第十一条; 行政处罚法第三十五条).
#include "tests/e2e/referral_fixture.h"

namespace casebridge::testing {
namespace {

using Outcome = v1::Referral::AdministrativeOutcome;

class ReferralOutcomesE2ETest : public ReferralFixture {
 protected:
  static v1::ReverseTransferRequest GoodReverse(const v1::Referral& filed) {
    auto request = On<v1::ReverseTransferRequest>(filed, "reverse-" + Id(filed));
    request.set_basis(v1::Referral::ReverseTransfer::BASIS_TOO_MINOR);
    request.set_reasons("犯罪情节显著轻微，不需要追究刑事责任，但应予行政处罚");
    request.set_police_decision_number("通公（经）撤案字〔2026〕5号");
    auto* basis = request.add_legal_basis();
    basis->set_instrument("中华人民共和国刑事诉讼法");
    basis->set_article("第十六条");
    auto* line = request.add_returned_items();
    line->set_seized_item(SeizedItem(filed));
    line->set_quantity("120");
    return request;
  }
  static v1::AcknowledgeReverseTransferRequest GoodAcknowledge(const v1::Referral& back) {
    auto request = On<v1::AcknowledgeReverseTransferRequest>(back, "acknowledge-" + Id(back));
    request.set_note("已收回运动鞋 120 双及案卷材料");
    return request;
  }
};

TEST_F(ReferralOutcomesE2ETest, ReverseTransferAcknowledgedAndOutcomeReported) {
  const v1::Referral filed = Filed(ReceivedByPolice("RO-R1"));
  const auto good = GoodReverse(filed);
  auto bad = good;
  bad.clear_basis();
  bad.clear_reasons();
  bad.mutable_returned_items(0)->set_quantity("0");
  const v1::Referral back = CheckAct(
      filed, &ReferralStub::ReverseTransfer, "ReverseTransfer", "nt.investigator", "nt.officer",
      good, bad, {"basis", "reasons", "returned_items[0].quantity"},
      Event::TYPE_REVERSE_TRANSFERRED, State::STATE_REVERSE_TRANSFERRED, "nt.investigator");
  const v1::Referral::ReverseTransfer& rt = back.reverse_transfer();
  EXPECT_EQ(rt.basis(), v1::Referral::ReverseTransfer::BASIS_TOO_MINOR);
  EXPECT_EQ(rt.reasons(), good.reasons());
  EXPECT_EQ(rt.police_decision_number(), good.police_decision_number());
  EXPECT_EQ(rt.legal_basis(0).article(), "第十六条");
  ASSERT_EQ(rt.returned_items_size(), 1);
  EXPECT_EQ(rt.transferred_by().user(), "users/nt.investigator");
  EXPECT_EQ(rt.transfer_time(), back.update_time());
  // The hand-over the agency owed is moot once the case comes back (art. 13).
  EXPECT_EQ(Clock(back, Kind::KIND_HANDOVER).clock().state(), ClockState::STATE_CANCELLED);
  EXPECT_EQ(ClockChanges(LastEvent(back)),
            (ClockStates{{Kind::KIND_HANDOVER, ClockState::STATE_CANCELLED}}));
  // No fine is offset against a case no longer prosecuted.
  auto offset = On<v1::RecordFineOffsetRequest>(back, "offset-RO-R1");
  offset.mutable_fine_offset()->set_penalty_decision(back.case_file() + "/penaltyDecisions/pd-1");
  offset.mutable_fine_offset()->set_judgment_number("（2026）苏0602刑初124号");
  *offset.mutable_fine_offset()->mutable_judgment_date() = MakeDate(2026, 10, 21);
  v1::Referral out;
  grpc::Status s = Call(&ReferralStub::RecordFineOffset, "nt.officer", offset, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorMetadata(s, "state"), "REVERSE_TRANSFERRED");

  const auto acknowledge = GoodAcknowledge(back);
  auto bad_acknowledge = acknowledge;
  bad_acknowledge.set_note(std::string(2001, 'x'));
  const v1::Referral taken = CheckAct(
      back, &ReferralStub::AcknowledgeReverseTransfer, "AcknowledgeReverseTransfer", "nt.officer2",
      "nt.investigator", acknowledge, bad_acknowledge, {"note"},
      Event::TYPE_REVERSE_TRANSFER_ACKNOWLEDGED, State::STATE_REVERSE_ACKNOWLEDGED, "nt.officer");
  EXPECT_EQ(taken.reverse_transfer().acknowledge_note(), acknowledge.note());
  EXPECT_EQ(taken.reverse_transfer().acknowledged_by().user(), "users/nt.officer2");
  EXPECT_EQ(taken.reverse_transfer().acknowledge_time(), taken.update_time());
  EXPECT_EQ(taken.reverse_transfer().transfer_time(), rt.transfer_time());

  auto report = On<v1::ReportAdministrativeOutcomeRequest>(taken, "outcome-RO-R1");
  report.set_kind(Outcome::KIND_NOT_PENALISED);
  report.set_summary("当事人违法行为轻微并及时改正，依法不予行政处罚");
  auto bad_report = report;
  bad_report.clear_kind();
  bad_report.add_penalty_decisions("pd-1");
  bad_report.clear_summary();
  auto listed = report;
  listed.set_request_id("outcome-RO-R1-listed");
  listed.add_penalty_decisions(taken.case_file() + "/penaltyDecisions/pd-1");
  EXPECT_EQ(
      ViolatedFields(Call(&ReferralStub::ReportAdministrativeOutcome, "nt.officer", listed, &out)),
      std::set<std::string>{"penalty_decisions"});
  const v1::Referral closed = CheckAct(
      taken, &ReferralStub::ReportAdministrativeOutcome, "ReportAdministrativeOutcome",
      "nt.officer", "nt.investigator", report, bad_report,
      {"kind", "penalty_decisions[0]", "summary"}, Event::TYPE_ADMINISTRATIVE_OUTCOME_REPORTED,
      State::STATE_CLOSED_ADMINISTRATIVELY, "nt.officer");
  EXPECT_EQ(closed.administrative_outcome().kind(), Outcome::KIND_NOT_PENALISED);
  EXPECT_EQ(closed.administrative_outcome().summary(), report.summary());
  EXPECT_EQ(closed.administrative_outcome().reported_by().user(), "users/nt.officer");
  EXPECT_EQ(closed.administrative_outcome().report_time(), closed.update_time());
}

TEST_F(ReferralOutcomesE2ETest, OutcomeAfterADeclineGivesUpTheAgencysWindow) {
  // The agency accepts the decline and handles the case itself (310号第十条).
  const v1::Referral declined = Declined(ReceivedByPolice("RO-D1"));
  auto report = On<v1::ReportAdministrativeOutcomeRequest>(declined, "outcome-RO-D1");
  report.set_kind(Outcome::KIND_TRANSFERRED_ELSEWHERE);
  report.set_summary("移送有管辖权的文化市场综合执法机构处理");
  const v1::Referral closed = Do(&ReferralStub::ReportAdministrativeOutcome, "nt.officer", report);
  EXPECT_EQ(closed.state(), State::STATE_CLOSED_ADMINISTRATIVELY);
  EXPECT_EQ(LastEvent(closed).type(), Event::TYPE_ADMINISTRATIVE_OUTCOME_REPORTED);
  EXPECT_EQ(Clock(closed, Kind::KIND_RECONSIDERATION_REQUEST).clock().state(),
            ClockState::STATE_CANCELLED);
  EXPECT_EQ(ClockChanges(LastEvent(closed)),
            (ClockStates{{Kind::KIND_RECONSIDERATION_REQUEST, ClockState::STATE_CANCELLED}}));
}

TEST_F(ReferralOutcomesE2ETest, FinePaidBeforeTheReferralIsOffsetAgainstTheCriminalFine) {
  // Penalised for what was established first, then the rest referred (310号第十一条).
  const v1::CaseFile c = CaseWithGoods("RO-O1");
  v1::PenaltyDecision d = GoodDecision("通市监处罚〔2026〕41号");
  d.set_justification_when_threshold_met(
      "先行处罚已查实的销售行为，涉嫌犯罪部分依法移送公安机关（国务院令第310号第十一条）");
  v1::PenaltyDecision decided;
  grpc::Status s = Record("nt.officer", c, d, "penalise-RO-O1", &decided);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const v1::Referral filed =
      Filed(Received(Transferred(Approved(Reported(Refer(Get(c.name()))))), "nt.receiver"));

  auto good = On<v1::RecordFineOffsetRequest>(filed, "offset-RO-O1");
  v1::Referral::FineOffset& f = *good.mutable_fine_offset();
  f.set_penalty_decision(decided.name());
  f.set_administrative_fine_paid_fen(5'000'000);
  f.set_criminal_fine_fen(8'000'000);
  f.set_offset_amount_fen(5'000'000);
  f.set_judgment_number("（2026）苏0602刑初123号");
  *f.mutable_judgment_date() = MakeDate(2026, 10, 20);
  auto bad = good;
  v1::Referral::FineOffset& b = *bad.mutable_fine_offset();
  b.set_penalty_decision("pd-1");
  b.set_administrative_fine_paid_fen(100);
  b.set_criminal_fine_fen(-1);
  b.set_offset_amount_fen(200);
  b.clear_judgment_number();
  *b.mutable_judgment_date() = MakeDate(2099, 1, 1);
  // A decision of this case that the case as referred did not hold.
  auto unknown = good;
  unknown.set_request_id("offset-RO-O1-unknown");
  unknown.mutable_fine_offset()->set_penalty_decision(c.name() + "/penaltyDecisions/none");
  v1::Referral out;
  EXPECT_EQ(ViolatedFields(Call(&ReferralStub::RecordFineOffset, "nt.officer", unknown, &out)),
            std::set<std::string>{"fine_offset.penalty_decision"});

  const v1::Referral offset = CheckAct(
      filed, &ReferralStub::RecordFineOffset, "RecordFineOffset", "nt.officer", "nt.receiver", good,
      bad,
      {"fine_offset.penalty_decision", "fine_offset.criminal_fine_fen",
       "fine_offset.offset_amount_fen", "fine_offset.judgment_number", "fine_offset.judgment_date"},
      Event::TYPE_FINE_OFFSET_RECORDED, State::STATE_FILED, "");
  ASSERT_EQ(offset.fine_offsets_size(), 1);
  EXPECT_EQ(offset.fine_offsets(0).penalty_decision(), decided.name());
  EXPECT_EQ(offset.fine_offsets(0).offset_amount_fen(), 5'000'000);
  EXPECT_EQ(offset.fine_offsets(0).judgment_date().day(), 20);
  EXPECT_EQ(offset.fine_offsets(0).recorded_by().user(), "users/nt.officer");
  EXPECT_EQ(offset.fine_offsets(0).record_time(), offset.update_time());
  EXPECT_TRUE(LastEvent(offset).deadline_changes().empty());
  // The handover clock the filing opened runs on untouched.
  EXPECT_EQ(Clock(offset, Kind::KIND_HANDOVER).clock().state(), ClockState::STATE_OPEN);

  // The procuratorate covering the region may record it too; the offset may not exceed the
  // criminal fine.
  auto by_procurator = On<v1::RecordFineOffsetRequest>(offset, "offset-RO-O1-procurator");
  *by_procurator.mutable_fine_offset() = good.fine_offset();
  by_procurator.mutable_fine_offset()->set_criminal_fine_fen(3'000'000);
  EXPECT_EQ(
      ViolatedFields(Call(&ReferralStub::RecordFineOffset, "nt.procurator", by_procurator, &out)),
      std::set<std::string>{"fine_offset.offset_amount_fen"});
  by_procurator.mutable_fine_offset()->set_offset_amount_fen(3'000'000);
  const v1::Referral twice = Do(&ReferralStub::RecordFineOffset, "nt.procurator", by_procurator);
  ASSERT_EQ(twice.fine_offsets_size(), 2);
  EXPECT_EQ(twice.fine_offsets(1).recorded_by().organisation(), "organisations/nt-procuratorate");
  EXPECT_EQ(twice.state(), State::STATE_FILED);
}

}  // namespace
}  // namespace casebridge::testing
