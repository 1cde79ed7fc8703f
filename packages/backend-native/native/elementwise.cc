// Elementwise kernels. Binary ops broadcast numpy-style: the shapes are collapsed
// to the fewest axes, so the inner loop runs over a contiguous (or broadcast)
// run with unit or zero stride that the compiler vectorises.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels.h"
#include "fast_math.h"
#include "pool.h"

namespace pretrain {

namespace {

constexpr int64_t kGrain = 1 << 16;  // elements: below this, one thread (a fork-join costs ~10 µs)

/** Output axes with each operand's stride (0 where broadcast), collapsed where both are contiguous. */
struct BroadcastPlan {
  Shape extents, stridesA, stridesB;
  int64_t size = 1;

  BroadcastPlan(const Shape& aShape, const Shape& bShape) {
    const size_t rank = std::max(aShape.size(), bShape.size());
    Shape a(rank, 1), b(rank, 1);
    std::copy(aShape.begin(), aShape.end(), a.begin() + (rank - aShape.size()));
    std::copy(bShape.begin(), bShape.end(), b.begin() + (rank - bShape.size()));
    int64_t strideA = 1, strideB = 1;
    Shape extent(rank), sa(rank), sb(rank);
    for (size_t axis = rank; axis-- > 0;) {
      extent[axis] = std::max(a[axis], b[axis]);
      sa[axis] = a[axis] == 1 ? 0 : strideA;
      sb[axis] = b[axis] == 1 ? 0 : strideB;
      strideA *= a[axis];
      strideB *= b[axis];
      size *= extent[axis];
    }
    // Merge axis into the one after it (already kept) when both operands step through them as one.
    for (size_t axis = rank; axis-- > 0;) {
      if (extent[axis] == 1) continue;
      if (!extents.empty()) {
        const int64_t innerExtent = extents.front();
        const bool mergeA = sa[axis] == stridesA.front() * innerExtent;
        const bool mergeB = sb[axis] == stridesB.front() * innerExtent;
        if (mergeA && mergeB) {
          extents.front() *= extent[axis];
          continue;
        }
      }
      extents.insert(extents.begin(), extent[axis]);
      stridesA.insert(stridesA.begin(), sa[axis]);
      stridesB.insert(stridesB.begin(), sb[axis]);
    }
    if (extents.empty()) {
      extents = {1};
      stridesA = {1};
      stridesB = {1};
    }
  }

  int64_t inner() const { return extents.back(); }
  int64_t rows() const { return size / inner(); }

  /** Element offsets of row `row` (all axes but the last) in a and b. */
  void rowOffsets(int64_t row, int64_t* offsetA, int64_t* offsetB) const {
    int64_t a = 0, b = 0;
    for (size_t axis = extents.size() - 1; axis-- > 0;) {
      const int64_t index = row % extents[axis];
      row /= extents[axis];
      a += index * stridesA[axis];
      b += index * stridesB[axis];
    }
    *offsetA = a;
    *offsetB = b;
  }
};

template <typename T, typename Function>
inline void runInner(const float* a, int64_t strideA, const float* b, int64_t strideB, T* out, int64_t count, Function function) {
  // Specialised on the strides so each loop is a plain vectorisable one.
  if (strideA == 1 && strideB == 1) {
    for (int64_t i = 0; i < count; i++) out[i] = function(a[i], b[i]);
  } else if (strideA == 1 && strideB == 0) {
    const float scalar = b[0];
    for (int64_t i = 0; i < count; i++) out[i] = function(a[i], scalar);
  } else if (strideA == 0 && strideB == 1) {
    const float scalar = a[0];
    for (int64_t i = 0; i < count; i++) out[i] = function(scalar, b[i]);
  } else {
    const T value = function(a[0], b[0]);
    for (int64_t i = 0; i < count; i++) out[i] = value;
  }
}

template <typename T, typename Function>
void broadcastApply(const float* a, const Shape& aShape, const float* b, const Shape& bShape, T* out, Function function) {
  const BroadcastPlan plan(aShape, bShape);
  const int64_t inner = plan.inner(), rows = plan.rows();
  const int64_t innerA = plan.stridesA.back(), innerB = plan.stridesB.back();
  if (rows == 1) {
    parallelFor(inner, kGrain, [&](int64_t begin, int64_t end) {
      runInner(a + begin * innerA, innerA, b + begin * innerB, innerB, out + begin, end - begin, function);
    });
    return;
  }
  parallelFor(rows, std::max<int64_t>(1, kGrain / inner), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      int64_t offsetA, offsetB;
      plan.rowOffsets(row, &offsetA, &offsetB);
      runInner(a + offsetA, innerA, b + offsetB, innerB, out + row * inner, inner, function);
    }
  });
}

