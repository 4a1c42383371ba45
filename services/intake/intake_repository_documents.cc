// SQL of case documents: their bytes live in case_document_contents, keyed by case and document.
#include "services/intake/intake_repository.h"

namespace casebridge::intake {

void IntakeRepository::InsertDocumentContent(pqxx::transaction_base& tx, const std::string& case_id,
                                             const std::string& document_id,
                                             const std::string& sha256_hex,
                                             const std::string& content) {
  tx.exec_params(
      "INSERT INTO case_document_contents (case_file_id, document_id, size_bytes, sha256_hex,"
      " content) VALUES ($1, $2, $3, $4, $5)",
      case_id, document_id, static_cast<int64_t>(content.size()), sha256_hex,
      pqxx::binarystring(content));
}

std::optional<std::string> IntakeRepository::DocumentContentSlice(pqxx::transaction_base& tx,
                                                                  const std::string& case_id,
                                                                  const std::string& document_id,
                                                                  int64_t offset, int64_t length) {
  // SQL substring counts from 1. The column is stored uncompressed (see the migration), so
  // PostgreSQL reads only the slice's part of the value.
  pqxx::result r = tx.exec_params(
      "SELECT substring(content FROM $3 FOR $4) FROM case_document_contents"
      " WHERE case_file_id = $1 AND document_id = $2",
      case_id, document_id, offset + 1, length);
  if (r.empty()) return std::nullopt;
  return pqxx::binarystring(r[0][0]).str();
}

}  // namespace casebridge::intake
