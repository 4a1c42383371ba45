// IntakeRepository: the bulk-import writes (COPY), for migrating cases from older platforms.
#include <pqxx/stream_to>

#include "services/core/digest.h"
#include "services/intake/intake_repository.h"

namespace casebridge::intake {
namespace {

std::string TimestampText(int64_t micros) {
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[48];
  size_t n = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%06d+00", static_cast<int>(micros % 1000000));
  return text;
}

std::string ByteaText(const std::string& bytes) { return "\\x" + core::HexEncode(bytes); }

std::string ArrayText(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  return out + "}";
}

}  // namespace

std::vector<std::string> IntakeRepository::ExistingCaseNumbers(
    pqxx::transaction_base& tx, const std::string& agency_id,
    const std::vector<std::string>& numbers) {
  std::string list;
  for (const std::string& n : numbers) list += (list.empty() ? "" : ",") + tx.quote(n);
  std::vector<std::string> out;
  if (list.empty()) return out;
  pqxx::result r =
      tx.exec("SELECT case_number FROM case_files WHERE agency_id = " + tx.quote(agency_id) +
              " AND case_number IN (" + list + ")");
  for (const auto& row : r) out.push_back(row[0].as<std::string>());
  return out;
}

int64_t IntakeRepository::ReserveEventSequences(pqxx::transaction_base& tx, int64_t count) {
  // The row lock is held to commit, like every single write's, so the range stays in commit order.
  return tx
      .exec_params(
          "UPDATE case_event_head SET last_sequence = last_sequence + $1 WHERE id = 1"
          " RETURNING last_sequence - $1 + 1",
          count)[0][0]
      .as<int64_t>();
}

void IntakeRepository::CopyCases(pqxx::transaction_base& tx, const std::vector<CaseRow>& rows,
                                 const std::vector<std::string>& events, int64_t first_sequence,
                                 int64_t audit_sequence) {
  {
    pqxx::stream_to cases(
        tx, "case_files",
        std::vector<std::string>{
            "id", "agency_id", "region_code", "case_number", "state", "register_date", "flagged",
            "overall_outcome", "ip_right", "party_names", "credit_codes", "id_numbers", "imported",
            "create_time", "update_time", "version", "body", "rule_set_version"});
    for (const CaseRow& r : rows) {
      cases << std::make_tuple(r.id, r.agency_id, r.region_code, r.case_number, r.state,
                               r.register_date, r.flagged ? "t" : "f", r.overall_outcome,
                               r.ip_right, r.party_names, ArrayText(r.credit_codes),
                               ArrayText(r.id_numbers), r.imported ? "t" : "f",
                               TimestampText(r.create_micros), TimestampText(r.update_micros),
                               r.version, ByteaText(r.body), r.rule_set_version);
    }
    cases.complete();
  }
  pqxx::stream_to feed(tx, "case_events",
                       std::vector<std::string>{"sequence", "audit_sequence", "case_file_id",
                                                "agency_id", "region_code", "event"});
  for (size_t i = 0; i < rows.size(); ++i) {
    feed << std::make_tuple(first_sequence + static_cast<int64_t>(i), audit_sequence, rows[i].id,
                            rows[i].agency_id, rows[i].region_code, ByteaText(events[i]));
  }
  feed.complete();
  tx.exec_params("SELECT pg_notify($1, $2)", kCaseEventChannel,
                 std::to_string(first_sequence + static_cast<int64_t>(rows.size()) - 1));
}

}  // namespace casebridge::intake