template <typename Function>
void unaryApply(const float* x, float* out, int64_t size, Function function) {
  parallelFor(size, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; i++) out[i] = function(x[i]);
  });
}

}  // namespace

void binary(BinaryOp op, const float* a, const Shape& aShape, const float* b, const Shape& bShape, float* out) {
  switch (op) {
    case BinaryOp::Add: return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) { return x + y; });
    case BinaryOp::Sub: return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) { return x - y; });
    case BinaryOp::Mul: return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) { return x * y; });
    case BinaryOp::Div: return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) { return x / y; });
    case BinaryOp::Maximum:
      return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) { return (x != x || y != y) ? NAN : (x > y ? x : y); });
    case BinaryOp::Minimum:
      return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) { return (x != x || y != y) ? NAN : (x < y ? x : y); });
    case BinaryOp::SquaredDifference:
      return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) { return (x - y) * (x - y); });
    case BinaryOp::Pow: return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) { return std::pow(x, y); });
  }
}

void compare(CompareOp op, const float* a, const Shape& aShape, const float* b, const Shape& bShape, uint8_t* out) {
  switch (op) {
    case CompareOp::Equal: return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) -> uint8_t { return x == y; });
    case CompareOp::NotEqual: return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) -> uint8_t { return x != y; });
    case CompareOp::Less: return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) -> uint8_t { return x < y; });
    case CompareOp::LessEqual: return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) -> uint8_t { return x <= y; });
    case CompareOp::Greater: return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) -> uint8_t { return x > y; });
    case CompareOp::GreaterEqual: return broadcastApply(a, aShape, b, bShape, out, [](float x, float y) -> uint8_t { return x >= y; });
  }
}

void unary(UnaryOp op, const float* x, float* out, int64_t size, float alpha) {
  switch (op) {
    case UnaryOp::Exp: return unaryApply(x, out, size, [](float v) { return fastExp(v); });
    case UnaryOp::Log: return unaryApply(x, out, size, [](float v) { return std::log(v); });
    case UnaryOp::Tanh: return unaryApply(x, out, size, [](float v) { return fastTanh(v); });
    case UnaryOp::Sigmoid: return unaryApply(x, out, size, [](float v) { return 1.0f / (1.0f + fastExp(-v)); });
    case UnaryOp::Erf: return unaryApply(x, out, size, [](float v) { return fastErf(v); });
    case UnaryOp::Sqrt: return unaryApply(x, out, size, [](float v) { return std::sqrt(v); });
    case UnaryOp::Rsqrt: return unaryApply(x, out, size, [](float v) { return 1.0f / std::sqrt(v); });
    case UnaryOp::Neg: return unaryApply(x, out, size, [](float v) { return -v; });
    case UnaryOp::Relu: return unaryApply(x, out, size, [](float v) { return v < 0.0f ? 0.0f : v; });
    case UnaryOp::Abs: return unaryApply(x, out, size, [](float v) { return std::fabs(v); });
    case UnaryOp::Square: return unaryApply(x, out, size, [](float v) { return v * v; });
    case UnaryOp::Reciprocal: return unaryApply(x, out, size, [](float v) { return 1.0f / v; });
    case UnaryOp::Step: return unaryApply(x, out, size, [alpha](float v) { return v != v ? v : (v > 0.0f ? 1.0f : alpha); });
    case UnaryOp::Log1p: return unaryApply(x, out, size, [](float v) { return std::log1p(v); });
    case UnaryOp::Sign: return unaryApply(x, out, size, [](float v) { return v > 0.0f ? 1.0f : (v < 0.0f ? -1.0f : 0.0f); });
    case UnaryOp::Relu6: return unaryApply(x, out, size, [](float v) { return v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v); });
    case UnaryOp::Softplus: return unaryApply(x, out, size, [](float v) { return v > 20.0f ? v : std::log1p(fastExp(v)); });
  }
}

void toFloat(const int32_t* x, float* out, int64_t size) {
  parallelFor(size, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; i++) out[i] = static_cast<float>(x[i]);
  });
}

void toFloat(const uint8_t* x, float* out, int64_t size) {
  parallelFor(size, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; i++) out[i] = x[i] != 0 ? 1.0f : 0.0f;
  });
}

void oneHot(const int32_t* indices, int64_t count, int64_t depth, float on, float off, float* out) {
  parallelFor(count, std::max<int64_t>(1, kGrain / std::max<int64_t>(1, depth)), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      float* target = out + row * depth;
      for (int64_t j = 0; j < depth; j++) target[j] = off;
      if (indices[row] >= 0 && indices[row] < depth) target[indices[row]] = on;
    }
  });
}

void select(const uint8_t* condition, const float* a, const float* b, float* out, int64_t size) {
  parallelFor(size, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; i++) out[i] = condition[i] ? a[i] : b[i];
  });
}

}  // namespace pretrain
