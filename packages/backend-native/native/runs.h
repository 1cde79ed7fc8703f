// Vectorisable reductions over a contiguous run of floats.
#pragma once

#include <cmath>
#include <cstdint>

namespace pretrain {

constexpr int kLanes = 16;

/** Σ of a contiguous run, in 16 independent lanes so the loop vectorises. */
inline float sumRun(const float* x, int64_t count) {
  float lanes[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= count; i += kLanes)
    for (int lane = 0; lane < kLanes; lane++) lanes[lane] += x[i + lane];
  float total = 0;
  for (; i < count; i++) total += x[i];
  for (int lane = 0; lane < kLanes; lane++) total += lanes[lane];
  return total;
}

/** The largest (or smallest) element; NaN if any is NaN. */
template <bool IsMax>
inline float extremeRun(const float* x, int64_t count) {
  float best = x[0];
  int nans = 0;
  for (int64_t i = 0; i < count; i++) {
    nans |= x[i] != x[i];
    best = IsMax ? (x[i] > best ? x[i] : best) : (x[i] < best ? x[i] : best);
  }
  return nans ? NAN : best;
}

}  // namespace pretrain
