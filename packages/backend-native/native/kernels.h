// The native kernels, float32 row-major throughout. Shapes are passed as int64
// vectors; each kernel fills every element of its output (outputs come from a
// pool of reused buffers, never zero-filled).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pretrain {

using Shape = std::vector<int64_t>;

// gemm.cc
struct GemmArguments {
  const float* a;
  const float* b;
  float* c;
  int64_t batch, m, n, k;
  int64_t strideA, strideB;  // elements between consecutive products' operands (0: broadcast)
  bool transposeA, transposeB;
};
void gemm(const GemmArguments& arguments);
void setBlasThreading(bool useBlasThreads, int threads);
bool blasThreading();
std::string blasDescription();

// elementwise.cc. Codes match src/addon.ts.
enum class BinaryOp { Add, Sub, Mul, Div, Maximum, Minimum, SquaredDifference, Pow };
enum class CompareOp { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual };
enum class UnaryOp { Exp, Log, Tanh, Sigmoid, Erf, Sqrt, Rsqrt, Neg, Relu, Abs, Square, Reciprocal, Step, Log1p, Sign, Relu6, Softplus };
void binary(BinaryOp op, const float* a, const Shape& aShape, const float* b, const Shape& bShape, float* out);
void compare(CompareOp op, const float* a, const Shape& aShape, const float* b, const Shape& bShape, uint8_t* out);
void unary(UnaryOp op, const float* x, float* out, int64_t size, float alpha);
/** Exact conversions of int32 and bool values to float32. */
void toFloat(const int32_t* x, float* out, int64_t size);
void toFloat(const uint8_t* x, float* out, int64_t size);
/** out [count, depth]: on at each in-range index, off elsewhere. */
void oneHot(const int32_t* indices, int64_t count, int64_t depth, float on, float off, float* out);
/** out = condition ? a : b, all of one shape. */
void select(const uint8_t* condition, const float* a, const float* b, float* out, int64_t size);

// layout.cc
void transpose(const float* x, const Shape& shape, const Shape& permutation, float* out);
void slice(const float* x, const Shape& shape, const Shape& begin, const Shape& size, float* out);
/** Inputs viewed as [outer, inner_i], output [outer, Σ inner_i]. */
void concat(const std::vector<float*>& inputs, const Shape& inners, int64_t outer, float* out);
/** x [outer, axis, inner], indices [count] → out [outer, count, inner]; returns the position of a bad index or -1. */
int64_t gather(const float* x, int64_t outer, int64_t axis, int64_t inner, const int32_t* indices, int64_t count, float* out);
/** out [rows, inner] = Σ of updates [count, inner] at flat row offsets; returns the position of a bad index or -1. */
int64_t scatterAdd(const float* updates, const int32_t* rowsOf, int64_t count, int64_t inner, int64_t rows, float* out);

/** out = x repeated reps[i] times along each axis i. */
void tile(const float* x, const Shape& shape, const Shape& reps, float* out);

// reduce.cc: x viewed as [outer, reduced, inner] → out [outer, inner].
enum class ReduceOp { Sum, Mean, Max, Min };
void reduce(ReduceOp op, const float* x, int64_t outer, int64_t reduced, int64_t inner, float* out);
/** Index of the first largest element along the middle axis, compared as tfjs-cpu does (a NaN is never larger). */
void argMax(const float* x, int64_t outer, int64_t reduced, int64_t inner, int32_t* out);
/** Softmax over the last axis of x [rows, columns]. */
void softmax(const float* x, int64_t rows, int64_t columns, float* out);

}  // namespace pretrain
