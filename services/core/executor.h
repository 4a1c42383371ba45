// A fixed pool of threads with a bounded queue, where blocking database work runs off gRPC's
// threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace casebridge::core {

class BlockingExecutor {
 public:
  BlockingExecutor(size_t threads, size_t max_queued);
  ~BlockingExecutor();
  BlockingExecutor(const BlockingExecutor&) = delete;
  BlockingExecutor& operator=(const BlockingExecutor&) = delete;

  // Queues `task`; false when the queue is full or the executor is stopping (the caller answers
  // RESOURCE_EXHAUSTED rather than letting work pile up without bound).
  bool Post(std::function<void()> task);

  // Runs what is queued, then joins the threads. Idempotent.
  void Stop();

 private:
  void Run();

  const size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace casebridge::core
