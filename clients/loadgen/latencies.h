// Exact latency percentiles: every sample kept as whole microseconds, sorted once at the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace casebridge::loadgen {

class Latencies {
 public:
  void Add(int64_t micros) { samples_.push_back(micros); }
  // Moves another caller's samples in (each caller records alone, without locks).
  void Merge(Latencies&& other);
  // Sorts; call once after the last Add/Merge and before Percentile/Max.
  void Finish();

  size_t count() const { return samples_.size(); }
  // Nearest-rank percentile (the smallest sample with at least `per_mille`/1000 of the samples at
  // or below it), in integer arithmetic so no rounding creeps in; 0 when there are no samples.
  int64_t Percentile(int per_mille) const;
  int64_t Max() const { return samples_.empty() ? 0 : samples_.back(); }

 private:
  std::vector<int64_t> samples_;
};

}  // namespace casebridge::loadgen
