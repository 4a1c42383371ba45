#include "clients/loadgen/closed_loop.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

namespace casebridge::loadgen {
namespace {

using Clock = std::chrono::steady_clock;

// What one caller saw; merged after every caller has stopped, so recording needs no lock.
struct CallerTally {
  Latencies latencies;
  std::vector<Latencies> acts;
  int64_t errors = 0;
  int64_t cases = 0;
  int64_t completed_in_window = 0;
  int64_t warmup_calls = 0;
  int64_t warmup_errors = 0;
  Clock::time_point last_end{};
};

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

class Loop {
 public:
  explicit Loop(const LoopSettings& s) : s_(s) {}

  void Run(Caller& caller, CallerTally& tally) {
    {
      std::unique_lock lock(mutex_);
      started_.wait(lock, [this] { return go_; });
    }
    for (int64_t seq = 0;; ++seq) {
      const Clock::time_point start = Clock::now();
      if (start >= until_) break;
      const bool measured = start >= measure_from_;
      if (measured && s_.requests && tickets_.fetch_add(1) >= *s_.requests) break;
      const CallOutcome outcome = caller.Call(seq);
      const Clock::time_point end = Clock::now();
      const bool ok = outcome.status.ok();
      if (ok && end >= measure_from_ && end < until_) ++tally.completed_in_window;
      if (measured) {
        tally.last_end = std::max(tally.last_end, end);
        if (ok) {
          tally.latencies.Add(
              std::chrono::duration_cast<std::chrono::microseconds>(end - start).count());
          tally.cases += outcome.cases;
          if (tally.acts.size() < outcome.act_micros.size()) {
            tally.acts.resize(outcome.act_micros.size());
          }
          for (size_t i = 0; i < outcome.act_micros.size(); ++i) {
            tally.acts[i].Add(outcome.act_micros[i]);
          }
        } else {
          ++tally.errors;
        }
      } else {
        ++tally.warmup_calls;
        if (!ok) ++tally.warmup_errors;
      }
      if (!ok) {
        NoteError(outcome.status);
        // Do not spin against a service that is down or shedding load.
        const auto code = outcome.status.error_code();
        if (code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::RESOURCE_EXHAUSTED) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      }
    }
  }

  // Starts every caller at the same moment, so the warm-up covers all of them.
  void Go() {
    std::lock_guard lock(mutex_);
    measure_from_ = Clock::now() + s_.warmup;
    until_ = measure_from_ + s_.duration;
    go_ = true;
    started_.notify_all();
  }

  Clock::time_point measure_from() const { return measure_from_; }
  std::map<int, int64_t> errors_by_code() const { return errors_by_code_; }

 private:
  void NoteError(const grpc::Status& status) {
    std::lock_guard lock(mutex_);
    if (++errors_by_code_[status.error_code()] == 1) {
      std::cerr << "casebridge-loadgen: call failed (code " << status.error_code()
                << "): " << status.error_message() << "\n";
    }
  }

  const LoopSettings& s_;
  std::mutex mutex_;
  std::condition_variable started_;
  bool go_ = false;
  Clock::time_point measure_from_{};
  Clock::time_point until_{};
  std::atomic<int64_t> tickets_{0};
  std::map<int, int64_t> errors_by_code_;
};

}  // namespace

LoopResult RunClosedLoop(std::vector<std::unique_ptr<Caller>>& callers, const LoopSettings& s) {
  Loop loop(s);
  std::vector<CallerTally> tallies(callers.size());
  std::vector<std::thread> threads;
  threads.reserve(callers.size());
  for (size_t i = 0; i < callers.size(); ++i) {
    threads.emplace_back([&, i] { loop.Run(*callers[i], tallies[i]); });
  }
  const double cpu_before = CpuSeconds();
  const Clock::time_point wall_before = Clock::now();
  loop.Go();
  for (auto& t : threads) t.join();
  const double wall = std::chrono::duration<double>(Clock::now() - wall_before).count();

  LoopResult result;
  result.client_cores = wall > 0 ? (CpuSeconds() - cpu_before) / wall : 0;
  Clock::time_point last_end = loop.measure_from();
  for (CallerTally& t : tallies) {
    result.latencies.Merge(std::move(t.latencies));
    if (result.acts.size() < t.acts.size()) result.acts.resize(t.acts.size());
    for (size_t i = 0; i < t.acts.size(); ++i) result.acts[i].Merge(std::move(t.acts[i]));
    result.errors += t.errors;
    result.cases += t.cases;
    result.completed_in_window += t.completed_in_window;
    result.warmup_calls += t.warmup_calls;
    result.warmup_errors += t.warmup_errors;
    last_end = std::max(last_end, t.last_end);
  }
  result.latencies.Finish();
  for (Latencies& act : result.acts) act.Finish();
  result.window_us =
      std::chrono::duration_cast<std::chrono::microseconds>(last_end - loop.measure_from()).count();
  result.errors_by_code = loop.errors_by_code();
  return result;
}

}  // namespace casebridge::loadgen
