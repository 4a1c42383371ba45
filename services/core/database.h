// A bounded pool of long-lived libpqxx connections, each bound to one service schema.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace casebridge::core {

class ConnectionPool;

// A connection borrowed from the pool; returned when the lease is destroyed. A connection that
// broke while leased is dropped and replaced on a later Acquire.
class ConnectionLease {
 public:
  ConnectionLease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> connection);
  ConnectionLease(ConnectionLease&&) noexcept = default;
  ~ConnectionLease();
  pqxx::connection& operator*() { return *connection_; }
  pqxx::connection* operator->() { return connection_.get(); }

 private:
  ConnectionPool* pool_;
  std::unique_ptr<pqxx::connection> connection_;
};

class ConnectionPool {
 public:
  // `url` is a libpq connection string; every connection gets `search_path` = `schema` and runs
  // `prepare` (to register prepared statements) once when opened.
  ConnectionPool(std::string url, std::string schema, size_t size,
                 std::function<void(pqxx::connection&)> prepare = {});
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Waits up to `timeout` for a free connection; throws pqxx::broken_connection when none can be
  // had or opened in time.
  ConnectionLease Acquire(std::chrono::milliseconds timeout = std::chrono::seconds(10));

  const std::string& schema() const { return schema_; }
  size_t size() const { return size_; }

  // Opens a connection outside the pool (for LISTEN, migrations).
  std::unique_ptr<pqxx::connection> OpenDedicated() const;

 private:
  friend class ConnectionLease;
  void Release(std::unique_ptr<pqxx::connection> connection);

  const std::string url_;
  const std::string schema_;
  const size_t size_;
  const std::function<void(pqxx::connection&)> prepare_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  size_t open_ = 0;
};

}  // namespace casebridge::core
