#include "services/referral/referral_rows.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "services/core/audit.h"
#include "services/core/digest.h"

namespace casebridge::referral {
namespace {

using google::protobuf::util::TimeUtil;

// The id after `prefix` in a one-segment resource name; "" otherwise.
std::string IdAfter(std::string_view prefix, const std::string& name) {
  if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size()) return "";
  std::string id = name.substr(prefix.size());
  return id.find('/') == std::string::npos ? id : "";
}

}  // namespace

std::string ReferralIdFromName(const std::string& name) { return IdAfter("referrals/", name); }
std::string CaseIdFromName(const std::string& name) { return IdAfter("caseFiles/", name); }
std::string OrganisationId(const std::string& name) { return IdAfter("organisations/", name); }

v1::Actor ActorOf(const core::Principal& caller) {
  v1::Actor actor;
  actor.set_user(caller.user());
  actor.set_organisation(caller.organisation());
  actor.set_display_name(caller.claims.display_name());
  return actor;
}

ReferralRow ToRow(const v1::Referral& r, int64_t create_micros, int64_t update_micros) {
  ReferralRow row;
  row.id = ReferralIdFromName(r.name());
  row.case_file_id = CaseIdFromName(r.case_file());
  row.agency_id = OrganisationId(r.agency());
  row.region_code = r.region_code();
  row.state = r.state();
  auto add_police = [&row](const std::string& name) {
    const std::string id = OrganisationId(name);
    if (!id.empty() &&
        std::find(row.police_ids.begin(), row.police_ids.end(), id) == row.police_ids.end()) {
      row.police_ids.push_back(id);
    }
  };
  add_police(r.transfer().police());
  for (const auto& f : r.forwardings()) add_police(f.to_police());
  row.current_police_id = OrganisationId(r.current_police());
  row.referral_number = r.referral_number();
  row.create_micros = create_micros;
  row.update_micros = update_micros;
  row.version = std::stoll(r.etag());
  row.body = core::DeterministicBytes(r);
  return row;
}

std::vector<DeadlineRow> DeadlineRows(const v1::Referral& r,
                                      const std::vector<std::string>& changed) {
  std::vector<DeadlineRow> rows;
  for (const v1::Deadline& d : r.deadlines()) {
    if (std::find(changed.begin(), changed.end(), d.name()) == changed.end()) continue;
    DeadlineRow row;
    row.referral_id = ReferralIdFromName(r.name());
    row.deadline_id = d.name().substr(d.name().rfind('/') + 1);
    row.kind = d.kind();
    row.state = d.clock().state();
    row.responsible_organisation_id = OrganisationId(d.clock().responsible_organisation());
    row.agency_id = OrganisationId(r.agency());
    row.region_code = r.region_code();
    row.due_micros = TimeUtil::TimestampToMicroseconds(d.clock().due_time());
    if (d.clock().has_completion_time()) {
      row.completion_micros = TimeUtil::TimestampToMicroseconds(d.clock().completion_time());
    }
    row.body = core::DeterministicBytes(d);
    rows.push_back(std::move(row));
  }
  return rows;
}

ChangeRecord MakeChange(const core::Principal& caller, const std::string& action,
                        v1::ReferralEvent::Type type, const v1::Referral& snapshot,
                        const std::vector<v1::Deadline>& deadline_changes,
                        const core::RequestKey& request, const google::protobuf::Message& response,
                        const std::string& subject) {
  const std::string digest = core::StateDigest(snapshot);
  v1::ReferralEvent event;
  auto* header = event.mutable_header();
  *header->mutable_actor() = ActorOf(caller);
  header->set_organisation(snapshot.agency());
  header->set_region_code(snapshot.region_code());
  header->set_request_id(request.request_id);
  header->set_state_sha256_hex(digest);
  event.set_type(type);
  event.set_referral(snapshot.name());
  event.set_case_file(snapshot.case_file());
  *event.mutable_snapshot() = snapshot;
  for (const auto& d : deadline_changes) *event.add_deadline_changes() = d;
  event.set_subject(subject);
  return ChangeRecord{core::AuditCteParams(core::AuditEntry{caller.user(), caller.organisation(),
                                                            action, snapshot.name(), digest}),
                      event.SerializeAsString(), request, response.SerializeAsString()};
}

v1::Referral InView(const v1::Referral& r, v1::ReferralView view) {
  v1::Referral out = r;
  if (view != v1::REFERRAL_VIEW_FULL) out.mutable_case_snapshot()->clear_case_file();
  return out;
}

}  // namespace casebridge::referral
