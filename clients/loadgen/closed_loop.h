// The measurement both load modes share: N callers each making one call after another (a closed
// loop), started together, a warm-up that is not counted, then a measured window.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "clients/loadgen/latencies.h"

namespace casebridge::loadgen {

struct CallOutcome {
  grpc::Status status;
  int64_t cases = 0;  // cases the call committed
  // A call made of several acts (a referral lifecycle): each act's latency in microseconds, in
  // the caller's act order.
  std::vector<int64_t> act_micros;
};

// One caller's own state (a stub, an open stream); used by one thread only.
class Caller {
 public:
  virtual ~Caller() = default;
  // Makes call number `seq` of this caller and waits for its answer.
  virtual CallOutcome Call(int64_t seq) = 0;
};

struct LoopSettings {
  std::chrono::milliseconds warmup{0};
  std::chrono::milliseconds duration{0};  // measured time
  std::optional<int64_t> requests;        // stop after this many measured calls, all callers
};

struct LoopResult {
  Latencies latencies;          // successful measured calls, microseconds, sorted
  std::vector<Latencies> acts;  // per act, of the successful measured calls, sorted
  int64_t errors = 0;           // failed measured calls
  int64_t cases = 0;            // cases committed by measured calls
  // Successful calls that ended inside the measured window, whenever they started: with calls
  // that take seconds, their rate over the window is the steady throughput, where the rate of
  // calls started in it also counts the tail after it, when fewer and fewer are still running.
  int64_t completed_in_window = 0;
  int64_t window_us = 0;
  int64_t warmup_calls = 0;
  int64_t warmup_errors = 0;
  std::map<int, int64_t> errors_by_code;  // every failed call, warm-up included, by gRPC code
  double client_cores = 0;                // this process's CPU time over the run's wall time
};

// Runs every caller on its own thread. A call counts when it started inside the measured window;
// the window runs from its start to the end of the last counted call, so calls still in flight
// when it closes are neither dropped nor cut short. The first failure of each kind is printed to
// stderr as it happens.
LoopResult RunClosedLoop(std::vector<std::unique_ptr<Caller>>& callers, const LoopSettings& s);

}  // namespace casebridge::loadgen
