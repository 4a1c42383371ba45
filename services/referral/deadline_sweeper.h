// The deadline sweeper: marks the statutory clocks that ran out, MISSED for duties and LAPSED for
// windows, as the system, once each however many replicas sweep.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "services/core/database.h"
#include "services/referral/clock_book.h"
#include "services/referral/referral_repository.h"

namespace casebridge::referral {

// An open clock past its due time stays OPEN until an act closes it; the sweeper makes the lapse
// visible when it happens (the referral, an audit record and one DEADLINE_MISSED or
// DEADLINE_LAPSED event whose subject is the clock), so the feed, the overdue lists and the
// procuratorate learn of it without waiting for the late act. Replicas share the work: each
// locks the due clock rows it takes (FOR UPDATE SKIP LOCKED) and then their referral, skipping a
// referral another transaction holds, and a clock is marked only while still OPEN in the locked
// referral, so each is marked exactly once.
class DeadlineSweeper {
 public:
  struct Options {
    // How often to sweep when not woken.
    std::chrono::milliseconds interval{std::chrono::seconds(5)};
    // Clocks taken per transaction.
    int batch_size = 100;
  };

  DeadlineSweeper(core::ConnectionPool& pool, Options options);
  // Stops the thread, if started, after the batch in hand.
  ~DeadlineSweeper();
  DeadlineSweeper(const DeadlineSweeper&) = delete;
  DeadlineSweeper& operator=(const DeadlineSweeper&) = delete;

  // Starts sweeping in the background: at once, then every interval and whenever woken.
  void Start();
  // Sweeps now rather than at the end of the interval.
  void Wake();

  // Marks every clock due at `now`, in batches of their own transactions; returns how many it
  // marked. A clock whose referral another transaction holds is left for the next sweep.
  int64_t SweepOnce(TimePoint now);

 private:
  struct Batch {
    int taken = 0;
    int marked = 0;
  };

  void Run();
  Batch SweepBatch(pqxx::transaction_base& tx, TimePoint now);

  core::ConnectionPool& pool_;
  const Options options_;
  ReferralRepository repository_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace casebridge::referral
