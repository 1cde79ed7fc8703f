// Data movement: transpose, slice, concat, gather and scatter-add. Every kernel
// copies contiguous runs with memcpy where the layout allows and splits rows of
// the output over the pool.
#include <algorithm>
#include <cstring>

#include "kernels.h"
#include "pool.h"

namespace pretrain {

namespace {

constexpr int64_t kGrain = 1 << 16;  // elements: below this, one thread (a fork-join costs ~10 µs)

/** Row-major strides of `shape`. */
Shape stridesOf(const Shape& shape) {
  Shape strides(shape.size(), 1);
  for (size_t axis = shape.size(); axis-- > 1;) strides[axis - 1] = strides[axis] * shape[axis];
  return strides;
}

/** Input offset of output row `row` (all output axes but the last) given the input strides per output axis. */
inline int64_t rowOffset(int64_t row, const Shape& extents, const Shape& strides) {
  int64_t offset = 0;
  for (size_t axis = extents.size() - 1; axis-- > 0;) {
    offset += (row % extents[axis]) * strides[axis];
    row /= extents[axis];
  }
  return offset;
}

/** Transposes the last two axes of [count, rows, columns] in 32×32 tiles. */
void transposeTiled(const float* x, int64_t count, int64_t rows, int64_t columns, float* out) {
  constexpr int64_t kTile = 32;
  const int64_t tileRows = (rows + kTile - 1) / kTile;
  parallelFor(count * tileRows, std::max<int64_t>(1, kGrain / (kTile * columns)), [&](int64_t begin, int64_t end) {
    for (int64_t job = begin; job < end; job++) {
      const int64_t item = job / tileRows, rowStart = (job % tileRows) * kTile;
      const int64_t rowEnd = std::min(rows, rowStart + kTile);
      const float* source = x + item * rows * columns;
      float* target = out + item * rows * columns;
      for (int64_t columnStart = 0; columnStart < columns; columnStart += kTile) {
        const int64_t columnEnd = std::min(columns, columnStart + kTile);
        for (int64_t column = columnStart; column < columnEnd; column++)
          for (int64_t row = rowStart; row < rowEnd; row++) target[column * rows + row] = source[row * columns + column];
      }
    }
  });
}

}  // namespace

void transpose(const float* x, const Shape& shape, const Shape& permutation, float* out) {
  // Drop size-1 axes and merge input axes that stay adjacent and in order in the output.
  Shape extents, inputAxes;
  const Shape inputStrides = stridesOf(shape);
  Shape strides;
  for (int64_t axis : permutation) {
    if (shape[axis] == 1) continue;
    if (!inputAxes.empty() && inputAxes.back() + 1 == axis) {
      // Same contiguous run in the input: one merged axis whose stride is the inner one.
      extents.back() *= shape[axis];
      strides.back() = inputStrides[axis];
      inputAxes.back() = axis;
      continue;
    }
    extents.push_back(shape[axis]);
    strides.push_back(inputStrides[axis]);
    inputAxes.push_back(axis);
  }
  int64_t size = 1;
  for (int64_t extent : extents) size *= extent;
  if (extents.size() <= 1) {
    std::memcpy(out, x, sizeof(float) * size);
    return;
  }
  const size_t rank = extents.size();
  // [.., a, b] → [.., b, a] with the leading axes in order: the attention-head case.
  bool leadingInOrder = true;
  for (size_t axis = 0; axis + 2 < rank; axis++) leadingInOrder = leadingInOrder && inputAxes[axis] < inputAxes[axis + 1];
  if (rank <= 3 && leadingInOrder && strides[rank - 2] == 1 && strides[rank - 1] == extents[rank - 2]) {
    transposeTiled(x, size / (extents[rank - 1] * extents[rank - 2]), extents[rank - 1], extents[rank - 2], out);
    return;
  }
  const int64_t inner = extents.back(), innerStride = strides.back();
  parallelFor(size / inner, std::max<int64_t>(1, kGrain / inner), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* source = x + rowOffset(row, extents, strides);
      float* target = out + row * inner;
      if (innerStride == 1) std::memcpy(target, source, sizeof(float) * inner);
      else for (int64_t i = 0; i < inner; i++) target[i] = source[i * innerStride];
    }
  });
}

