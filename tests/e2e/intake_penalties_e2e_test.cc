// Penalty decisions (行政处罚决定) through the real intake binary: recording, execution and
// revocation with the case state they drive, every wrong field with nothing written, request_id
// replay, etags, permissions, 以罚代刑 (310号 art. 11) and penalties refused while referred.
#include "tests/e2e/intake_case_fixture.h"

namespace casebridge {
namespace {

using testing::MakeDate;
using testing::ViolatedFields;
using Penalty = v1::PenaltyDecision::Penalty;

class IntakePenaltiesE2ETest : public testing::IntakeCaseFixture {
 protected:
  static v1::PenaltyDecision WarningDecision(const std::string& number) {
    v1::PenaltyDecision d = GoodDecision(number);
    d.clear_penalties();
    d.add_penalties()->set_kind(Penalty::KIND_WARNING);
    d.clear_compliance_method();
    d.clear_compliance_deadline();
    return d;
  }
  static grpc::Status Execute(const std::string& user, const v1::PenaltyDecision& d,
                              const v1::PenaltyDecision::Execution& e,
                              const std::string& request_id, v1::PenaltyDecision* out) {
    v1::RecordPenaltyExecutionRequest request;
    request.set_request_id(request_id);
    request.set_name(d.name());
    request.set_etag(d.etag());
    *request.mutable_execution() = e;
    return Stub()->RecordPenaltyExecution(As(user).get(), request, out);
  }
  static grpc::Status Revoke(const std::string& user, const v1::PenaltyDecision& d,
                             const v1::PenaltyDecision::Revocation& r,
                             const std::string& request_id, v1::PenaltyDecision* out) {
    v1::RevokePenaltyDecisionRequest request;
    request.set_request_id(request_id);
    request.set_name(d.name());
    request.set_etag(d.etag());
    *request.mutable_revocation() = r;
    return Stub()->RevokePenaltyDecision(As(user).get(), request, out);
  }
  static v1::PenaltyDecision::Execution Executed(int64_t paid_fen) {
    v1::PenaltyDecision::Execution e;
    e.set_state(v1::PenaltyDecision::EXECUTION_STATE_EXECUTED);
    e.set_paid_amount_fen(paid_fen);
    *e.mutable_completion_date() = MakeDate(2026, 4, 20);
    return e;
  }
  static v1::PenaltyDecision::Revocation RevokedByAgency() {
    v1::PenaltyDecision::Revocation r;
    r.set_kind(v1::PenaltyDecision::Revocation::KIND_REVOKED_BY_AGENCY);
    r.set_reasons("认定事实的证据不足，依行政处罚法第七十五条第二款自行纠正");
    *r.mutable_revocation_date() = MakeDate(2026, 5, 6);
    return r;
  }
};

TEST_F(IntakePenaltiesE2ETest, DecisionIsRecordedExecutedAndRevoked) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕P1号", kNotMet);
  v1::PenaltyDecision decided;
  grpc::Status status =
      Record("nt.officer", c, GoodDecision(" 通市监处罚 [2026] 第0012号 "), "p1-record", &decided);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(decided.name(), c.name() + "/penaltyDecisions/pd1");
  EXPECT_EQ(decided.decision_number(), "通市监处罚〔2026〕0012号");  // canonical form
  EXPECT_EQ(decided.state(), v1::PenaltyDecision::STATE_IN_FORCE);
  EXPECT_EQ(decided.assessment_at_decision().overall_outcome(), v1::ASSESSMENT_OUTCOME_NOT_MET)
      << decided.assessment_at_decision().DebugString();
  EXPECT_EQ(decided.recorded_by().user(), "users/nt.officer");
  EXPECT_EQ(decided.etag(), "1");
  EXPECT_EQ(Get(c.name()).state(), v1::CaseFile::STATE_PENALTY_DECIDED);
  AwaitEvent(c.name(), v1::CaseEvent::TYPE_PENALTY_DECIDED, decided.name());

