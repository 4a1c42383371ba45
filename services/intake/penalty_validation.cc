#include "services/intake/penalty_validation.h"

#include <optional>
#include <set>

#include "services/intake/assessment_mapping.h"
#include "services/intake/case_sub_resources.h"
#include "services/intake/party_validation.h"
#include "services/law/decision_number.h"

namespace casebridge::intake {

using core::FieldViolations;
using validation::CheckText;
using validation::IsBlank;
using validation::TextRule;

namespace {

constexpr int kMaxPenalties = 20;
constexpr int kMaxDecisionParties = 200;

constexpr TextRule kIllegalFacts{"主要违法事实", "main illegal facts", 20000, true, false};
constexpr TextRule kPenaltyDescription{"处罚说明", "description of the penalty", 500, false, false};
constexpr TextRule kReason{"理由", "grounds", 2000, false, false};
constexpr TextRule kComplianceMethod{"履行方式", "how to comply", 500, false, false};
constexpr TextRule kJustification{"说明理由", "justification", 2000, false, false};
constexpr TextRule kExemption{"不予公示理由", "reason not to publish", 500, false, false};
constexpr TextRule kListingNumber{"列入决定书文号", "number of the listing decision", 100, true};
constexpr TextRule kListingGrounds{"列入事由", "grounds of the listing", 500, true, false};
constexpr TextRule kNote{"说明", "note", 2000, false, false};
constexpr TextRule kRevocationReasons{"撤销（变更）理由", "reasons", 2000, true, false};
constexpr TextRule kRevocationDocument{"撤销决定书、复议决定书或判决书文号",
                                       "number of the revoking document", 100};

std::string Index(const std::string& path, int i) { return path + "[" + std::to_string(i) + "]"; }

std::string ErrorText(const std::vector<law::IdentifierProblem>& problems) {
  std::string text;
  for (const law::IdentifierProblem& problem : problems) {
    if (problem.severity != law::ProblemSeverity::kError) continue;
    if (!text.empty()) text += "；";
    text += problem.message;
  }
  return text;
}

bool IsMonetary(v1::PenaltyDecision::Penalty::Kind kind) {
  return kind == v1::PenaltyDecision::Penalty::KIND_FINE ||
         kind == v1::PenaltyDecision::Penalty::KIND_CONFISCATE_ILLEGAL_GAINS;
}

void CheckDecisionNumber(const v1::PenaltyDecision& d, const v1::CaseFile& c,
                         std::chrono::year_month_day today, FieldViolations& v,
                         std::string* canonical) {
  const std::string path = "penalty_decision.decision_number";
  const law::DecisionNumberValidation number =
      law::ParseDecisionNumber(d.decision_number(), static_cast<int>(today.year()));
  if (!number.valid) {
    v.Add(path, ErrorText(number.problems));
    return;
  }
  for (const v1::PenaltyDecision& other : c.penalty_decisions()) {
    if (other.decision_number() == number.canonical) {
      v.Add(path, "本案已录入文号为 " + number.canonical +
                      " 的处罚决定 / this case already has a decision with this number");
      return;
    }
  }
  *canonical = number.canonical;
}

void CheckParties(const v1::PenaltyDecision& d, const v1::CaseFile& c, FieldViolations& v) {
  const std::string path = "penalty_decision.party_ids";
  if (d.party_ids_size() > kMaxDecisionParties) {
    v.Add(path, "被处罚当事人不能超过 200 个 / at most 200 parties");
    return;
  }
  bool respondent = false;
  std::set<std::string> seen;
  for (int i = 0; i < d.party_ids_size(); ++i) {
    const v1::Party* party = FindParty(c, d.party_ids(i));
    if (party == nullptr) {
      v.Add(Index(path, i), "本案没有编号为“" + d.party_ids(i) +
                                "”的当事人 / the case has no party with this party_id");
    } else if (!seen.insert(d.party_ids(i)).second) {
      v.Add(Index(path, i), "当事人重复 / this party is listed twice");
    } else {
      respondent = respondent || party->capacity() == v1::Party::CAPACITY_RESPONDENT;
    }
  }
  if (!respondent) {
    v.Add(path,
          "须写明处罚决定针对的当事人，至少一名为本案当事人（违法嫌疑人） / name the "
          "parties the decision is against, at least one of them a respondent of the case");
  }
}

void CheckPenalty(const v1::PenaltyDecision::Penalty& penalty, const v1::CaseFile& c,
                  const std::string& path, FieldViolations& v) {
  using P = v1::PenaltyDecision::Penalty;
  const auto kind = penalty.kind();
  if (kind == P::KIND_UNSPECIFIED || !P::Kind_IsValid(kind)) {
    v.Add(path + ".kind",
          "须选择处罚种类，如警告、罚款、没收违法所得 / choose the kind of "
          "penalty, e.g. warning, fine, confiscation of illegal gains");
  }
  if (IsMonetary(kind)) {
    if (penalty.amount_fen() <= 0) {
      v.Add(path + ".amount_fen",
            "罚款或没收违法所得须填写大于 0 的金额（单位：分） / a fine or "
            "confiscation of gains needs an amount above 0, in fen");
    } else if (penalty.amount_fen() > kMaxAmountFen) {
      v.Add(path + ".amount_fen",
            "金额超过 10 万亿元，请核对单位是否为分 / the amount exceeds "
            "10 trillion yuan; amounts are in fen (分), please check");
    }
  } else if (penalty.amount_fen() != 0) {
    v.Add(path + ".amount_fen",
          "只有罚款和没收违法所得有金额 / only fines and confiscated gains "
          "have an amount");
  }
  TextRule description = kPenaltyDescription;
  description.required = kind == P::KIND_OTHER;
  CheckText(penalty.description(), description, path + ".description", v);
  const std::string items = path + ".seized_items";
  if (kind != P::KIND_CONFISCATE_ILLEGAL_PROPERTY) {
    if (penalty.seized_items_size() > 0) {
      v.Add(items,
            "只有没收非法财物时列出涉案物品 / seized items are listed only when illegal "
            "property is confiscated");
    }
    return;
  }
  if (penalty.seized_items_size() == 0 && IsBlank(penalty.description())) {
    v.Add(items,
          "须列出没收的涉案物品，或在说明中写明没收的财物 / list the seized items "
          "confiscated, or describe the property in the description");
  }
  std::set<std::string> seen;
  for (int i = 0; i < penalty.seized_items_size(); ++i) {
    const std::string& name = penalty.seized_items(i);
    bool found = false;
    for (const v1::SeizedItem& item : c.seized_items()) found = found || item.name() == name;
    if (!found) {
      v.Add(Index(items, i),
            "“" + name + "”不是本案的涉案物品 / '" + name + "' is not a seized item of this case");
    } else if (!seen.insert(name).second) {
      v.Add(Index(items, i), "涉案物品重复 / this item is listed twice");
    }
  }
}

// Fines against the range of the provision applied (行政处罚法 art. 32: below the minimum only as
// 减轻处罚, with grounds).
void CheckFineRange(const v1::PenaltyDecision& d, FieldViolations& v) {
  const std::string p = "penalty_decision.";
  for (const char* field : {"statutory_fine_minimum_fen", "statutory_fine_maximum_fen"}) {
    const bool minimum = std::string(field) == "statutory_fine_minimum_fen";
    const bool has =
        minimum ? d.has_statutory_fine_minimum_fen() : d.has_statutory_fine_maximum_fen();
    const int64_t value = minimum ? d.statutory_fine_minimum_fen() : d.statutory_fine_maximum_fen();
    if (has && (value < 0 || value > kMaxAmountFen)) {
      v.Add(p + field,
            "法定罚款限额须在 0 至 10 万亿元之间（单位：分） / the statutory limit must "
            "be between 0 and 10 trillion yuan, in fen");
      return;
    }
  }
  if (d.has_statutory_fine_minimum_fen() && d.has_statutory_fine_maximum_fen() &&
      d.statutory_fine_minimum_fen() > d.statutory_fine_maximum_fen()) {
    v.Add(p + "statutory_fine_maximum_fen",
          "法定罚款上限不能低于下限 / the statutory maximum "
          "cannot be below the minimum");
    return;
  }
  bool below_minimum = false;
  for (int i = 0; i < d.penalties_size(); ++i) {
    const auto& penalty = d.penalties(i);
    if (penalty.kind() != v1::PenaltyDecision::Penalty::KIND_FINE || penalty.amount_fen() <= 0) {
      continue;
    }
    if (d.has_statutory_fine_maximum_fen() &&
        penalty.amount_fen() > d.statutory_fine_maximum_fen()) {
      v.Add(Index(p + "penalties", i) + ".amount_fen",
            "罚款超过法定上限，请核对金额（单位：分） / the fine exceeds the statutory maximum; "
            "check the amount (in fen)");
    }
    below_minimum = below_minimum || (d.has_statutory_fine_minimum_fen() &&
                                      penalty.amount_fen() < d.statutory_fine_minimum_fen());
  }
  if (below_minimum && d.mitigation() != v1::PenaltyDecision::MITIGATION_REDUCED) {
    v.Add(p + "mitigation",
          "罚款低于法定下限，须选择“减轻处罚”并写明理由（行政处罚法第三十二条） / "
          "the fine is below the statutory minimum: choose reduced penalty and "
          "give the grounds (Administrative Penalty Law art. 32)");
  }
}

void CheckJustifyingReferral(const v1::PenaltyDecision& d, const v1::CaseFile& c,
                             FieldViolations& v) {
  if (d.justifying_referral().empty()) return;
  const std::string path = "penalty_decision.justifying_referral";
  for (const v1::ReferralLink& link : c.referrals()) {
    if (link.referral() != d.justifying_referral()) continue;
    const auto stage = link.stage();
    if (stage != v1::ReferralLink::STAGE_DECLINED_BY_POLICE &&
        stage != v1::ReferralLink::STAGE_REVERSE_TRANSFERRED &&
        stage != v1::ReferralLink::STAGE_CLOSED_ADMINISTRATIVELY) {
      v.Add(path,
            "该移送案件未被公安机关不予立案或反向移送，不能作为处罚的依据 / the police have "
            "neither declined nor transferred back this referral");
    }
    return;
  }
  v.Add(path, "“" + d.justifying_referral() + "”不是本案的移送案件 / '" + d.justifying_referral() +
                  "' is not a referral of this case");
}

void CheckListing(const v1::PenaltyDecision& d, std::chrono::year_month_day today,
                  FieldViolations& v) {
  if (!d.has_serious_dishonesty_listing()) return;
  const auto& l = d.serious_dishonesty_listing();
  const std::string p = "penalty_decision.serious_dishonesty_listing.";
  CheckText(l.decision_number(), kListingNumber, p + "decision_number", v);
  auto listed = CheckPastDate(l.has_listing_date() ? &l.listing_date() : nullptr, true, "列入日期",
                              "listing date", today, p + "listing_date", v);
  CheckText(l.grounds(), kListingGrounds, p + "grounds", v);
  CheckLegalBases(l.legal_basis(), 1, p + "legal_basis", v);
  auto removal =
      CheckRealDate(l.has_planned_removal_date() ? &l.planned_removal_date() : nullptr, false,
                    "预计移出日期", "planned removal date", p + "planned_removal_date", v);
  if (listed && removal && *removal <= *listed) {
    v.Add(p + "planned_removal_date",
          "预计移出日期须晚于列入日期 / the planned removal date must "
          "be after the listing date");
  }
}

void CheckSupersedes(const v1::PenaltyDecision& d, const v1::CaseFile& c, FieldViolations& v) {
  if (d.supersedes().empty()) return;
  for (const v1::PenaltyDecision& old : c.penalty_decisions()) {
    if (old.name() != d.supersedes()) continue;
    if (old.state() != v1::PenaltyDecision::STATE_REVOKED ||
        old.revocation().kind() != v1::PenaltyDecision::Revocation::KIND_CHANGED ||
        !old.revocation().replaced_by().empty()) {
      v.Add("penalty_decision.supersedes",
            "被替代的决定须先登记为“变更”且尚未被替代 / the replaced decision must first be "
            "recorded as changed, and not be replaced already");
    }
    return;
  }
  v.Add("penalty_decision.supersedes", "“" + d.supersedes() + "”不是本案的处罚决定 / '" +
                                           d.supersedes() + "' is not a decision of this case");
}

}  // namespace

int64_t PayableFen(const v1::PenaltyDecision& d) {
  int64_t total = 0;
  for (const auto& penalty : d.penalties()) {
    if (IsMonetary(penalty.kind())) total += penalty.amount_fen();
  }
  return total;
}

void ValidatePenaltyDecision(const v1::PenaltyDecision& d, const v1::CaseFile& c,
                             std::chrono::year_month_day today, FieldViolations& v,
                             std::string* canonical_number) {
  const std::string p = "penalty_decision.";
  CheckDecisionNumber(d, c, today, v, canonical_number);
  auto decided = CheckPastDate(d.has_decision_date() ? &d.decision_date() : nullptr, true,
                               "作出决定日期", "decision date", today, p + "decision_date", v);
  if (decided && c.has_register_date()) {
    auto registered = DateFromProto(c.register_date());
    if (registered && *decided < *registered) {
      v.Add(p + "decision_date",
            "处罚决定日期不能早于立案日期 / the decision cannot be dated "
            "before the case was registered");
    }
  }
  CheckParties(d, c, v);
  CheckText(d.illegal_facts(), kIllegalFacts, p + "illegal_facts", v);
  if (d.penalties_size() == 0 || d.penalties_size() > kMaxPenalties) {
    v.Add(p + "penalties",
          "须写明 1 至 20 项处罚种类和数额 / list 1 to 20 penalties with "
          "their amounts");
  } else {
    for (int i = 0; i < d.penalties_size(); ++i) {
      CheckPenalty(d.penalties(i), c, Index(p + "penalties", i), v);
    }
  }
  CheckLegalBases(d.legal_basis(), 1, p + "legal_basis", v);
  CheckFineRange(d, v);
  if (!v1::PenaltyDecision::Mitigation_IsValid(d.mitigation())) {
    v.Add(p + "mitigation", "未知的选项值 / unknown choice");
  }
  TextRule reason = kReason;
  reason.required = d.mitigation() == v1::PenaltyDecision::MITIGATION_REDUCED;
  CheckText(d.mitigation_reason(), reason, p + "mitigation_reason", v);

  // Something to comply with: every penalty but a warning or a public criticism; by a date when
  // money is to be paid.
  bool to_comply = false;
  for (const auto& penalty : d.penalties()) {
    to_comply =
        to_comply || (penalty.kind() != v1::PenaltyDecision::Penalty::KIND_WARNING &&
                      penalty.kind() != v1::PenaltyDecision::Penalty::KIND_PUBLIC_CRITICISM);
  }
  TextRule method = kComplianceMethod;
  method.required = to_comply;
  CheckText(d.compliance_method(), method, p + "compliance_method", v);
  auto deadline = CheckRealDate(d.has_compliance_deadline() ? &d.compliance_deadline() : nullptr,
                                PayableFen(d) > 0, "履行期限", "deadline to comply",
                                p + "compliance_deadline", v);
  if (deadline && decided && *deadline < *decided) {
    v.Add(p + "compliance_deadline",
          "履行期限不能早于作出决定日期 / the deadline to comply cannot "
          "be before the decision date");
  }

  // 310号 art. 11: a penalty where the criminal threshold is met is what procurators audit as
  // 以罚代刑, so the officer must say why it is lawful.
  if (ThresholdMet(c) && IsBlank(d.justification_when_threshold_met())) {
    v.Add(
        p + "justification_when_threshold_met",
        "本案已达到刑事追诉标准，作出行政处罚须说明理由，如公安机关不予立案（国务院令第310号第十、"
        "十一条） / the case meets the criminal threshold: explain why a penalty is lawful, e.g. "
        "the police declined to file (State Council Decree 310 art. 10, 11)");
  } else {
    CheckText(d.justification_when_threshold_met(), kJustification,
              p + "justification_when_threshold_met", v);
  }
  CheckJustifyingReferral(d, c, v);
  CheckText(d.disclosure_exemption(), kExemption, p + "disclosure_exemption", v);
  CheckListing(d, today, v);
  if (!d.decision_document().empty() && !CaseHasDocument(c, d.decision_document())) {
    v.Add(p + "decision_document", "“" + d.decision_document() +
                                       "”不是本案已上传的材料，请先上传 / '" +
                                       d.decision_document() + "' is not a document of this case");
  }
  CheckSupersedes(d, c, v);
}

void ValidatePenaltyExecution(const v1::PenaltyDecision::Execution& e, const v1::PenaltyDecision& d,
                              std::chrono::year_month_day today, FieldViolations& v) {
  const bool executed = e.state() == v1::PenaltyDecision::EXECUTION_STATE_EXECUTED;
  if (e.state() == v1::PenaltyDecision::EXECUTION_STATE_UNSPECIFIED ||
      !v1::PenaltyDecision::ExecutionState_IsValid(e.state())) {
    v.Add("execution.state",
          "须选择履行状态：待履行、部分履行、已履行完毕或申请法院强制执行 / "
          "choose the state: pending, partly executed, executed or compulsory "
          "execution applied for");
  }
  const int64_t payable = PayableFen(d);
  if (e.paid_amount_fen() < 0 || e.paid_amount_fen() > payable) {
    v.Add("execution.paid_amount_fen", "已缴金额须在 0 至应缴的 " + std::to_string(payable) +
                                           " 分之间 / the amount paid must be between 0 and the " +
                                           std::to_string(payable) + " fen due");
  } else if (executed && e.paid_amount_fen() != payable) {
    v.Add("execution.paid_amount_fen",
          "已履行完毕时，已缴金额应等于罚款和没收违法所得合计 " + std::to_string(payable) +
              " 分 / when executed, the amount paid equals the " + std::to_string(payable) +
              " fen of fines and confiscated gains");
  }
  const v1::Date* completion = e.has_completion_date() ? &e.completion_date() : nullptr;
  if (!executed && completion != nullptr) {
    v.Add("execution.completion_date",
          "履行完毕日期只在已履行完毕时填写 / the completion date is "
          "only for an executed decision");
  } else {
    auto done = CheckPastDate(completion, executed, "履行完毕日期", "completion date", today,
                              "execution.completion_date", v);
    auto decided = DateFromProto(d.decision_date());
    if (done && decided && *done < *decided) {
      v.Add("execution.completion_date",
            "履行完毕日期不能早于作出决定日期 / the completion date "
            "cannot be before the decision date");
    }
  }
  CheckText(e.note(), kNote, "execution.note", v);
}

void ValidatePenaltyRevocation(const v1::PenaltyDecision::Revocation& r,
                               const v1::PenaltyDecision& d, std::chrono::year_month_day today,
                               FieldViolations& v) {
  using R = v1::PenaltyDecision::Revocation;
  if (r.kind() == R::KIND_UNSPECIFIED || !R::Kind_IsValid(r.kind())) {
    v.Add("revocation.kind",
          "须选择撤销方式：本机关撤销、变更、复议撤销或法院判决撤销 / choose "
          "how it ended: revoked by the agency, changed, annulled on "
          "reconsideration or by a court");
  }
  CheckText(r.reasons(), kRevocationReasons, "revocation.reasons", v);
  TextRule document = kRevocationDocument;
  document.required =
      r.kind() == R::KIND_ANNULLED_ON_RECONSIDERATION || r.kind() == R::KIND_ANNULLED_BY_COURT;
  CheckText(r.document_number(), document, "revocation.document_number", v);
  auto revoked = CheckPastDate(r.has_revocation_date() ? &r.revocation_date() : nullptr, true,
                               "撤销（变更）日期", "date of revocation", today,
                               "revocation.revocation_date", v);
  auto decided = DateFromProto(d.decision_date());
  if (revoked && decided && *revoked < *decided) {
    v.Add("revocation.revocation_date",
          "撤销日期不能早于作出决定日期 / the revocation cannot be "
          "dated before the decision");
  }
}

}  // namespace casebridge::intake
