// Serves a producer's outbox as an ordered, resumable stream (DESIGN.md "Event feeds").
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "services/core/errors.h"
#include "services/core/event_notifier.h"

namespace casebridge::core {

// Streams every event after `after` in sequence order, then follows new commits until the client
// leaves or the server shuts down. One thread per stream: feeds have few, long-lived consumers
// (review, disclosure, operators), and a blocking loop keeps the ordering argument simple.
template <typename Event>
class FeedWriter final : public grpc::ServerWriteReactor<Event> {
 public:
  // `fetch(after, limit)` returns up to `limit` events with header().sequence() > after, in
  // order. Throws are reported to the client as a status.
  using Fetch = std::function<std::vector<Event>(int64_t after, int limit)>;

  // `on_done` runs when the stream is over (e.g. to count open streams).
  FeedWriter(EventNotifier& notifier, int64_t after, Fetch fetch, std::function<void()> on_done)
      : notifier_(notifier),
        cursor_(after),
        fetch_(std::move(fetch)),
        on_done_(std::move(on_done)) {
    std::thread([this] { Run(); }).detach();
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard lock(mutex_);
    write_done_ = true;
    write_ok_ = ok;
    written_.notify_all();
  }

  void OnCancel() override {
    cancelled_ = true;
    notifier_.WakeAll();
    std::lock_guard lock(mutex_);
    written_.notify_all();
  }

  void OnDone() override {
    if (on_done_) on_done_();
    delete this;
  }

 private:
  static constexpr int kBatch = 256;

  void Run() {
    grpc::Status status = grpc::Status::OK;
    try {
      while (!cancelled_) {
        const uint64_t seen = notifier_.version();
        std::vector<Event> events = fetch_(cursor_, kBatch);
        if (events.empty()) {
          notifier_.WaitForChange(seen, std::chrono::seconds(5), cancelled_);
          continue;
        }
        for (const Event& event : events) {
          if (!Write(event)) {
            cancelled_ = true;  // the client is gone
            break;
          }
          cursor_ = event.header().sequence();
        }
      }
      status = grpc::Status(grpc::StatusCode::CANCELLED, "the stream was closed");
    } catch (...) {
      status = StatusFromCurrentException("WatchEvents");
    }
    // Nothing may touch members after Finish: OnDone may delete this at once.
    this->Finish(status);
  }

  bool Write(const Event& event) {
    std::unique_lock lock(mutex_);
    write_done_ = false;
    this->StartWrite(&event);
    written_.wait(lock, [this] { return write_done_; });
    return write_ok_ && !cancelled_;
  }

  EventNotifier& notifier_;
  int64_t cursor_;
  Fetch fetch_;
  std::function<void()> on_done_;
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::condition_variable written_;
  bool write_done_ = false;
  bool write_ok_ = true;
};

}  // namespace casebridge::core
