#include "services/core/migrations.h"

#include <algorithm>

#include "services/core/digest.h"
#include "services/core/log.h"

namespace casebridge::core {
namespace {

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

}  // namespace

MigrationResult ApplyMigrations(pqxx::connection& connection, const std::string& schema,
                                const std::string& owner_role, const std::string& runtime_role,
                                const std::vector<MigrationSet>& sets) {
  MigrationResult result;
  pqxx::work tx(connection);
  tx.exec("SET LOCAL ROLE " + tx.quote_name(owner_role));
  tx.exec("SET LOCAL search_path TO " + tx.quote_name(schema) + ", public");
  // Serialises concurrent starts: the second instance waits, then finds everything recorded.
  tx.exec("SELECT pg_advisory_xact_lock(hashtext(" + tx.quote("casebridge.migrations." + schema) +
          "))");
  tx.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " migration_set text NOT NULL, file_name text NOT NULL, checksum text NOT NULL,"
      " applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (migration_set, file_name))");

  for (const MigrationSet& set : sets) {
    std::vector<const EmbeddedFile*> files;
    for (const EmbeddedFile& f : set.files) files.push_back(&f);
    std::sort(files.begin(), files.end(),
              [](const EmbeddedFile* a, const EmbeddedFile* b) { return a->name < b->name; });
    for (const EmbeddedFile* file : files) {
      const std::string checksum = Sha256Hex(file->content);
      const std::string name(file->name);
      pqxx::result recorded = tx.exec_params(
          "SELECT checksum FROM schema_migrations WHERE migration_set = $1 AND file_name = $2",
          set.name, name);
      if (!recorded.empty()) {
        if (recorded[0][0].as<std::string>() != checksum) {
          throw MigrationError("migration " + set.name + "/" + name + " in schema " + schema +
                               " was changed after it was applied (recorded checksum " +
                               recorded[0][0].as<std::string>() + ", file " + checksum +
                               "); write a new migration instead of editing an applied one");
        }
        ++result.already_present;
        continue;
      }
      std::string sql = ReplaceAll(std::string(file->content), "{{schema}}", tx.quote_name(schema));
      sql = ReplaceAll(sql, "{{runtime_role}}", tx.quote_name(runtime_role));
      sql = ReplaceAll(sql, "{{owner_role}}", tx.quote_name(owner_role));
      tx.exec(sql);
      tx.exec_params(
          "INSERT INTO schema_migrations (migration_set, file_name, checksum) VALUES ($1, $2, $3)",
          set.name, name, checksum);
      ++result.applied;
      LogInfo("migration_applied", {{"schema", schema}, {"migration", set.name + "/" + name}});
    }
  }
  tx.commit();
  return result;
}

}  // namespace casebridge::core
