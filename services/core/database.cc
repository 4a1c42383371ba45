#include "services/core/database.h"

#include "services/core/log.h"

namespace casebridge::core {

ConnectionLease::ConnectionLease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

ConnectionLease::~ConnectionLease() {
  if (connection_ != nullptr) pool_->Release(std::move(connection_));
}

ConnectionPool::ConnectionPool(std::string url, std::string schema, size_t size,
                               std::function<void(pqxx::connection&)> prepare)
    : url_(std::move(url)), schema_(std::move(schema)), size_(size), prepare_(std::move(prepare)) {}

std::unique_ptr<pqxx::connection> ConnectionPool::OpenDedicated() const {
  auto connection = std::make_unique<pqxx::connection>(url_);
  pqxx::nontransaction tx(*connection);
  tx.exec("SET search_path TO " + tx.quote_name(schema_) + ", public");
  tx.exec("SET TIME ZONE 'UTC'");
  return connection;
}

ConnectionLease ConnectionPool::Acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return ConnectionLease(this, std::move(connection));
    }
    if (open_ < size_) {
      ++open_;
      lock.unlock();
      try {
        auto connection = OpenDedicated();
        if (prepare_) prepare_(*connection);
        return ConnectionLease(this, std::move(connection));
      } catch (...) {
        lock.lock();
        --open_;
        available_.notify_one();
        throw;
      }
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= size_) {
      throw pqxx::broken_connection("no database connection became free in time");
    }
  }
}

void ConnectionPool::Release(std::unique_ptr<pqxx::connection> connection) {
  std::lock_guard lock(mutex_);
  if (connection->is_open()) {
    idle_.push_back(std::move(connection));
  } else {
    LogWarning("database_connection_dropped", {{"schema", schema_}});
    --open_;
  }
  available_.notify_one();
}

}  // namespace casebridge::core