  v1::PenaltyDecision executed;
  status = Execute("nt.officer2", decided, Executed(5'300'000), "p1-execute", &executed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(executed.execution().state(), v1::PenaltyDecision::EXECUTION_STATE_EXECUTED);
  EXPECT_EQ(executed.execution().recorded_by().user(), "users/nt.officer2");
  EXPECT_EQ(executed.etag(), "2");
  AwaitEvent(c.name(), v1::CaseEvent::TYPE_PENALTY_EXECUTED, decided.name());

  v1::PenaltyDecision warning;
  ASSERT_TRUE(Record("nt.officer", Get(c.name()), WarningDecision("通市监处罚〔2026〕13号"),
                     "p1-warning", &warning)
                  .ok());
  // Revoking one of two decisions leaves the case penalised; revoking the last one does not.
  v1::PenaltyDecision revoked;
  status = Revoke("nt.officer", executed, RevokedByAgency(), "p1-revoke", &revoked);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(revoked.state(), v1::PenaltyDecision::STATE_REVOKED);
  EXPECT_EQ(revoked.revocation().recorded_by().user(), "users/nt.officer");
  EXPECT_EQ(Get(c.name()).state(), v1::CaseFile::STATE_PENALTY_DECIDED);
  AwaitEvent(c.name(), v1::CaseEvent::TYPE_PENALTY_REVOKED, decided.name());
  v1::PenaltyDecision::Revocation annulled;
  annulled.set_kind(v1::PenaltyDecision::Revocation::KIND_ANNULLED_ON_RECONSIDERATION);
  annulled.set_reasons("复议机关认定适用依据错误");
  annulled.set_document_number("通政复决字〔2026〕8号");
  *annulled.mutable_revocation_date() = MakeDate(2026, 5, 20);
  ASSERT_TRUE(Revoke("nt.officer", warning, annulled, "p1-annul", &revoked).ok());
  EXPECT_EQ(Get(c.name()).state(), v1::CaseFile::STATE_UNDER_INVESTIGATION);

  // A revoked decision no longer changes.
  v1::PenaltyDecision out;
  EXPECT_EQ(Revoke("nt.officer", revoked, RevokedByAgency(), "p1-again", &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Execute("nt.officer", revoked, Executed(0), "p1-late", &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(IntakePenaltiesE2ETest, BadInputNamesEveryFieldAndWritesNothing) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕P2号", kNotMet);
  const testing::Written before = WrittenFor(c.name());
  v1::PenaltyDecision bad = GoodDecision("通市监处罚2026-12号");
  bad.clear_decision_date();
  bad.set_party_ids(0, "p9");
  bad.clear_illegal_facts();
  bad.mutable_penalties(0)->set_amount_fen(0);
  Penalty* warning = bad.add_penalties();
  warning->set_kind(Penalty::KIND_WARNING);
  warning->set_amount_fen(100);
  bad.clear_legal_basis();
  bad.set_mitigation(v1::PenaltyDecision::MITIGATION_REDUCED);
  bad.clear_compliance_method();
  bad.clear_compliance_deadline();
  bad.set_justifying_referral("referrals/none");
  bad.set_decision_document(c.name() + "/documents/none");
  v1::PenaltyDecision out;
  grpc::Status status = Record("nt.officer", c, bad, "p2-bad", &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::set<std::string>{
                "penalty_decision.decision_number", "penalty_decision.decision_date",
                "penalty_decision.party_ids[0]", "penalty_decision.party_ids",
                "penalty_decision.illegal_facts", "penalty_decision.penalties[0].amount_fen",
                "penalty_decision.penalties[2].amount_fen", "penalty_decision.legal_basis",
                "penalty_decision.mitigation_reason", "penalty_decision.compliance_method",
                "penalty_decision.compliance_deadline", "penalty_decision.justifying_referral",
                "penalty_decision.decision_document"}))
      << status.error_message();
  // The law library's reason for a malformed 文号 reaches the officer.
  EXPECT_NE(status.error_message().find("括号中的年份"), std::string::npos)
      << status.error_message();
  EXPECT_EQ(ViolatedFields(
                Record("nt.officer", c, GoodDecision("通市监处罚〔2099〕1号"), "p2-year", &out)),
            std::set<std::string>{"penalty_decision.decision_number"});
  // Below the statutory minimum only as 减轻处罚 (行政处罚法 art. 32); never above the maximum.
  v1::PenaltyDecision low = GoodDecision("通市监处罚〔2026〕20号");
  low.set_statutory_fine_minimum_fen(10'000'000);
  EXPECT_EQ(ViolatedFields(Record("nt.officer", c, low, "p2-low", &out)),
            std::set<std::string>{"penalty_decision.mitigation"});
  v1::PenaltyDecision high = GoodDecision("通市监处罚〔2026〕21号");
  high.set_statutory_fine_maximum_fen(1'000'000);
  EXPECT_EQ(ViolatedFields(Record("nt.officer", c, high, "p2-high", &out)),
            std::set<std::string>{"penalty_decision.penalties[0].amount_fen"});
  EXPECT_EQ(WrittenFor(c.name()), before);

  // The same 文号 written another way is the same decision.
  v1::PenaltyDecision decided;
  ASSERT_TRUE(
      Record("nt.officer", c, GoodDecision("通市监处罚〔2026〕22号"), "p2-ok", &decided).ok());
  const testing::Written after = WrittenFor(c.name());
  EXPECT_EQ(ViolatedFields(Record("nt.officer", Get(c.name()),
                                  GoodDecision("通市监处罚字(2026)第22号"), "p2-dup", &out)),
            std::set<std::string>{"penalty_decision.decision_number"});

  v1::PenaltyDecision::Execution e;
  e.set_paid_amount_fen(-1);
  EXPECT_EQ(ViolatedFields(Execute("nt.officer", decided, e, "p2-e1", &out)),
            (std::set<std::string>{"execution.state", "execution.paid_amount_fen"}));
  e = Executed(100);
  e.clear_completion_date();
  EXPECT_EQ(ViolatedFields(Execute("nt.officer", decided, e, "p2-e2", &out)),
            (std::set<std::string>{"execution.paid_amount_fen", "execution.completion_date"}));
  e = Executed(0);
  e.set_state(v1::PenaltyDecision::EXECUTION_STATE_PENDING);
  EXPECT_EQ(ViolatedFields(Execute("nt.officer", decided, e, "p2-e3", &out)),
            std::set<std::string>{"execution.completion_date"});

  EXPECT_EQ(ViolatedFields(Revoke("nt.officer", decided, {}, "p2-r1", &out)),
            (std::set<std::string>{"revocation.kind", "revocation.reasons",
                                   "revocation.revocation_date"}));
  v1::PenaltyDecision::Revocation court = RevokedByAgency();
  court.set_kind(v1::PenaltyDecision::Revocation::KIND_ANNULLED_BY_COURT);
  EXPECT_EQ(ViolatedFields(Revoke("nt.officer", decided, court, "p2-r2", &out)),
            std::set<std::string>{"revocation.document_number"});
  v1::PenaltyDecision misnamed = decided;
  misnamed.set_name(c.name() + "/penalties/pd1");
  EXPECT_EQ(ViolatedFields(Execute("nt.officer", misnamed, Executed(5'300'000), "p2-n", &out)),
            std::set<std::string>{"name"});
  EXPECT_EQ(WrittenFor(c.name()), after);
}

TEST_F(IntakePenaltiesE2ETest, RetriesEtagsAndPermissions) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕P3号", kNotMet);
  v1::PenaltyDecision first, again, out;
  const v1::PenaltyDecision d = GoodDecision("通市监处罚〔2026〕30号");
  ASSERT_TRUE(Record("nt.officer", c, d, "p3-record", &first).ok());
  ASSERT_TRUE(Record("nt.officer", c, d, "p3-record", &again).ok());
  EXPECT_EQ(first.SerializeAsString(), again.SerializeAsString());
  EXPECT_EQ(Get(c.name()).penalty_decisions_size(), 1);
  EXPECT_EQ(AuditRows(c.name(), "intake.RecordPenaltyDecision"), 1);
  // The case etag read before the decision is stale now; a missing one is a wrong field.
  EXPECT_EQ(Record("nt.officer", c, GoodDecision("通市监处罚〔2026〕31号"), "p3-stale", &out)
                .error_code(),
            grpc::StatusCode::ABORTED);
  v1::CaseFile no_etag = Get(c.name());
  no_etag.clear_etag();
  EXPECT_EQ(ViolatedFields(Record("nt.officer", no_etag, GoodDecision("通市监处罚〔2026〕31号"),
                                  "p3-noetag", &out)),
            std::set<std::string>{"etag"});

  v1::PenaltyDecision::Execution partly;
  partly.set_state(v1::PenaltyDecision::EXECUTION_STATE_PARTIALLY_EXECUTED);
  partly.set_paid_amount_fen(1'000'000);
  v1::PenaltyDecision executed;
  ASSERT_TRUE(Execute("nt.officer", first, partly, "p3-execute", &executed).ok());
  ASSERT_TRUE(Execute("nt.officer", first, partly, "p3-execute", &out).ok());  // replay
  EXPECT_EQ(AuditRows(c.name(), "intake.RecordPenaltyExecution"), 1);
  EXPECT_EQ(Execute("nt.officer", first, Executed(5'300'000), "p3-stale-e", &out).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(Revoke("nt.officer", first, RevokedByAgency(), "p3-stale-r", &out).error_code(),
            grpc::StatusCode::ABORTED);

  const testing::Written before = WrittenFor(c.name());
  EXPECT_EQ(
      Record("sz.officer", Get(c.name()), GoodDecision("通市监处罚〔2026〕32号"), "p3-sz", &out)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Execute("sz.officer", executed, Executed(5'300'000), "p3-sz-e", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Revoke("sz.officer", executed, RevokedByAgency(), "p3-sz-r", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(WrittenFor(c.name()), before);
  for (const char* method :
       {"RecordPenaltyDecision", "RecordPenaltyExecution", "RevokePenaltyDecision"}) {
    EXPECT_EQ(AuditRows(c.name(), std::string("denied:intake.") + method), 1) << method;
  }
}

TEST_F(IntakePenaltiesE2ETest, PenaltyOnACaseMeetingTheThresholdNeedsJustification) {
  const v1::CaseFile met = NewCase("通市监立〔2026〕P4号", kMet);
  ASSERT_EQ(met.assessment().overall_outcome(), v1::ASSESSMENT_OUTCOME_MET);
  const testing::Written before = WrittenFor(met.name());
  v1::PenaltyDecision out;
  grpc::Status status =
      Record("nt.officer", met, GoodDecision("通市监处罚〔2026〕40号"), "p4-no", &out);
  EXPECT_EQ(ViolatedFields(status),
            std::set<std::string>{"penalty_decision.justification_when_threshold_met"})
      << status.error_message();
  EXPECT_EQ(WrittenFor(met.name()), before);
  v1::PenaltyDecision justified = GoodDecision("通市监处罚〔2026〕40号");
  justified.set_justification_when_threshold_met(
      "移送前已作出的警告继续执行（国务院令第310号第十一条）");
  ASSERT_TRUE(Record("nt.officer", met, justified, "p4-yes", &out).ok());
  EXPECT_EQ(out.assessment_at_decision().overall_outcome(), v1::ASSESSMENT_OUTCOME_MET);
  EXPECT_EQ(out.justification_when_threshold_met(), justified.justification_when_threshold_met());

  // NEAR is flagged for procurators but the contract asks the justification only when MET.
  const v1::CaseFile near = NewCase("通市监立〔2026〕P5号", kNear);
  EXPECT_TRUE(Record("nt.officer", near, GoodDecision("通市监处罚〔2026〕41号"), "p5", &out).ok());
}

TEST_F(IntakePenaltiesE2ETest, PenaltyRefusedWhileReferredAndAllowedAfterTheDecline) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕P6号", kMet);
  v1::CaseFile referred;
  ASSERT_TRUE(Report("referral", c.name(), v1::ReferralLink::STAGE_WITH_POLICE, 1, &referred).ok());
  ASSERT_EQ(referred.state(), v1::CaseFile::STATE_REFERRED);
  const testing::Written before = WrittenFor(c.name());
  v1::PenaltyDecision d = GoodDecision("通市监处罚〔2026〕60号");
  d.set_justification_when_threshold_met("拟先行处罚");
  v1::PenaltyDecision out;
  grpc::Status status = Record("nt.officer", referred, d, "p6-referred", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(WrittenFor(c.name()), before);

  // The police decline to file: the agency handles the case itself (310号 art. 10).
  v1::CaseFile declined;
  ASSERT_TRUE(
      Report("referral", c.name(), v1::ReferralLink::STAGE_DECLINED_BY_POLICE, 2, &declined).ok());
  ASSERT_EQ(declined.state(), v1::CaseFile::STATE_UNDER_INVESTIGATION);
  d.set_justification_when_threshold_met("公安机关决定不予立案（国务院令第310号第十条）");
  d.set_justifying_referral("referrals/r-" + IdOf(c.name()));
  status = Record("nt.officer", declined, d, "p6-declined", &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.justifying_referral(), d.justifying_referral());
  EXPECT_EQ(Get(c.name()).state(), v1::CaseFile::STATE_PENALTY_DECIDED);
}

TEST_F(IntakePenaltiesE2ETest, RevocationIsRecordedOnAClosedCase) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕P7号", kNotMet);
  v1::PenaltyDecision warning, out;
  ASSERT_TRUE(
      Record("nt.officer", c, WarningDecision("通市监处罚〔2026〕70号"), "p7", &warning).ok());
  v1::CloseCaseFileRequest close;
  close.set_request_id("p7-close");
  close.set_name(c.name());
  close.set_etag(Get(c.name()).etag());
  close.mutable_closure()->set_reason(v1::CaseClosure::REASON_PENALTY_EXECUTED);
  *close.mutable_closure()->mutable_close_date() = MakeDate(2026, 5, 1);
  v1::CaseFile closed;
  grpc::Status status = Stub()->CloseCaseFile(As("nt.officer").get(), close, &closed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Execute("nt.officer", warning, Executed(0), "p7-execute", &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // 行政处罚法 art. 48: a decision annulled after the case closed must still be recorded.
  ASSERT_TRUE(Revoke("nt.officer", warning, RevokedByAgency(), "p7-revoke", &out).ok());
  EXPECT_EQ(out.state(), v1::PenaltyDecision::STATE_REVOKED);
  EXPECT_EQ(Get(c.name()).state(), v1::CaseFile::STATE_CLOSED);
}

}  // namespace
}  // namespace casebridge
