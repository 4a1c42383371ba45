// Serves a producer's outbox as an ordered, resumable stream (DESIGN.md "Event feeds").
#pragma once

#include <google/protobuf/util/time_util.h>
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

// An event as its feed serves it: the outbox row's `event` bytes with the header fields the row
// keeps beside them.
template <typename Event>
Event OutboxEvent(const std::string& bytes, int64_t sequence, int64_t audit_sequence,
                  int64_t time_micros) {
  Event event;
  event.ParseFromString(bytes);
  event.mutable_header()->set_sequence(sequence);
  event.mutable_header()->set_audit_sequence(audit_sequence);
  *event.mutable_header()->mutable_event_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(time_micros);
  return event;
}

// The refusal of a stream beyond a feed's limit of open streams.
inline grpc::Status TooManyWatchers() {
  return StatusWithReason(
      grpc::StatusCode::RESOURCE_EXHAUSTED,
      "同时订阅的客户端过多，请稍后重试 / Too many feed subscribers; try again shortly",
      "TOO_MANY_WATCHERS");
}

// A feed stream refused before it started (bad request, no permission, too many watchers): it ends
// at once with `status`.
template <typename Event>
class RefusedStream final : public grpc::ServerWriteReactor<Event> {
 public:
  explicit RefusedStream(grpc::Status status) { this->Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

}  // namespace casebridge::core
