#include "clients/loadgen/latencies.h"

#include <algorithm>

namespace casebridge::loadgen {

void Latencies::Merge(Latencies&& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
  other.samples_.clear();
}

void Latencies::Finish() { std::sort(samples_.begin(), samples_.end()); }

int64_t Latencies::Percentile(int per_mille) const {
  if (samples_.empty()) return 0;
  const uint64_t n = samples_.size();
  // rank = ceil(per_mille * n / 1000), at least 1.
  uint64_t rank = (static_cast<uint64_t>(per_mille) * n + 999) / 1000;
  rank = std::clamp<uint64_t>(rank, 1, n);
  return samples_[rank - 1];
}

}  // namespace casebridge::loadgen
