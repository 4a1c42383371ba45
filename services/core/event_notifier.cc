#include "services/core/event_notifier.h"

#include <pqxx/pqxx>

#include "services/core/database.h"
#include "services/core/log.h"

namespace casebridge::core {
namespace {

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& connection, const std::string& channel,
           std::function<void()> on_notify)
      : pqxx::notification_receiver(connection, channel), on_notify_(std::move(on_notify)) {}
  void operator()(const std::string&, int) override { on_notify_(); }

 private:
  std::function<void()> on_notify_;
};

}  // namespace

EventNotifier::EventNotifier(ConnectionPool& pool, std::string channel)
    : pool_(pool), channel_(std::move(channel)), thread_([this] { Listen(); }) {}

EventNotifier::~EventNotifier() {
  stopping_ = true;
  WakeAll();
  if (thread_.joinable()) thread_.join();
}

void EventNotifier::WakeAll() {
  std::lock_guard lock(mutex_);
  changed_.notify_all();
}

void EventNotifier::WaitForChange(uint64_t seen, std::chrono::milliseconds timeout,
                                  const std::atomic<bool>& stop) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout,
                    [&] { return version_.load() != seen || stop.load() || stopping_.load(); });
}

void EventNotifier::Listen() {
  auto bump = [this] {
    {
      std::lock_guard lock(mutex_);
      ++version_;
    }
    changed_.notify_all();
  };
  while (!stopping_) {
    try {
      auto connection = pool_.OpenDedicated();
      Receiver receiver(*connection, channel_, bump);
      // Anything committed while we were not listening is picked up by the streams' next fetch.
      bump();
      while (!stopping_) connection->await_notification(1, 0);
    } catch (const std::exception& e) {
      LogWarning("event_listener_reconnecting", {{"channel", channel_}, {"error", e.what()}});
      std::unique_lock lock(mutex_);
      changed_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_.load(); });
    }
  }
}

}  // namespace casebridge::core