void slice(const float* x, const Shape& shape, const Shape& begin, const Shape& size, float* out) {
  const Shape strides = stridesOf(shape);
  int64_t start = 0, total = 1;
  for (size_t axis = 0; axis < shape.size(); axis++) {
    start += begin[axis] * strides[axis];
    total *= size[axis];
  }
  if (total == 0) return;
  // The contiguous run: trailing axes taken whole, times the first partial one.
  size_t innerAxis = shape.size();
  int64_t inner = 1;
  while (innerAxis > 0) {
    innerAxis--;
    inner *= size[innerAxis];
    if (size[innerAxis] != shape[innerAxis]) break;
  }
  const Shape outer(size.begin(), size.begin() + innerAxis + 1);
  Shape outerStrides(strides.begin(), strides.begin() + innerAxis + 1);
  Shape extents = outer;
  extents.back() = 1;  // the last kept axis lies inside the run
  parallelFor(total / inner, std::max<int64_t>(1, kGrain / inner), [&](int64_t first, int64_t last) {
    for (int64_t row = first; row < last; row++) {
      std::memcpy(out + row * inner, x + start + rowOffset(row, extents, outerStrides), sizeof(float) * inner);
    }
  });
}

void concat(const std::vector<float*>& inputs, const Shape& inners, int64_t outer, float* out) {
  int64_t total = 0;
  for (int64_t inner : inners) total += inner;
  parallelFor(outer, std::max<int64_t>(1, kGrain / std::max<int64_t>(1, total)), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      float* target = out + row * total;
      for (size_t input = 0; input < inputs.size(); input++) {
        std::memcpy(target, inputs[input] + row * inners[input], sizeof(float) * inners[input]);
        target += inners[input];
      }
    }
  });
}

void tile(const float* x, const Shape& shape, const Shape& reps, float* out) {
  const size_t rank = shape.size();
  Shape extents(rank);
  for (size_t axis = 0; axis < rank; axis++) extents[axis] = shape[axis] * reps[axis];
  const Shape strides = stridesOf(shape);
  const int64_t inner = shape[rank - 1], outInner = extents[rank - 1];
  int64_t rows = 1;
  for (size_t axis = 0; axis + 1 < rank; axis++) rows *= extents[axis];
  parallelFor(rows, std::max<int64_t>(1, kGrain / std::max<int64_t>(1, outInner)), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      // Output index i on each leading axis reads the input at i mod the input's extent.
      int64_t offset = 0, rest = row;
      for (size_t axis = rank - 1; axis-- > 0;) {
        offset += (rest % extents[axis] % shape[axis]) * strides[axis];
        rest /= extents[axis];
      }
      float* target = out + row * outInner;
      for (int64_t repeat = 0; repeat < reps[rank - 1]; repeat++) std::memcpy(target + repeat * inner, x + offset, sizeof(float) * inner);
    }
  });
}

int64_t gather(const float* x, int64_t outer, int64_t axis, int64_t inner, const int32_t* indices, int64_t count, float* out) {
  for (int64_t position = 0; position < count; position++) {
    if (indices[position] < 0 || indices[position] >= axis) return position;
  }
  parallelFor(outer * count, std::max<int64_t>(1, kGrain / std::max<int64_t>(1, inner)), [&](int64_t begin, int64_t end) {
    for (int64_t job = begin; job < end; job++) {
      const int64_t item = job / count, position = job % count;
      std::memcpy(out + job * inner, x + (item * axis + indices[position]) * inner, sizeof(float) * inner);
    }
  });
  return -1;
}

int64_t scatterAdd(const float* updates, const int32_t* rowsOf, int64_t count, int64_t inner, int64_t rows, float* out) {
  for (int64_t position = 0; position < count; position++) {
    if (rowsOf[position] < 0 || rowsOf[position] >= rows) return position;
  }
  std::memset(out, 0, sizeof(float) * rows * inner);
  // Split by columns: repeated rows are then summed by one thread, in order.
  parallelFor(inner, std::max<int64_t>(16, kGrain / std::max<int64_t>(1, count)), [&](int64_t begin, int64_t end) {
    for (int64_t position = 0; position < count; position++) {
      const float* source = updates + position * inner;
      float* target = out + rowsOf[position] * inner;
      for (int64_t column = begin; column < end; column++) target[column] += source[column];
    }
  });
  return -1;
}

}  // namespace pretrain
