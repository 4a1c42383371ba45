// SQL of referral documents' metadata (referral_documents, migration 0002); their bytes are written
// and sliced in referral_repository.cc.
#include "services/referral/referral_repository.h"

namespace casebridge::referral {
namespace {

constexpr char kDocumentColumns[] = "referral_id, document_id, kind, generated, ordinal, body";

DocumentRow ReadDocument(const pqxx::row& r) {
  DocumentRow row;
  row.referral_id = r[0].as<std::string>();
  row.document_id = r[1].as<std::string>();
  row.kind = r[2].as<int>();
  row.generated = r[3].as<bool>();
  row.ordinal = r[4].as<int64_t>();
  row.body = pqxx::binarystring(r[5]).str();
  return row;
}

}  // namespace

void ReferralRepository::InsertDocument(pqxx::transaction_base& tx, const DocumentRow& row) {
  tx.exec_params(
      "INSERT INTO referral_documents (referral_id, document_id, kind, generated, body)"
      " VALUES ($1, $2, $3, $4, $5)",
      row.referral_id, row.document_id, row.kind, row.generated, pqxx::binarystring(row.body));
}

std::optional<DocumentRow> ReferralRepository::FindDocument(pqxx::transaction_base& tx,
                                                            const std::string& referral_id,
                                                            const std::string& document_id) {
  pqxx::result r = tx.exec_params(std::string("SELECT ") + kDocumentColumns +
                                      " FROM referral_documents WHERE referral_id = $1"
                                      " AND document_id = $2",
                                  referral_id, document_id);
  if (r.empty()) return std::nullopt;
  return ReadDocument(r[0]);
}

std::vector<DocumentRow> ReferralRepository::ListDocuments(pqxx::transaction_base& tx,
                                                           const DocumentQuery& q, int limit) {
  // Unset filters are passed as NULL and match everything.
  pqxx::result r = tx.exec_params(
      std::string("SELECT ") + kDocumentColumns +
          " FROM referral_documents WHERE referral_id = $1 AND ($2::smallint IS NULL OR kind = $2)"
          " AND ($3::boolean IS NULL OR generated = $3) AND ordinal > $4"
          " ORDER BY ordinal LIMIT $5",
      q.referral_id, q.kind, q.generated, q.after_ordinal, limit);
  std::vector<DocumentRow> out;
  for (const auto& row : r) out.push_back(ReadDocument(row));
  return out;
}

int64_t ReferralRepository::CountDocuments(pqxx::transaction_base& tx,
                                           const std::string& referral_id) {
  return tx
      .exec_params("SELECT count(*) FROM referral_documents WHERE referral_id = $1",
                   referral_id)[0][0]
      .as<int64_t>();
}

}  // namespace casebridge::referral
