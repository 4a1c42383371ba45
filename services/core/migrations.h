// Applies a service's versioned SQL migrations at start, once, in order, inside one transaction.
#pragma once

#include <pqxx/pqxx>
#include <span>
#include <string>
#include <vector>

#include "services/core/embedded_file.h"

namespace casebridge::core {

// A named series of migration files `NNNN_description.sql`, applied in file-name order.
struct MigrationSet {
  std::string name;  // "core" for the shared tables, else the service name
  std::span<const EmbeddedFile> files;
};

struct MigrationResult {
  int applied = 0;
  int already_present = 0;
};

// Applies every set in order to `schema`, inside one transaction, as `owner_role` (the runtime role
// is a NOINHERIT member of it, so it owns tables only while migrating). An advisory lock makes two
// instances starting at once apply each migration exactly once. `{{schema}}` and `{{runtime_role}}`
// in the SQL are replaced before execution; checksums are of the file as written. A recorded
// migration whose checksum differs from the file refuses the start with MigrationError.
MigrationResult ApplyMigrations(pqxx::connection& connection, const std::string& schema,
                                const std::string& owner_role, const std::string& runtime_role,
                                const std::vector<MigrationSet>& sets);

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The shared tables every service has: the audit chain and the request log.
std::span<const EmbeddedFile> CoreMigrations();

}  // namespace casebridge::core
