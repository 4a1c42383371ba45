#include "services/referral/referral_filters.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/time_util.h>

#include "casebridge/v1/referral.pb.h"
#include "services/core/paging.h"
#include "services/referral/referral_rows.h"

namespace casebridge::referral {
namespace {

using core::FieldViolations;
using google::protobuf::util::TimeUtil;

const std::string kDeadlineFilterHelp =
    "可用条件：responsible_organisation=organisations/{id}、state=OPEN、kind=FILING_DECISION、"
    "due_time<=2026-03-01T00:00:00Z、overdue=true、region=3206，用 AND 连接 / use "
    "responsible_organisation=organisations/{id}, state=OPEN, kind=FILING_DECISION, "
    "due_time<=2026-03-01T00:00:00Z, overdue=true or region=3206, joined by AND";

// The number of the value of `type` named `value`, with or without `prefix` ("OPEN" or
// "STATE_OPEN"); nullopt for an unknown name or the unspecified value.
std::optional<int> EnumNumber(const google::protobuf::EnumDescriptor* type,
                              const std::string& prefix, const std::string& value) {
  const google::protobuf::EnumValueDescriptor* found = type->FindValueByName(prefix + value);
  if (found == nullptr) found = type->FindValueByName(value);
  if (found == nullptr || found->number() == 0) return std::nullopt;
  return found->number();
}

const std::string kReferralFilterHelp =
    "可用条件：state=RECEIVED、agency=organisations/{id}、police=organisations/{id}、region=3206、"
    "case_file=caseFiles/{id}、create_time>=2026-03-01T00:00:00Z、create_time<=…、overdue=true，"
    "用 AND 连接 / use state=RECEIVED, agency=organisations/{id}, police=organisations/{id}, "
    "region=3206, case_file=caseFiles/{id}, create_time>=2026-03-01T00:00:00Z, create_time<=… or "
    "overdue=true, joined by AND";

const char kRfc3339[] =
    "时间格式为 RFC 3339，如 2026-03-01T00:00:00Z / times are RFC 3339, e.g. 2026-03-01T00:00:00Z";

bool IsRegionPrefix(const std::string& value) {
  return !value.empty() && value.size() <= 6 &&
         value.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

void ParseReferralFilter(const std::string& filter, ReferralQuery& q, FieldViolations& v) {
  for (const auto& [key, op, value] : core::FilterComparisons(filter, kReferralFilterHelp, v)) {
    auto bad = [&](const std::string& why) { v.Add("filter", key + ": " + why); };
    if (key == "create_time") {
      google::protobuf::Timestamp t;
      if (op == "=") {
        bad("须写作 create_time>= 或 create_time<= / write create_time>= or create_time<=");
      } else if (!TimeUtil::FromString(value, &t)) {
        bad(kRfc3339);
      } else {
        (op == ">=" ? q.created_from_micros : q.created_to_micros) =
            TimeUtil::TimestampToMicroseconds(t);
      }
      continue;
    }
    if (op != "=") {
      bad("只能用 = / only = is allowed here");
    } else if (key == "state") {
      q.state = EnumNumber(v1::Referral::State_descriptor(), "STATE_", value);
      if (!q.state) bad("未知移送状态 / unknown referral state '" + value + "'");
    } else if (key == "agency" || key == "police") {
      const std::string id = OrganisationId(value);
      if (id.empty()) bad("须为 organisations/{id} / expected organisations/{id}");
      (key == "agency" ? q.filter_agency_id : q.filter_police_id) = id;
    } else if (key == "region") {
      q.filter_region = value;
      if (!IsRegionPrefix(value)) bad("区划前缀须为 1-6 位数字 / a region prefix is 1-6 digits");
    } else if (key == "case_file") {
      q.case_file_id = CaseIdFromName(value);
      if (q.case_file_id.empty()) bad("须为 caseFiles/{id} / expected caseFiles/{id}");
    } else if (key == "overdue") {
      q.overdue = value == "true";
      if (!q.overdue) {
        bad("只能为 true；列出全部移送时请省略 / only overdue=true; leave it out to list every "
            "referral");
      }
    } else {
      bad("不支持的筛选字段 / unknown filter field. " + kReferralFilterHelp);
    }
  }
}

void ParseDeadlineFilter(const std::string& filter, DeadlineQuery& q, FieldViolations& v) {
  for (const auto& [key, op, value] : core::FilterComparisons(filter, kDeadlineFilterHelp, v)) {
    auto bad = [&](const std::string& why) { v.Add("filter", key + ": " + why); };
    if (op != (key == "due_time" ? "<=" : "=")) {
      bad(key == "due_time" ? "须写作 due_time<=时间 / write due_time<=time"
                            : "只能用 = / only = is allowed here");
    } else if (key == "responsible_organisation") {
      q.responsible_organisation_id = OrganisationId(value);
      if (q.responsible_organisation_id.empty()) {
        bad("须为 organisations/{id} / expected organisations/{id}");
      }
    } else if (key == "state") {
      q.state = EnumNumber(v1::StatutoryClock::State_descriptor(), "STATE_", value);
      if (!q.state) bad("未知期限状态 / unknown clock state '" + value + "'");
    } else if (key == "kind") {
      q.kind = EnumNumber(v1::Deadline::Kind_descriptor(), "KIND_", value);
      if (!q.kind) bad("未知期限种类 / unknown kind of clock '" + value + "'");
    } else if (key == "due_time") {
      google::protobuf::Timestamp t;
      if (TimeUtil::FromString(value, &t)) {
        q.open_due_by_micros = TimeUtil::TimestampToMicroseconds(t);
      } else {
        bad(kRfc3339);
      }
    } else if (key == "overdue") {
      q.overdue = value == "true";
      if (!q.overdue) {
        bad("只能为 true；列出全部期限时请省略 / only overdue=true; leave it out to list every "
            "clock");
      }
    } else if (key == "region") {
      q.region_filter = value;
      if (!IsRegionPrefix(value)) {
        bad("区划前缀须为 1-6 位数字 / a region prefix is 1-6 digits");
      }
    } else {
      bad("不支持的筛选字段 / unknown filter field. " + kDeadlineFilterHelp);
    }
  }
}

}  // namespace casebridge::referral
