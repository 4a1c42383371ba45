// Threshold rule administration through the real intake binary: reading rules as any signed-in
// user, changes by administrators only (refusals audited), etags, every wrong field named,
// request_id replay, and the re-assessment of open cases after a change (one ASSESSMENT_CHANGED
// event per affected open case, none for closed ones), resumed when intake starts again.
#include <google/protobuf/util/message_differencer.h>

#include "services/law/thresholds.h"
#include "tests/e2e/intake_case_fixture.h"

namespace casebridge {
namespace {

using google::protobuf::util::MessageDifferencer;
using testing::MakeDate;
using testing::ViolatedFields;

constexpr char kMetRule[] = "thresholdRules/213-2025-goods-business";  // 非法经营 5万 (goods)

class IntakeRulesE2ETest : public testing::IntakeCaseFixture {
 protected:
  static void SetUpTestSuite() {
    IntakeCaseFixture::SetUpTestSuite();
    tokens_["admin"] = cluster_->Login("admin", cluster_->admin_password());
  }

  static grpc::Status GetRule(const std::string& user, const std::string& name,
                              v1::ThresholdRule* out) {
    v1::GetThresholdRuleRequest request;
    request.set_name(name);
    return Stub()->GetThresholdRule(As(user).get(), request, out);
  }
  static v1::ThresholdRule Rule(const std::string& name) {
    v1::ThresholdRule rule;
    grpc::Status status = GetRule("nt.officer", name, &rule);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return rule;
  }
  // Every rule `filter` selects, read page by page; the rule-set version of the last page.
  static std::vector<v1::ThresholdRule> ListRules(const std::string& filter, int page_size,
                                                  int64_t* version = nullptr) {
    std::vector<v1::ThresholdRule> out;
    v1::ListThresholdRulesRequest request;
    request.set_filter(filter);
    request.set_page_size(page_size);
    do {
      v1::ListThresholdRulesResponse page;
      grpc::Status status = Stub()->ListThresholdRules(As("nt.officer").get(), request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      out.insert(out.end(), page.threshold_rules().begin(), page.threshold_rules().end());
      if (version != nullptr) *version = page.rule_set_version();
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return out;
  }
  static int64_t RuleSetVersion() {
    int64_t version = 0;
    ListRules("offence=ART141_COUNTERFEIT_DRUGS", 1, &version);
    return version;
  }
  static grpc::Status Toggle(const std::string& user, bool enable, const std::string& name,
                             const std::string& etag, const std::string& note,
                             const std::string& request_id, v1::ThresholdRule* out) {
    if (enable) {
      v1::EnableThresholdRuleRequest request;
      request.set_request_id(request_id);
      request.set_name(name);
      request.set_etag(etag);
      request.set_note(note);
      return Stub()->EnableThresholdRule(As(user).get(), request, out);
    }
    v1::DisableThresholdRuleRequest request;
    request.set_request_id(request_id);
    request.set_name(name);
    request.set_etag(etag);
    request.set_note(note);
    return Stub()->DisableThresholdRule(As(user).get(), request, out);
  }
  static grpc::Status Update(const std::string& user, const v1::ThresholdRule& rule,
                             const std::vector<std::string>& paths, const std::string& request_id,
                             v1::ThresholdRule* out) {
    v1::UpdateThresholdRuleRequest request;
    request.set_request_id(request_id);
    *request.mutable_threshold_rule() = rule;
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    return Stub()->UpdateThresholdRule(As(user).get(), request, out);
  }
  // What a rule's changes have written: audit records of `action` and version history rows.
  static std::pair<int64_t, int64_t> RuleWrites(const std::string& name,
                                                const std::string& action) {
    const std::string id = name.substr(std::string("thresholdRules/").size());
    return {
        Count("SELECT count(*) FROM intake.audit_log WHERE target = '" + name + "' AND action = '" +
              action + "'"),
        Count("SELECT count(*) FROM intake.threshold_rule_changes WHERE rule_id = '" + id + "'")};
  }
  // The events of `case_name` as stored, oldest first.
  static std::vector<v1::CaseEvent> StoredEvents(const std::string& case_name) {
    pqxx::connection admin(testing::SuperuserUrl(cluster_->database_name()));
    pqxx::result rows = pqxx::nontransaction(admin).exec(
        "SELECT event FROM intake.case_events WHERE case_file_id = '" + IdOf(case_name) +
        "' ORDER BY sequence");
    std::vector<v1::CaseEvent> out;
    for (const auto& row : rows)
      out.emplace_back().ParseFromString(pqxx::binarystring(row[0]).str());
    return out;
  }
  static int ReassessmentEvents(const std::string& case_name) {
    int n = 0;
    for (const v1::CaseEvent& e : StoredEvents(case_name)) {
      n += e.type() == v1::CaseEvent::TYPE_ASSESSMENT_CHANGED ? 1 : 0;
    }
    return n;
  }
  // Reads the feed from the start until `count` ASSESSMENT_CHANGED events of `case_name` arrived.
  static void AwaitReassessments(const std::string& case_name, int count) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    auto reader = PeerStub("review")->WatchCaseEvents(&context, v1::WatchCaseEventsRequest());
    v1::CaseEvent event;
    int seen = 0;
    while (seen < count && reader->Read(&event)) {
      if (event.case_file() == case_name &&
          event.type() == v1::CaseEvent::TYPE_ASSESSMENT_CHANGED) {
        ++seen;
      }
    }
    context.TryCancel();
    reader->Finish();
    EXPECT_EQ(seen, count) << "re-assessments of " << case_name;
  }
  static v1::CaseFile Close(const v1::CaseFile& c) {
    v1::CloseCaseFileRequest request;
    request.set_request_id("close-" + c.name());
    request.set_name(c.name());
    request.set_etag(c.etag());
    request.mutable_closure()->set_reason(v1::CaseClosure::REASON_INVESTIGATION_TERMINATED);
    request.mutable_closure()->set_note("当事人已注销");
    request.mutable_closure()->set_justification_when_threshold_met("当事人已注销，无从追诉");
    *request.mutable_closure()->mutable_close_date() = MakeDate(2026, 3, 10);
    v1::CaseFile closed;
    grpc::Status status = Stub()->CloseCaseFile(As("nt.officer").get(), request, &closed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return closed;
  }
};

TEST_F(IntakeRulesE2ETest, AnySignedInUserListsAndReadsTheRules) {
  int64_t version = 0;
  const std::vector<v1::ThresholdRule> all = ListRules("", 0, &version);
  ASSERT_EQ(all.size(), law::ThresholdRuleSet::Default().rules().size());
  EXPECT_GE(version, law::ThresholdRuleSet::Default().version());
  // Ordered by offence, then by effective_from (an open start first).
  for (size_t i = 1; i < all.size(); ++i) {
    ASSERT_LE(all[i - 1].offence(), all[i].offence()) << all[i].name();
    if (all[i - 1].offence() != all[i].offence()) continue;
    const auto key = [](const v1::ThresholdRule& r) {
      return std::make_tuple(r.effective_from().year(), r.effective_from().month(),
                             r.effective_from().day());
    };
    EXPECT_LE(key(all[i - 1]), key(all[i])) << all[i].name();
  }
  // Pages of 7 give the same rules in the same order.
  const std::vector<v1::ThresholdRule> paged = ListRules("", 7);
  ASSERT_EQ(paged.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(paged[i].name(), all[i].name());

  std::set<std::string> in_force;
  for (const v1::ThresholdRule& rule : ListRules(
           "offence=ART213_COUNTERFEITING_REGISTERED_TRADEMARK AND effective_on=2025-05-01", 0)) {
    in_force.insert(rule.name());
  }
  EXPECT_EQ(in_force,
            (std::set<std::string>{
                "thresholdRules/213-2025-goods-gains", "thresholdRules/213-2025-goods-business",
                "thresholdRules/213-2025-marks-gains", "thresholdRules/213-2025-marks-business",
                "thresholdRules/213-2025-repeat-gains", "thresholdRules/213-2025-repeat-business",
                "thresholdRules/213-2025-services-gains"}));
  for (const v1::ThresholdRule& rule : ListRules("source_verified=false AND enabled=false", 0)) {
    EXPECT_FALSE(rule.source_verified());
    EXPECT_FALSE(rule.enabled());
  }

  // An unverified number ships disabled with its note (STATUTES.md §5), version 1.
  v1::ThresholdRule labels;
  ASSERT_TRUE(GetRule("admin", "thresholdRules/215-2025-labels", &labels).ok());
  EXPECT_EQ(labels.offence(), v1::OFFENCE_ART215_ILLEGAL_TRADEMARK_LABELS);
  EXPECT_EQ(labels.article(), "刑法第二百一十五条");
  EXPECT_EQ(labels.count(), 20'000);
  EXPECT_FALSE(labels.enabled());
  EXPECT_FALSE(labels.source_verified());
  EXPECT_NE(labels.note().find("unverified"), std::string::npos) << labels.note();
  EXPECT_EQ(labels.description(), "注册商标标识数量在 20,000 件以上");
  EXPECT_EQ(labels.version(), 1);
  EXPECT_EQ(labels.etag(), "1");
  EXPECT_TRUE(labels.updated_by().user().empty());

  v1::ThresholdRule out;
  EXPECT_EQ(ViolatedFields(GetRule("nt.officer", "rules/215", &out)),
            std::set<std::string>{"name"});
  EXPECT_EQ(GetRule("nt.officer", "thresholdRules/999-none", &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListThresholdRulesRequest bad;
  bad.set_filter("enabled=maybe AND colour=red");
  v1::ListThresholdRulesResponse page;
  grpc::Status status = Stub()->ListThresholdRules(As("nt.officer").get(), bad, &page);
  EXPECT_EQ(ViolatedFields(status), std::set<std::string>{"filter"});
  grpc::ClientContext anonymous;
  EXPECT_EQ(
      Stub()->ListThresholdRules(&anonymous, v1::ListThresholdRulesRequest(), &page).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(IntakeRulesE2ETest, OfficersMayNotChangeRulesAndTheRefusalIsAudited) {
  const std::string name = "thresholdRules/217-2025-copies";
  const int64_t version = RuleSetVersion();
  v1::ThresholdRule rule = Rule(name), out;
  rule.set_count(300);
  rule.set_note("核对后更正");
  EXPECT_EQ(Update("nt.officer", rule, {"count", "note"}, "o-update", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Toggle("nt.officer", true, name, "1", "已核对", "o-enable", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Toggle("nt.officer", false, name, "1", "停用", "o-disable", &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  for (const char* method :
       {"UpdateThresholdRule", "EnableThresholdRule", "DisableThresholdRule"}) {
    EXPECT_EQ(AuditRows(name, std::string("denied:intake.") + method), 1) << method;
  }
  EXPECT_EQ(RuleWrites(name, "intake.UpdateThresholdRule"), std::make_pair(int64_t{0}, int64_t{0}));
  EXPECT_EQ(Rule(name).etag(), "1");
  EXPECT_EQ(RuleSetVersion(), version);
}

TEST_F(IntakeRulesE2ETest, AdministratorCorrectsARuleWithVersionAuditAndHistory) {
  const std::string name = "thresholdRules/216-2025-gains";
  const int64_t version = RuleSetVersion();
  v1::ThresholdRule rule = Rule(name);
  ASSERT_EQ(rule.etag(), "1");
  rule.set_amount_fen(8'000'000);
  rule.set_note("按法释〔2025〕5号正式文本核对，违法所得8万元");
  v1::ThresholdRule corrected;
  grpc::Status status = Update("admin", rule, {"amount_fen", "note"}, "u-216", &corrected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(corrected.amount_fen(), 8'000'000);
  EXPECT_EQ(corrected.note(), rule.note());
  EXPECT_EQ(corrected.version(), 2);
  EXPECT_EQ(corrected.etag(), "2");
  EXPECT_EQ(corrected.updated_by().user(), "users/admin");
  EXPECT_TRUE(corrected.has_update_time());
  EXPECT_EQ(corrected.description(), "违法所得数额在 80,000.00 元以上");
  EXPECT_FALSE(corrected.enabled());  // correcting a number does not enable it
  EXPECT_TRUE(MessageDifferencer::Equals(Rule(name), corrected));
  EXPECT_EQ(RuleSetVersion(), version + 1);
  EXPECT_EQ(RuleWrites(name, "intake.UpdateThresholdRule"), std::make_pair(int64_t{1}, int64_t{1}));
  EXPECT_EQ(Count("SELECT rule_set_version FROM intake.threshold_rule_changes WHERE rule_id = "
                  "'216-2025-gains'"),
            version + 1);

  // A change made on the old etag is refused and writes nothing.
  v1::ThresholdRule out;
  rule.set_amount_fen(9'000'000);
  status = Update("admin", rule, {"amount_fen", "note"}, "u-216-stale", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
  EXPECT_EQ(Toggle("admin", true, name, "1", "已核对", "e-216-stale", &out).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(RuleWrites(name, "intake.UpdateThresholdRule"), std::make_pair(int64_t{1}, int64_t{1}));
  EXPECT_EQ(Rule(name).amount_fen(), 8'000'000);
  EXPECT_EQ(RuleSetVersion(), version + 1);
}

TEST_F(IntakeRulesE2ETest, BadInputNamesEveryFieldAndWritesNothing) {
  const std::string name = "thresholdRules/215-2025-marks-labels";  // a count rule
  const int64_t version = RuleSetVersion();
  v1::ThresholdRule rule = Rule(name), out;
  rule.clear_etag();
  rule.set_amount_fen(5);
  rule.add_conditions(v1::RULE_CONDITION_TWO_OR_MORE_MARKS);  // already there: twice
  *rule.mutable_effective_from() = MakeDate(2025, 4, 26);
  *rule.mutable_effective_to() = MakeDate(2025, 1, 1);
  grpc::Status status =
      Update("admin", rule,
             {"offence", "amount_fen", "conditions", "effective_from", "effective_to"}, "", &out);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(status),
            (std::set<std::string>{"request_id", "threshold_rule.etag", "update_mask.paths[0]",
                                   "threshold_rule.note", "threshold_rule.amount_fen",
                                   "threshold_rule.conditions", "threshold_rule.effective_to"}))
      << status.error_message();

  v1::ThresholdRule zero = Rule(name);
  zero.set_count(0);
  zero.set_note("更正");
  EXPECT_EQ(ViolatedFields(Update("admin", zero, {"count", "note"}, "b-zero", &out)),
            std::set<std::string>{"threshold_rule.count"});
  EXPECT_EQ(ViolatedFields(Toggle("admin", true, "thresholds/215", "", "  ", "b-enable", &out)),
            (std::set<std::string>{"name", "etag", "note"}));

  // 214's 2004 number may not run on beside 214-2025-sales (two of a kind in force on one day).
  v1::ThresholdRule overlap = Rule("thresholdRules/214-2004-sales");
  *overlap.mutable_effective_to() = MakeDate(2025, 5, 1);
  overlap.set_note("延长适用");
  status = Update("admin", overlap, {"effective_to", "note"}, "b-overlap", &out);
  EXPECT_EQ(ViolatedFields(status), std::set<std::string>{"threshold_rule.effective_to"})
      << status.error_message();

  EXPECT_EQ(Count("SELECT count(*) FROM intake.threshold_rule_changes WHERE rule_id IN "
                  "('215-2025-marks-labels', '214-2004-sales')"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM intake.audit_log WHERE target IN "
                  "('thresholdRules/215-2025-marks-labels', 'thresholdRules/214-2004-sales')"),
            0);
  EXPECT_EQ(RuleSetVersion(), version);
}

TEST_F(IntakeRulesE2ETest, ARetryWithTheSameRequestIdChangesNothing) {
  const std::string name = "thresholdRules/219-2025-gains";
  v1::ThresholdRule first, again;
  grpc::Status status =
      Toggle("admin", true, name, "1", "已核对法释〔2025〕5号正式文本", "enable-219", &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(first.enabled());
  EXPECT_TRUE(first.source_verified());  // enabling records the check the note names
  EXPECT_EQ(first.etag(), "2");
  const int64_t version = RuleSetVersion();
  status = Toggle("admin", true, name, "1", "已核对法释〔2025〕5号正式文本", "enable-219", &again);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(MessageDifferencer::Equals(first, again));
  EXPECT_EQ(Rule(name).version(), 2);
  EXPECT_EQ(RuleWrites(name, "intake.EnableThresholdRule"), std::make_pair(int64_t{1}, int64_t{1}));
  EXPECT_EQ(RuleSetVersion(), version);
  // The same request_id for another request is a mistake, not a retry.
  EXPECT_EQ(Toggle("admin", true, name, "1", "另一说明", "enable-219", &again).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  // Enabling what is enabled is refused as it stands.
  EXPECT_EQ(Toggle("admin", true, name, "2", "再次启用", "enable-219-twice", &again).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

// Disabling the rule that makes cases MET re-assesses every open case under the new rule set:
// each one whose outcome changes gets exactly one ASSESSMENT_CHANGED event by the system; closed
// cases keep the assessment they were closed with; enabling it again turns them back.
TEST_F(IntakeRulesE2ETest, DisablingAMetRuleReassessesEveryOpenCaseOnce) {
  const v1::CaseFile a = NewCase("通市监立〔2026〕R1号", kMet);
  const v1::CaseFile b = NewCase("通市监立〔2026〕R2号", kMet);
  const v1::CaseFile low = NewCase("通市监立〔2026〕R3号", kNotMet);
  const v1::CaseFile closed = Close(NewCase("通市监立〔2026〕R4号", kMet));
  ASSERT_TRUE(a.flagged() && b.flagged() && closed.flagged());
  const int64_t before = RuleSetVersion();

  v1::ThresholdRule disabled;
  grpc::Status status = Toggle("admin", false, kMetRule, Rule(kMetRule).etag(),
                               "暂停适用，待核对法释〔2025〕5号正式文本", "disable-213", &disabled);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(disabled.enabled());
  EXPECT_EQ(RuleSetVersion(), before + 1);
  AwaitReassessments(a.name(), 1);
  AwaitReassessments(b.name(), 1);

  for (const v1::CaseFile& open : {a, b}) {
    const v1::CaseFile now = Get(open.name());
    EXPECT_FALSE(now.flagged()) << now.assessment().DebugString();
    EXPECT_EQ(now.assessment().rule_set_version(), before + 1);
    EXPECT_EQ(std::stoll(now.etag()), std::stoll(open.etag()) + 1);
    EXPECT_EQ(ReassessmentEvents(open.name()), 1);
    const v1::CaseEvent event = StoredEvents(open.name()).back();
    EXPECT_EQ(event.type(), v1::CaseEvent::TYPE_ASSESSMENT_CHANGED);
    EXPECT_TRUE(event.assessment_changed());
    EXPECT_EQ(event.header().actor().user(), "users/system");
    EXPECT_TRUE(event.header().request_id().empty());
    EXPECT_EQ(AuditRows(open.name(), "intake.ReassessCaseFile"), 1);
  }
  // The sweep that wrote those events has finished its batch: the rest is final too.
  EXPECT_EQ(ReassessmentEvents(low.name()), 0);
  EXPECT_EQ(Get(low.name()).etag(), low.etag());
  EXPECT_EQ(ReassessmentEvents(closed.name()), 0);
  const v1::CaseFile still = Get(closed.name());
  EXPECT_TRUE(still.flagged());
  EXPECT_EQ(still.etag(), closed.etag());

  ASSERT_TRUE(Toggle("admin", true, kMetRule, disabled.etag(), "已核对法释〔2025〕5号正式文本",
                     "enable-213", &disabled)
                  .ok());
  AwaitReassessments(a.name(), 2);
  EXPECT_TRUE(Get(a.name()).flagged());
  EXPECT_EQ(Get(a.name()).assessment().rule_set_version(), before + 2);
  EXPECT_EQ(ReassessmentEvents(closed.name()), 0);
}

// A rule change committed just before the process stopped, its re-assessment not yet run, is
// caught up when intake starts again: cases record the rule-set version they were assessed under.
// (Last: intake comes back on a new port the referral process was not told.)
TEST_F(IntakeRulesE2ETest, ReassessmentResumesWhenIntakeStartsAgain) {
  const v1::CaseFile c = NewCase("通市监立〔2026〕R5号", kMet);
  ASSERT_TRUE(c.flagged());
  const int64_t before = RuleSetVersion();
  cluster_->Stop("intake");
  // What DisableThresholdRule writes, without the sweep that would have followed it.
  v1::ThresholdRule body;
  body.set_name(kMetRule);
  body.set_enabled(false);
  body.set_source_verified(true);
  body.set_note("停用（服务停止前已提交）");
  body.mutable_updated_by()->set_user("users/admin");
  {
    pqxx::connection admin(testing::SuperuserUrl(cluster_->database_name()));
    pqxx::work tx(admin);
    tx.exec_params(
        "INSERT INTO intake.threshold_rule_overrides (rule_id, changes, fields, body, enabled,"
        " note, updated_by, update_time) VALUES ('213-2025-goods-business', 1,"
        " '{enabled,note,source_verified}', $1, false, 'x', 'users/admin', now())"
        " ON CONFLICT (rule_id) DO UPDATE SET changes = threshold_rule_overrides.changes + 1,"
        " fields = EXCLUDED.fields, body = EXCLUDED.body, enabled = false",
        pqxx::binarystring(body.SerializeAsString()));
    tx.exec("UPDATE intake.threshold_rule_set_head SET changes = changes + 1");
    tx.commit();
  }
  cluster_->Restart("intake");
  AwaitReassessments(c.name(), 1);
  const v1::CaseFile now = Get(c.name());
  EXPECT_FALSE(now.flagged());
  EXPECT_EQ(now.assessment().rule_set_version(), before + 1);
  EXPECT_EQ(RuleSetVersion(), before + 1);
  EXPECT_FALSE(Rule(kMetRule).enabled());
  v1::ThresholdRule enabled;
  ASSERT_TRUE(
      Toggle("admin", true, kMetRule, Rule(kMetRule).etag(), "恢复适用", "resume-enable", &enabled)
          .ok());
  AwaitReassessments(c.name(), 2);
  EXPECT_TRUE(Get(c.name()).flagged());
}

}  // namespace
}  // namespace casebridge
