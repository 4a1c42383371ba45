// The threshold rule RPCs: ListThresholdRules and GetThresholdRule for any signed-in user;
// UpdateThresholdRule, EnableThresholdRule and DisableThresholdRule for administrators, each
// audited, versioned and followed by the re-assessment of every open case (reassessment.h).
#include <google/protobuf/util/field_mask_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "services/core/audit.h"
#include "services/core/paging.h"
#include "services/core/request_log.h"
#include "services/core/rpc.h"
#include "services/core/transaction.h"
#include "services/intake/assessment_mapping.h"
#include "services/intake/case_rows.h"
#include "services/intake/case_sub_resources.h"
#include "services/intake/intake_service.h"
#include "services/intake/threshold_rule_validation.h"

namespace casebridge::intake {

using core::FieldViolations;
using core::Principal;

namespace {

constexpr int kDefaultRulePageSize = 100;

grpc::Status RuleNotFound(const std::string& name) {
  return core::StatusWithReason(
      grpc::StatusCode::NOT_FOUND,
      "追诉标准规则 " + name + " 不存在 / threshold rule " + name + " does not exist", "NOT_FOUND",
      {{"name", name}});
}

// Rules in the order ListThresholdRules promises, offence then effective_from, as a text that
// sorts the same way (and serves as the page position): an unset start sorts first.
std::string SortKey(const v1::ThresholdRule& rule) {
  char key[32];
  std::snprintf(key, sizeof key, "%02d|%04d-%02d-%02d|", static_cast<int>(rule.offence()),
                rule.effective_from().year(), rule.effective_from().month(),
                rule.effective_from().day());
  return key + rule.name();
}

// `fields` and `more`, each once, sorted: every field administrators have set on a rule.
std::vector<std::string> WithField(std::vector<std::string> fields,
                                   const std::vector<std::string>& more) {
  for (const std::string& field : more) {
    if (std::find(fields.begin(), fields.end(), field) == fields.end()) fields.push_back(field);
  }
  std::sort(fields.begin(), fields.end());
  return fields;
}

}  // namespace

grpc::ServerUnaryReactor* IntakeService::ListThresholdRules(
    Context* context, const v1::ListThresholdRulesRequest* request,
    v1::ListThresholdRulesResponse* response) {
  return core::RunUnary(context, executor_, "ListThresholdRules", [=, this] {
    access_.Authenticate(*context);
    FieldViolations v;
    const RuleFilter filter = ParseRuleFilter(request->filter(), v);
    const std::string after = core::DecodePageToken(request->page_token(), v);
    if (!v.empty()) return v.ToStatus();
    const int page_size = request->page_size() <= 0
                              ? kDefaultRulePageSize
                              : std::min(request->page_size(), core::kMaxPageSize);
    std::shared_ptr<const RuleBook> book = rules_.Current();
    std::vector<std::pair<std::string, const v1::ThresholdRule*>> sorted;
    for (const v1::ThresholdRule& rule : book->rules) {
      if (RuleMatches(rule, filter)) sorted.emplace_back(SortKey(rule), &rule);
    }
    std::sort(sorted.begin(), sorted.end());
    response->set_rule_set_version(book->version());
    for (const auto& [key, rule] : sorted) {
      if (!after.empty() && key <= after) continue;
      if (response->threshold_rules_size() == page_size) {
        response->set_next_page_token(core::EncodePageToken(
            SortKey(response->threshold_rules(response->threshold_rules_size() - 1))));
        break;
      }
      *response->add_threshold_rules() = *rule;
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* IntakeService::GetThresholdRule(
    Context* context, const v1::GetThresholdRuleRequest* request, v1::ThresholdRule* response) {
  return core::RunUnary(context, executor_, "GetThresholdRule", [=, this] {
    access_.Authenticate(*context);
    if (!IsThresholdRuleName(request->name())) {
      FieldViolations v;
      v.Add("name", "格式应为 thresholdRules/{id} / expected thresholdRules/{id}");
      return v.ToStatus();
    }
    const v1::ThresholdRule* rule = rules_.Current()->Find(request->name());
    if (rule == nullptr) return RuleNotFound(request->name());
    *response = *rule;
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* IntakeService::UpdateThresholdRule(
    Context* context, const v1::UpdateThresholdRuleRequest* request, v1::ThresholdRule* response) {
  return core::RunUnary(context, executor_, "UpdateThresholdRule", [=, this] {
    Principal caller = access_.Authenticate(*context);
    const std::string& name = request->threshold_rule().name();
    access_.RequireRole(caller, {v1::ROLE_ADMINISTRATOR}, "UpdateThresholdRule", name);
    // The offence and metric never change, so the rule as cached decides amount versus count.
    const v1::ThresholdRule* current = rules_.Current()->Find(name);
    FieldViolations v;
    ValidateRuleUpdate(*request, current != nullptr ? *current : v1::ThresholdRule(), v);
    if (!v.empty()) return v.ToStatus();
    if (current == nullptr) return RuleNotFound(name);
    RuleChange change;
    change.method = "UpdateThresholdRule";
    change.name = name;
    change.etag = request->threshold_rule().etag();
    change.request_id = request->request_id();
    change.apply = [&](v1::ThresholdRule& rule, std::vector<std::string>* fields) {
      google::protobuf::util::FieldMaskUtil::MergeOptions merge;
      merge.set_replace_message_fields(true);
      merge.set_replace_repeated_fields(true);
      google::protobuf::util::FieldMaskUtil::MergeMessageTo(request->threshold_rule(),
                                                            request->update_mask(), merge, &rule);
      fields->assign(request->update_mask().paths().begin(), request->update_mask().paths().end());
      return grpc::Status::OK;
    };
    for (const std::string& path : request->update_mask().paths()) {
      if (path == "effective_from" || path == "effective_to" || path == "conditions" ||
          path == "attempt" || path == "amount_fen" || path == "count") {
        change.conflict_fields.push_back("threshold_rule." + path);
      }
    }
    return ChangeThresholdRule(caller, change, *request, response);
  });
}

grpc::ServerUnaryReactor* IntakeService::EnableThresholdRule(
    Context* context, const v1::EnableThresholdRuleRequest* request, v1::ThresholdRule* response) {
  return core::RunUnary(context, executor_, "EnableThresholdRule", [=, this] {
    return ToggleThresholdRule(*context, true, request->request_id(), request->name(),
                               request->etag(), request->note(), *request, response);
  });
}

grpc::ServerUnaryReactor* IntakeService::DisableThresholdRule(
    Context* context, const v1::DisableThresholdRuleRequest* request, v1::ThresholdRule* response) {
  return core::RunUnary(context, executor_, "DisableThresholdRule", [=, this] {
    return ToggleThresholdRule(*context, false, request->request_id(), request->name(),
                               request->etag(), request->note(), *request, response);
  });
}

grpc::Status IntakeService::ToggleThresholdRule(const Context& context, bool enable,
                                                const std::string& request_id,
                                                const std::string& name, const std::string& etag,
                                                const std::string& note,
                                                const google::protobuf::Message& request,
                                                v1::ThresholdRule* response) {
  const std::string method = enable ? "EnableThresholdRule" : "DisableThresholdRule";
  Principal caller = access_.Authenticate(context);
  access_.RequireRole(caller, {v1::ROLE_ADMINISTRATOR}, method, name);
  FieldViolations v;
  ValidateRuleToggle(request_id, name, etag, note, v);
  if (!v.empty()) return v.ToStatus();
  RuleChange change;
  change.method = method;
  change.name = name;
  change.etag = etag;
  change.request_id = request_id;
  change.apply = [&](v1::ThresholdRule& rule, std::vector<std::string>* fields) {
    if (rule.enabled() == enable) {
      return NotNow(enable ? "该规则已启用 / The rule is already enabled"
                           : "该规则已停用 / The rule is already disabled",
                    enable ? "RULE_ALREADY_ENABLED" : "RULE_ALREADY_DISABLED");
    }
    rule.set_enabled(enable);
    rule.set_note(note);
    *fields = {"enabled", "note"};
    // The note of an enable says against which official text the number was checked
    // (EnableThresholdRuleRequest): enabling records the rule as verified.
    if (enable) {
      rule.set_source_verified(true);
      fields->push_back("source_verified");
    }
    return grpc::Status::OK;
  };
  return ChangeThresholdRule(caller, change, request, response);
}

grpc::Status IntakeService::ChangeThresholdRule(const Principal& caller, const RuleChange& change,
                                                const google::protobuf::Message& request,
                                                v1::ThresholdRule* response) {
  const auto key = core::MakeRequestKey(caller.user(), change.method, change.request_id, request);
  std::shared_ptr<const RuleBook> next;
  grpc::Status status = core::InTransaction(pool_, [&](pqxx::work& tx) -> grpc::Status {
    next.reset();
    if (core::ReplayPriorResponse(tx, key, response)) return grpc::Status::OK;
    // Rule changes take turns: the book read under the lock is the one this change builds on.
    const int64_t changes = repository_.LockRuleSet(tx);
    std::vector<RuleOverrideRow> overrides = repository_.RuleOverrides(tx);
    std::shared_ptr<const RuleBook> book = BuildRuleBook(overrides, changes, nullptr);
    const v1::ThresholdRule* stored = book->Find(change.name);
    if (stored == nullptr) return RuleNotFound(change.name);
    if (stored->etag() != change.etag) {
      return core::StatusWithReason(
          grpc::StatusCode::ABORTED,
          "该规则已被他人修改，请重新读取后再改 / Someone changed this rule since you read it; "
          "read it again and redo your change",
          "STALE_ETAG", {{"current_etag", stored->etag()}});
    }
    v1::ThresholdRule rule = *stored;
    std::vector<std::string> fields;
    if (grpc::Status s = change.apply(rule, &fields); !s.ok()) return s;
    const int64_t now = NowMicros();
    *rule.mutable_updated_by() = ActorOf(caller);
    *rule.mutable_update_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(now);

    const std::string id = change.name.substr(std::string(kThresholdRuleCollection).size() + 1);
    auto row = std::find_if(overrides.begin(), overrides.end(),
                            [&id](const RuleOverrideRow& r) { return r.rule_id == id; });
    if (row == overrides.end()) {
      RuleOverrideRow first;
      first.rule_id = id;
      row = overrides.insert(overrides.end(), std::move(first));
    }
    row->changes += 1;
    row->fields = WithField(row->fields, fields);
    row->body = core::DeterministicBytes(rule);
    const RuleOverrideRow written = *row;
    std::vector<RejectedOverride> rejected;
    next = BuildRuleBook(std::move(overrides), changes + 1, &rejected);
    for (const RejectedOverride& r : rejected) {
      if (r.rule_id != id) continue;
      FieldViolations v;
      const std::string why =
          "修改后的规则与追诉标准表不相容（" + r.reason +
          "），例如与同类规则在同一天同时适用 / the changed rule does not fit the table: " +
          r.reason;
      for (const std::string& field : change.conflict_fields) v.Add(field, why);
      if (v.empty()) v.Add("name", why);
      return v.ToStatus();
    }
    *response = *next->Find(change.name);
    const std::string action = "intake." + change.method;
    repository_.WriteRuleChange(
        tx, RuleChangeRecord{
                written, response->enabled(), response->note(), caller.user(), now, action,
                response->version(), next->version(), next->set.digest(),
                core::AuditCteParams(core::AuditEntry{caller.user(), caller.organisation(), action,
                                                      change.name, core::StateDigest(*response)}),
                key, response->SerializeAsString()});
    return grpc::Status::OK;
  });
  // This replica uses the new book at once; the others hear of it on kThresholdRuleChannel, and
  // every replica's Reassessor brings the open cases up to it.
  if (status.ok() && next != nullptr) rules_.Install(next);
  return status;
}

}  // namespace casebridge::intake
