// Reductions over the middle axis of [outer, reduced, inner] and row softmax.
#include <algorithm>
#include <cmath>

#include "fast_math.h"
#include "runs.h"
#include "kernels.h"
#include "pool.h"

namespace pretrain {

namespace {

constexpr int64_t kGrain = 1 << 14;
float reduceRun(ReduceOp op, const float* x, int64_t count) {
  switch (op) {
    case ReduceOp::Sum: return sumRun(x, count);
    case ReduceOp::Mean: return sumRun(x, count) / static_cast<float>(count);
    case ReduceOp::Max: return extremeRun<true>(x, count);
    case ReduceOp::Min: return extremeRun<false>(x, count);
  }
  return 0;
}

/** out[c] ⊕= x[r, c] for a block of columns: the leading-axis reduction (bias gradients). */
void reduceColumns(ReduceOp op, const float* x, int64_t reduced, int64_t inner, int64_t columnBegin, int64_t columnEnd, float* out) {
  float* target = out + columnBegin;
  const int64_t width = columnEnd - columnBegin;
  std::copy(x + columnBegin, x + columnEnd, target);
  for (int64_t row = 1; row < reduced; row++) {
    const float* source = x + row * inner + columnBegin;
    switch (op) {
      case ReduceOp::Sum:
      case ReduceOp::Mean:
        for (int64_t i = 0; i < width; i++) target[i] += source[i];
        break;
      case ReduceOp::Max:
        for (int64_t i = 0; i < width; i++) target[i] = (source[i] > target[i] || source[i] != source[i]) ? source[i] : target[i];
        break;
      case ReduceOp::Min:
        for (int64_t i = 0; i < width; i++) target[i] = (source[i] < target[i] || source[i] != source[i]) ? source[i] : target[i];
        break;
    }
  }
  if (op == ReduceOp::Mean) {
    const float scale = 1.0f / static_cast<float>(reduced);
    for (int64_t i = 0; i < width; i++) target[i] *= scale;
  }
}

}  // namespace

void reduce(ReduceOp op, const float* x, int64_t outer, int64_t reduced, int64_t inner, float* out) {
  if (inner == 1) {
    parallelFor(outer, std::max<int64_t>(1, kGrain / std::max<int64_t>(1, reduced)), [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; row++) out[row] = reduceRun(op, x + row * reduced, reduced);
    });
    return;
  }
  // Column blocks of one outer item per job, so every thread streams whole rows of its columns.
  const int64_t block = std::max<int64_t>(64, std::min<int64_t>(inner, kGrain / std::max<int64_t>(1, reduced)));
  const int64_t blocks = (inner + block - 1) / block;
  parallelFor(outer * blocks, 1, [&](int64_t begin, int64_t end) {
    for (int64_t job = begin; job < end; job++) {
      const int64_t item = job / blocks, columnBegin = (job % blocks) * block;
      reduceColumns(op, x + item * reduced * inner, reduced, inner, columnBegin, std::min(inner, columnBegin + block), out + item * inner);
    }
  });
}

void argMax(const float* x, int64_t outer, int64_t reduced, int64_t inner, int32_t* out) {
  parallelFor(outer * inner, std::max<int64_t>(1, kGrain / std::max<int64_t>(1, reduced)), [&](int64_t begin, int64_t end) {
    for (int64_t job = begin; job < end; job++) {
      const float* source = x + (job / inner) * reduced * inner + job % inner;
      int32_t best = 0;
      for (int64_t r = 1; r < reduced; r++) best = source[r * inner] > source[best * inner] ? static_cast<int32_t>(r) : best;
      out[job] = best;
    }
  });
}

void softmax(const float* x, int64_t rows, int64_t columns, float* out) {
  parallelFor(rows, std::max<int64_t>(1, kGrain / std::max<int64_t>(1, columns)), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* source = x + row * columns;
      float* target = out + row * columns;
      const float maximum = extremeRun<true>(source, columns);
      for (int64_t i = 0; i < columns; i++) target[i] = fastExp(source[i] - maximum);
      const float scale = 1.0f / sumRun(target, columns);
      for (int64_t i = 0; i < columns; i++) target[i] *= scale;
    }
  });
}

}  // namespace pretrain
