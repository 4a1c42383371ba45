// Runs a unit of database work in one transaction, retrying when a concurrent writer got in first.
#pragma once

#include <pqxx/pqxx>
#include <string>

#include "services/core/database.h"

namespace casebridge::core {

// Runs `work(tx)` on a pooled connection with a transaction of kind Tx, retrying (up to three
// attempts) on serialization failures, deadlocks and a concurrent duplicate of the same request_id,
// where the retry then finds and replays the first response.
template <typename Tx, typename Work>
auto WithRetries(ConnectionPool& pool, Work work) {
  for (int attempt = 1;; ++attempt) {
    try {
      auto lease = pool.Acquire();
      Tx tx(*lease);
      if constexpr (std::is_void_v<decltype(work(tx))>) {
        work(tx);
        tx.commit();
        return;
      } else {
        auto result = work(tx);
        tx.commit();
        return result;
      }
    } catch (const pqxx::serialization_failure&) {
      if (attempt >= 3) throw;
    } catch (const pqxx::deadlock_detected&) {
      if (attempt >= 3) throw;
    } catch (const pqxx::unique_violation& e) {
      if (attempt >= 3 || std::string(e.what()).find("request_log_pkey") == std::string::npos)
        throw;
    }
  }
}

// Calls `work(tx)` inside a transaction on a pooled connection and commits what it wrote, whatever
// it returns (so a handler checks everything before its first write, and a refusal it must
// remember, like a failed login, is kept); only an exception rolls back. Retries as WithRetries.
template <typename Work>
auto InTransaction(ConnectionPool& pool, Work work) {
  return WithRetries<pqxx::work>(pool, std::move(work));
}

// For work that reads, then writes everything in ONE statement: each statement commits on its own
// (no BEGIN, no COMMIT), which is as atomic, and the audit and event head rows that the statement
// locks are released as soon as its commit is flushed rather than a client round trip later. Those
// rows order every write of a service, so their lock time bounds its write rate
// (docs/benchmarks.md). Retries as WithRetries.
template <typename Work>
auto InOneStatement(ConnectionPool& pool, Work work) {
  return WithRetries<pqxx::nontransaction>(pool, std::move(work));
}

}  // namespace casebridge::core
