#include "services/intake/case_rows.h"

#include <google/protobuf/util/time_util.h>

#include <cstdio>

#include "services/core/audit.h"
#include "services/intake/assessment_mapping.h"
#include "services/intake/case_validation.h"
#include "services/law/thresholds.h"

namespace casebridge::intake {

using google::protobuf::util::TimeUtil;

std::string CaseIdFromName(const std::string& name) {
  constexpr std::string_view kPrefix = "caseFiles/";
  if (name.rfind(kPrefix, 0) != 0 || name.size() == kPrefix.size()) return "";
  std::string id = name.substr(kPrefix.size());
  return id.find('/') == std::string::npos ? id : "";
}

std::string OrganisationId(const std::string& name) {
  constexpr std::string_view kPrefix = "organisations/";
  return name.rfind(kPrefix, 0) == 0 ? name.substr(kPrefix.size()) : name;
}

CaseRow ToRow(const v1::CaseFile& c, int64_t create_micros, int64_t update_micros, bool imported) {
  CaseRow row;
  row.id = CaseIdFromName(c.name());
  row.agency_id = OrganisationId(c.agency());
  row.region_code = c.region_code();
  row.case_number = c.case_number();
  row.state = c.state();
  if (c.has_register_date()) {
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", c.register_date().year(),
                  c.register_date().month(), c.register_date().day());
    row.register_date = date;
  }
  row.flagged = c.flagged();
  row.overall_outcome = c.assessment().overall_outcome();
  row.ip_right = c.threshold_facts().ip_right();
  row.party_names = PartyNamesText(c);
  row.credit_codes = PartyCreditCodes(c);
  row.id_numbers = PartyIdNumbers(c);
  row.imported = imported;
  row.create_micros = create_micros;
  row.update_micros = update_micros;
  row.version = std::stoll(c.etag());
  row.body = core::DeterministicBytes(c);
  row.rule_set_version = c.assessment().rule_set_version();
  return row;
}

bool Reassess(v1::CaseFile& c, const law::ThresholdRuleSet& rules, int64_t now_micros) {
  const v1::ThresholdAssessment before = c.assessment();
  *c.mutable_assessment() =
      AssessmentToProto(law::Assess(rules, FactsFromProto(c.threshold_facts())),
                        TimeUtil::MicrosecondsToTimestamp(now_micros));
  c.set_flagged(IsFlagged(c.assessment()));
  if (before.overall_outcome() != c.assessment().overall_outcome() ||
      before.offences_size() != c.assessment().offences_size()) {
    return true;
  }
  for (int i = 0; i < before.offences_size(); ++i) {
    if (before.offences(i).offence() != c.assessment().offences(i).offence() ||
        before.offences(i).outcome() != c.assessment().offences(i).outcome()) {
      return true;
    }
  }
  return false;
}

ChangeRecord MakeChange(const core::Principal& caller, const std::string& action,
                        v1::CaseEvent::Type type, const v1::CaseFile& snapshot,
                        const core::RequestKey& request, const google::protobuf::Message& response,
                        const google::protobuf::FieldMask* changed_fields, bool assessment_changed,
                        const std::string& subject) {
  const std::string digest = core::StateDigest(snapshot);
  v1::CaseEvent event;
  auto* header = event.mutable_header();
  header->mutable_actor()->set_user(caller.user());
  header->mutable_actor()->set_organisation(caller.organisation());
  header->mutable_actor()->set_display_name(caller.claims.display_name());
  header->set_organisation(snapshot.agency());
  header->set_region_code(snapshot.region_code());
  header->set_request_id(request.request_id);
  header->set_state_sha256_hex(digest);
  event.set_type(type);
  event.set_case_file(snapshot.name());
  *event.mutable_snapshot() = snapshot;
  event.set_subject(subject);
  if (changed_fields != nullptr) *event.mutable_changed_fields() = *changed_fields;
  event.set_assessment_changed(assessment_changed);
  return ChangeRecord{core::AuditCteParams(core::AuditEntry{caller.user(), caller.organisation(),
                                                            action, snapshot.name(), digest}),
                      event.SerializeAsString(), request, response.SerializeAsString()};
}

}  // namespace casebridge::intake
