// The acts after the transfer, end to end: the police's forwarding, filing, declining and
// reconsideration decision (国务院令第310号第七至九条), the agency's reconsideration request and
// supervision proposal (第九条), and the hand-over (第十二条).
#include "tests/e2e/referral_fixture.h"

namespace casebridge::testing {
namespace {

class ReferralPoliceActsE2ETest : public ReferralFixture {};

TEST_F(ReferralPoliceActsE2ETest, ForwardingHandsTheReferralToTheCompetentPolice) {
  const v1::Referral r = ReceivedByPolice("RP-F1");
  auto good = On<v1::ForwardReferralRequest>(r, "forward-RP-F1");
  good.set_to_police("organisations/cc-psb");
  good.set_reasons("犯罪地在崇川区，由崇川分局管辖");
  auto bad = good;
  bad.set_to_police("cc-psb");
  bad.clear_reasons();
  bad.set_notice_document("documents/notice");
  // Forwarding to the police holding it is no forwarding.
  auto same = good;
  same.set_request_id("forward-RP-F1-same");
  same.set_to_police("organisations/nt-psb");
  v1::Referral out;
  grpc::Status s = Call(&ReferralStub::ForwardReferral, "nt.receiver", same, &out);
  EXPECT_EQ(ViolatedFields(s), std::set<std::string>{"to_police"});
  // Accounts' directory says what an organisation is: an agency or an unknown one is no police.
  for (const char* other : {"organisations/nt-amr", "organisations/nowhere"}) {
    same.set_to_police(other);
    EXPECT_EQ(ViolatedFields(Call(&ReferralStub::ForwardReferral, "nt.receiver", same, &out)),
              std::set<std::string>{"to_police"})
        << other;
  }

  // Investigators do not forward; after the forwarding nt-psb no longer holds it, so its
  // receiver is refused for the role, not the state.
  const v1::Referral forwarded =
      CheckAct(r, &ReferralStub::ForwardReferral, "ForwardReferral", "nt.receiver",
               "nt.investigator", good, bad, {"to_police", "reasons", "notice_document"},
               Event::TYPE_FORWARDED, State::STATE_FORWARDED, "");
  ASSERT_EQ(forwarded.forwardings_size(), 1);
  const v1::Referral::Forwarding& f = forwarded.forwardings(0);
  EXPECT_EQ(f.from_police(), "organisations/nt-psb");
  EXPECT_EQ(f.to_police(), "organisations/cc-psb");
  EXPECT_EQ(f.reasons(), good.reasons());
  EXPECT_EQ(f.forwarded_by().user(), "users/nt.receiver");
  EXPECT_EQ(f.forward_time(), forwarded.update_time());
  EXPECT_EQ(forwarded.current_police(), "organisations/cc-psb");

  // Art. 7: 24 hours from the receipt, written met at the forwarding; the filing clock is moot.
  const v1::Deadline forward = Clock(forwarded, Kind::KIND_FORWARD);
  EXPECT_EQ(forward.clock().state(), ClockState::STATE_MET);
  EXPECT_EQ(forward.clock().responsible_organisation(), "organisations/nt-psb");
  ExpectTwentyFourHourClock(forward, r.receipts(0).receive_time(), "第七条");
  EXPECT_EQ(forward.clock().completion_time(), f.forward_time());
  EXPECT_EQ(Clock(forwarded, Kind::KIND_FILING_DECISION).clock().state(),
            ClockState::STATE_CANCELLED);
  EXPECT_EQ(ClockChanges(LastEvent(forwarded)),
            (ClockStates{{Kind::KIND_FILING_DECISION, ClockState::STATE_CANCELLED},
                         {Kind::KIND_FORWARD, ClockState::STATE_MET}}));

  auto again = good;
  again.set_request_id("forward-RP-F1-again");
  again.set_etag(forwarded.etag());
  s = Call(&ReferralStub::ForwardReferral, "nt.receiver", again, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // The competent police sign their own receipt and must decide within 3 days (art. 8).
  const v1::Referral received = Received(forwarded, "cc.receiver");
  EXPECT_EQ(received.state(), State::STATE_RECEIVED);
  ASSERT_EQ(received.receipts_size(), 2);
  EXPECT_EQ(received.receipts(1).police(), "organisations/cc-psb");
  const v1::Deadline filing = Clock(received, Kind::KIND_FILING_DECISION);
  EXPECT_EQ(filing.clock().state(), ClockState::STATE_OPEN);
  EXPECT_EQ(filing.clock().responsible_organisation(), "organisations/cc-psb");
  ExpectThreeDayClock(filing, received.receipts(1).receive_time(), "第八条");
}

TEST_F(ReferralPoliceActsE2ETest, FilingMeetsTheThreeDaysAndOpensTheHandover) {
  const v1::Referral r = ReceivedByPolice("RP-C1");
  const auto good = GoodFiling(r, "file-RP-C1");
  auto bad = good;
  bad.set_basis(v1::Referral::Filing::BASIS_RECONSIDERATION);
  bad.clear_decision_number();
  bad.set_procuratorate_notice_number("通检立通〔2026〕1号");
  bad.clear_charges();
  bad.add_documents("referrals/other/documents/scan");
  // Filed on review, not on a procuratorate's notice, while it is first received.
  auto notice = good;
  notice.set_request_id("file-RP-C1-notice");
  notice.set_basis(v1::Referral::Filing::BASIS_PROCURATORATE_NOTICE);
  notice.set_procuratorate_notice_number("通检立通〔2026〕1号");
  v1::Referral out;
  EXPECT_EQ(ViolatedFields(Call(&ReferralStub::FileCase, "nt.investigator", notice, &out)),
            std::set<std::string>{"basis"});

  const v1::Referral filed = CheckAct(
      r, &ReferralStub::FileCase, "FileCase", "nt.investigator", "nt.receiver", good, bad,
      {"basis", "decision_number", "procuratorate_notice_number", "charges", "documents[0]"},
      Event::TYPE_FILED, State::STATE_FILED, "nt.investigator");
  const v1::Referral::Filing& filing = filed.filing();
  EXPECT_EQ(filing.basis(), v1::Referral::Filing::BASIS_REVIEW);
  EXPECT_EQ(filing.decision_number(), good.decision_number());
  EXPECT_EQ(filing.notice_number(), good.notice_number());
  EXPECT_EQ(filing.police(), "organisations/nt-psb");
  ASSERT_EQ(filing.charges_size(), 1);
  EXPECT_EQ(filing.filed_by().user(), "users/nt.investigator");
  EXPECT_EQ(filing.file_time(), filed.update_time());

  const v1::Deadline decision = Clock(filed, Kind::KIND_FILING_DECISION);
  EXPECT_EQ(decision.clock().state(), ClockState::STATE_MET);
  EXPECT_EQ(decision.clock().completion_time(), filing.file_time());
  const v1::Deadline handover = Clock(filed, Kind::KIND_HANDOVER);
  EXPECT_EQ(handover.clock().state(), ClockState::STATE_OPEN);
  EXPECT_EQ(handover.clock().responsible_organisation(), "organisations/nt-amr");
  ExpectThreeDayClock(handover, filing.file_time(), "第十二条");
  EXPECT_EQ(ClockChanges(LastEvent(filed)),
            (ClockStates{{Kind::KIND_FILING_DECISION, ClockState::STATE_MET},
                         {Kind::KIND_HANDOVER, ClockState::STATE_OPEN}}));
}

TEST_F(ReferralPoliceActsE2ETest, DeclineStatesReasonsAndOpensTheAgencysWindow) {
  const v1::Referral r = ReceivedByPolice("RP-D1");
  const auto good = GoodDecline(r, "decline-RP-D1");
  auto bad = good;
  bad.clear_notice_number();
  bad.set_reasons("");
  bad.mutable_legal_basis(0)->clear_instrument();
  const v1::Referral declined =
      CheckAct(r, &ReferralStub::DeclineFiling, "DeclineFiling", "nt.investigator", "nt.receiver",
               good, bad, {"notice_number", "reasons", "legal_basis[0].instrument"},
               Event::TYPE_DECLINED, State::STATE_DECLINED, "nt.investigator");
  const v1::Referral::Decline& decline = declined.decline();
  EXPECT_EQ(decline.notice_number(), good.notice_number());
  EXPECT_EQ(decline.reasons(), good.reasons());
  EXPECT_EQ(decline.legal_basis(0).article(), "第一百一十二条");
  EXPECT_TRUE(decline.materials_returned());
  EXPECT_EQ(decline.police(), "organisations/nt-psb");
  EXPECT_EQ(decline.declined_by().user(), "users/nt.investigator");
  EXPECT_EQ(decline.decline_time(), declined.update_time());

  const v1::Deadline window = Clock(declined, Kind::KIND_RECONSIDERATION_REQUEST);
  EXPECT_EQ(window.clock().state(), ClockState::STATE_OPEN);
  EXPECT_EQ(window.clock().nature(), ClockState::NATURE_WINDOW);
  EXPECT_EQ(window.clock().responsible_organisation(), "organisations/nt-amr");
  ExpectThreeDayClock(window, decline.decline_time(), "第九条");
  EXPECT_EQ(ClockChanges(LastEvent(declined)),
            (ClockStates{{Kind::KIND_FILING_DECISION, ClockState::STATE_MET},
                         {Kind::KIND_RECONSIDERATION_REQUEST, ClockState::STATE_OPEN}}));
}

TEST_F(ReferralPoliceActsE2ETest, ReconsiderationRequestAndBothDecisions) {
  const v1::Referral declined = Declined(ReceivedByPolice("RP-R1"));
  auto good = On<v1::RequestReconsiderationRequest>(declined, "reconsider-RP-R1");
  good.set_reasons("经补充调查，非法经营数额已查实为 6 万元");
  auto bad = good;
  bad.clear_reasons();
  bad.add_documents(declined.name() + "/documents/none");
  bad.add_documents("scan.pdf");
  const v1::Referral requested = CheckAct(
      declined, &ReferralStub::RequestReconsideration, "RequestReconsideration", "nt.officer",
      "nt.investigator", good, bad, {"reasons", "documents[1]"},
      Event::TYPE_RECONSIDERATION_REQUESTED, State::STATE_RECONSIDERATION_REQUESTED, "nt.officer");
  const v1::Referral::Reconsideration& asked = requested.reconsideration();
  EXPECT_EQ(asked.request_reasons(), good.reasons());
  EXPECT_EQ(asked.requested_by().user(), "users/nt.officer");
  EXPECT_EQ(asked.request_time(), requested.update_time());
  EXPECT_EQ(Clock(requested, Kind::KIND_RECONSIDERATION_REQUEST).clock().state(),
            ClockState::STATE_MET);
  const v1::Deadline decide = Clock(requested, Kind::KIND_RECONSIDERATION_DECISION);
  EXPECT_EQ(decide.clock().state(), ClockState::STATE_OPEN);
  EXPECT_EQ(decide.clock().responsible_organisation(), "organisations/nt-psb");
  ExpectThreeDayClock(decide, asked.request_time(), "第九条");

  // While reconsideration is pending, filing is the reconsideration decision.
  v1::Referral out;
  grpc::Status s = Call(&ReferralStub::FileCase, "nt.investigator",
                        GoodFiling(requested, "file-RP-R1-pending"), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorMetadata(s, "state"), "RECONSIDERATION_REQUESTED");

  // Upheld: the agency may still propose supervision within 3 days.
  auto uphold = On<v1::DecideReconsiderationRequest>(requested, "decide-RP-R1");
  uphold.set_outcome(v1::Referral::Reconsideration::OUTCOME_DECLINE_UPHELD);
  uphold.set_decision_number("通公（经）复决字〔2026〕2号");
  uphold.set_reasons("补充材料仍不能证明数额");
  auto bad_decision = uphold;
  bad_decision.set_outcome(v1::Referral::Reconsideration::OUTCOME_UNSPECIFIED);
  bad_decision.clear_decision_number();
  bad_decision.clear_reasons();
  bad_decision.add_charges(v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
  const v1::Referral upheld = CheckAct(
      requested, &ReferralStub::DecideReconsideration, "DecideReconsideration", "nt.investigator",
      "nt.officer", uphold, bad_decision, {"outcome", "decision_number", "reasons", "charges"},
      Event::TYPE_RECONSIDERATION_DECLINED, State::STATE_RECONSIDERATION_DECLINED,
      "nt.investigator");
  EXPECT_EQ(upheld.reconsideration().outcome(),
            v1::Referral::Reconsideration::OUTCOME_DECLINE_UPHELD);
  EXPECT_EQ(upheld.reconsideration().decision_number(), uphold.decision_number());
  EXPECT_EQ(upheld.reconsideration().decision_reasons(), uphold.reasons());
  EXPECT_EQ(upheld.reconsideration().decided_by().user(), "users/nt.investigator");
  EXPECT_EQ(upheld.reconsideration().decide_time(), upheld.update_time());
  EXPECT_FALSE(upheld.has_filing());
  const v1::Deadline supervision = Clock(upheld, Kind::KIND_SUPERVISION_PROPOSAL);
  EXPECT_EQ(supervision.clock().state(), ClockState::STATE_OPEN);
  EXPECT_EQ(supervision.clock().nature(), ClockState::NATURE_WINDOW);
  ExpectThreeDayClock(supervision, upheld.reconsideration().decide_time(), "第九条");
  EXPECT_EQ(ClockChanges(LastEvent(upheld)),
            (ClockStates{{Kind::KIND_RECONSIDERATION_DECISION, ClockState::STATE_MET},
                         {Kind::KIND_SUPERVISION_PROPOSAL, ClockState::STATE_OPEN}}));

  // Filed on reconsideration: the filing carries that footing and the hand-over clock opens.
  const v1::Referral asked_again = Do(&ReferralStub::RequestReconsideration, "nt.officer", [&] {
    auto request = On<v1::RequestReconsiderationRequest>(Declined(ReceivedByPolice("RP-R2")),
                                                         "reconsider-RP-R2");
    request.set_reasons("已取得价格认定结论");
    return request;
  }());
  auto file = On<v1::DecideReconsiderationRequest>(asked_again, "decide-RP-R2");
  file.set_outcome(v1::Referral::Reconsideration::OUTCOME_FILED);
  file.set_decision_number("通公（经）复决字〔2026〕3号");
  file.set_reasons("价格认定结论证明数额已达追诉标准");
  file.set_filing_decision_number("通公（经）立字〔2026〕120号");
  file.add_charges(v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
  auto missing = file;
  missing.set_request_id("decide-RP-R2-missing");
  missing.clear_filing_decision_number();
  missing.clear_charges();
  EXPECT_EQ(
      ViolatedFields(Call(&ReferralStub::DecideReconsideration, "nt.investigator", missing, &out)),
      (std::set<std::string>{"filing_decision_number", "charges"}));
  const v1::Referral filed = Do(&ReferralStub::DecideReconsideration, "nt.investigator", file);
  EXPECT_EQ(filed.state(), State::STATE_FILED);
  EXPECT_EQ(LastEvent(filed).type(), Event::TYPE_FILED);
  EXPECT_EQ(filed.reconsideration().outcome(), v1::Referral::Reconsideration::OUTCOME_FILED);
  EXPECT_EQ(filed.filing().basis(), v1::Referral::Filing::BASIS_RECONSIDERATION);
  EXPECT_EQ(filed.filing().decision_number(), file.filing_decision_number());
  EXPECT_EQ(filed.filing().file_time(), filed.reconsideration().decide_time());
  ExpectThreeDayClock(Clock(filed, Kind::KIND_HANDOVER), filed.filing().file_time(), "第十二条");
  EXPECT_EQ(ClockChanges(LastEvent(filed)),
            (ClockStates{{Kind::KIND_RECONSIDERATION_DECISION, ClockState::STATE_MET},
                         {Kind::KIND_HANDOVER, ClockState::STATE_OPEN}}));

  // No reconsideration is pending on a referral just received: filing goes through FileCase.
  const v1::Referral received = ReceivedByPolice("RP-R3");
  file = On<v1::DecideReconsiderationRequest>(received, "decide-RP-R3");
  file.set_outcome(v1::Referral::Reconsideration::OUTCOME_FILED);
  file.set_decision_number("通公（经）复决字〔2026〕4号");
  file.set_reasons("理由");
  file.set_filing_decision_number("通公（经）立字〔2026〕121号");
  file.add_charges(v1::OFFENCE_ART213_COUNTERFEITING_REGISTERED_TRADEMARK);
  s = Call(&ReferralStub::DecideReconsideration, "nt.investigator", file, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorMetadata(s, "state"), "RECEIVED");
}

TEST_F(ReferralPoliceActsE2ETest, SupervisionProposedInsteadOfReconsideration) {
  const v1::Referral declined = Declined(ReceivedByPolice("RP-S1"));
  auto good = On<v1::ProposeSupervisionRequest>(declined, "supervise-RP-S1");
  good.set_procuratorate("organisations/nt-procuratorate");
  good.set_reasons("公安机关不予立案理由不能成立");
  auto bad = good;
  bad.set_procuratorate("南通市人民检察院");
  bad.clear_reasons();
  auto police = good;
  police.set_request_id("supervise-RP-S1-police");
  police.set_procuratorate("organisations/nt-psb");
  v1::Referral out;
  EXPECT_EQ(ViolatedFields(Call(&ReferralStub::ProposeSupervision, "nt.officer", police, &out)),
            std::set<std::string>{"procuratorate"});
  const v1::Referral proposed =
      CheckAct(declined, &ReferralStub::ProposeSupervision, "ProposeSupervision", "nt.officer",
               "nt.investigator", good, bad, {"procuratorate", "reasons"},
               Event::TYPE_SUPERVISION_PROPOSED, State::STATE_SUPERVISION_PROPOSED, "nt.officer");
  const v1::Referral::SupervisionProposal& p = proposed.supervision_proposal();
  EXPECT_EQ(p.procuratorate(), "organisations/nt-procuratorate");
  EXPECT_EQ(p.reasons(), good.reasons());
  EXPECT_EQ(p.proposed_by().user(), "users/nt.officer");
  EXPECT_EQ(p.propose_time(), proposed.update_time());
  EXPECT_EQ(ClockChanges(LastEvent(proposed)),
            (ClockStates{{Kind::KIND_RECONSIDERATION_REQUEST, ClockState::STATE_MET}}));

  // The procuratorate's 通知立案书 (最高检规定 item 10): the police file on it, not on review.
  auto filing = GoodFiling(proposed, "file-RP-S1");
  EXPECT_EQ(ViolatedFields(Call(&ReferralStub::FileCase, "nt.investigator", filing, &out)),
            std::set<std::string>{"basis"});
  filing.set_basis(v1::Referral::Filing::BASIS_PROCURATORATE_NOTICE);
  EXPECT_EQ(ViolatedFields(Call(&ReferralStub::FileCase, "nt.investigator", filing, &out)),
            std::set<std::string>{"procuratorate_notice_number"});
  filing.set_procuratorate_notice_number("通检通立〔2026〕3号");
  const v1::Referral filed = Do(&ReferralStub::FileCase, "nt.investigator", filing);
  EXPECT_EQ(filed.state(), State::STATE_FILED);
  EXPECT_EQ(filed.filing().basis(), v1::Referral::Filing::BASIS_PROCURATORATE_NOTICE);
  EXPECT_EQ(filed.filing().procuratorate_notice_number(), "通检通立〔2026〕3号");
  EXPECT_EQ(ClockChanges(LastEvent(filed)),
            (ClockStates{{Kind::KIND_HANDOVER, ClockState::STATE_OPEN}}));
}

TEST_F(ReferralPoliceActsE2ETest, HandoverRecordedWithinTheSeizedGoodsAndConfirmed) {
  const v1::Referral filed = Filed(ReceivedByPolice("RP-H1"));
  auto good = On<v1::RecordHandoverRequest>(filed, "handover-RP-H1");
  auto* line = good.add_items();
  line->set_seized_item(SeizedItem(filed));
  line->set_quantity("120");
  line->set_note("原包装");
  good.set_recipient_person("李某");
  auto bad = good;
  bad.mutable_items(0)->set_quantity("12.5.1");
  bad.clear_recipient_person();
  bad.set_handover_record("handover.pdf");
  // More than was seized (120 双) is refused against the case as referred.
  auto more = good;
  more.set_request_id("handover-RP-H1-more");
  more.mutable_items(0)->set_quantity("120.5");
  v1::Referral out;
  EXPECT_EQ(ViolatedFields(Call(&ReferralStub::RecordHandover, "nt.officer", more, &out)),
            std::set<std::string>{"items[0].quantity"});

  const v1::Referral recorded = CheckAct(
      filed, &ReferralStub::RecordHandover, "RecordHandover", "nt.officer", "nt.investigator", good,
      bad, {"items[0].quantity", "recipient_person", "handover_record"},
      Event::TYPE_HANDOVER_RECORDED, State::STATE_HANDOVER_RECORDED, "nt.officer");
  const v1::Referral::Handover& h = recorded.handover();
  ASSERT_EQ(h.items_size(), 1);
  EXPECT_EQ(h.items(0).seized_item(), SeizedItem(filed));
  EXPECT_EQ(h.items(0).quantity(), "120");
  EXPECT_EQ(h.recipient_person(), "李某");
  EXPECT_EQ(h.recorded_by().user(), "users/nt.officer");
  EXPECT_EQ(h.record_time(), recorded.update_time());
  const v1::Deadline clock = Clock(recorded, Kind::KIND_HANDOVER);
  EXPECT_EQ(clock.clock().state(), ClockState::STATE_MET);
  EXPECT_EQ(clock.clock().completion_time(), h.record_time());
  EXPECT_EQ(ClockChanges(LastEvent(recorded)),
            (ClockStates{{Kind::KIND_HANDOVER, ClockState::STATE_MET}}));

  auto confirm = On<v1::ConfirmHandoverRequest>(recorded, "confirm-RP-H1");
  confirm.set_discrepancies("实收 119 双，1 双鞋盒破损另行登记");
  auto bad_confirm = confirm;
  bad_confirm.set_discrepancies("破损\x01");
  const v1::Referral confirmed =
      CheckAct(recorded, &ReferralStub::ConfirmHandover, "ConfirmHandover", "nt.investigator",
               "nt.officer", confirm, bad_confirm, {"discrepancies"},
               Event::TYPE_HANDOVER_CONFIRMED, State::STATE_HANDED_OVER, "nt.investigator");
  EXPECT_EQ(confirmed.handover().discrepancies(), confirm.discrepancies());
  EXPECT_EQ(confirmed.handover().confirmed_by().user(), "users/nt.investigator");
  EXPECT_EQ(confirmed.handover().confirm_time(), confirmed.update_time());
  EXPECT_EQ(confirmed.handover().record_time(), h.record_time());
  EXPECT_TRUE(LastEvent(confirmed).deadline_changes().empty());
}

}  // namespace
}  // namespace casebridge::testing
