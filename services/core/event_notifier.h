// Wakes event-feed streams when their producer commits new events (PostgreSQL LISTEN/NOTIFY).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace casebridge::core {

class ConnectionPool;

// One LISTEN connection per process, on its own thread. Streams do not trust notifications alone:
// WaitForChange also returns after a timeout, so a lost notification or a dropped connection
// delays an event by at most that long and never loses it.
class EventNotifier {
 public:
  EventNotifier(ConnectionPool& pool, std::string channel);
  ~EventNotifier();
  EventNotifier(const EventNotifier&) = delete;
  EventNotifier& operator=(const EventNotifier&) = delete;

  // Increases on every notification (and on every reconnect, when notifications may have been
  // missed).
  uint64_t version() const { return version_.load(); }

  // Blocks until version() differs from `seen`, `timeout` passes, `stop` becomes true, or WakeAll.
  void WaitForChange(uint64_t seen, std::chrono::milliseconds timeout,
                     const std::atomic<bool>& stop);

  // Wakes every waiter, e.g. when one of them was cancelled.
  void WakeAll();

 private:
  void Listen();

  ConnectionPool& pool_;
  const std::string channel_;
  std::atomic<uint64_t> version_{0};
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread thread_;
};

}  // namespace casebridge::core
