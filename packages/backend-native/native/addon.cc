// The Node-API entry points: each checks its buffers' lengths, then calls a kernel.
// The JavaScript side (src/addon.ts) documents the signatures.
#include <unistd.h>

#include <algorithm>
#include <string>

#include "kernels.h"
#include "napi_util.h"
#include "pool.h"

namespace pretrain {

void exportFused(napi_env env, napi_value exports);  // fused_addon.cc

namespace {

void requireLength(size_t actual, int64_t needed, const char* what) {
  if (static_cast<int64_t>(actual) < needed) {
    throw ArgumentError(std::string(what) + " holds " + std::to_string(actual) + " elements, " + std::to_string(needed) + " needed");
  }
}

int64_t sizeOf(const Shape& shape) {
  int64_t size = 1;
  for (int64_t extent : shape) size *= extent;
  return size;
}

/** Elements of the broadcast of two shapes (numpy rules; the caller checked compatibility). */
int64_t broadcastSize(const Shape& a, const Shape& b) {
  const size_t rank = std::max(a.size(), b.size());
  int64_t size = 1;
  for (size_t axis = 0; axis < rank; axis++) {
    const int64_t extentA = axis < rank - a.size() ? 1 : a[axis - (rank - a.size())];
    const int64_t extentB = axis < rank - b.size() ? 1 : b[axis - (rank - b.size())];
    if (extentA != extentB && extentA != 1 && extentB != 1) throw ArgumentError("shapes do not broadcast");
    size *= std::max(extentA, extentB);
  }
  return size;
}

napi_value Info(napi_env env, napi_callback_info) {
  napi_value result, blas, threads, cores, blasThreads, avx512;
  napi_create_object(env, &result);
  const std::string description = blasDescription();
  napi_create_string_utf8(env, description.c_str(), description.size(), &blas);
  napi_create_int32(env, pool().size(), &threads);
  napi_create_int32(env, static_cast<int32_t>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN))), &cores);
  napi_get_boolean(env, blasThreading(), &blasThreads);
#if defined(__x86_64__)
  napi_get_boolean(env, __builtin_cpu_supports("avx512f"), &avx512);
#else
  napi_get_boolean(env, false, &avx512);
#endif
  napi_set_named_property(env, result, "blas", blas);
  napi_set_named_property(env, result, "threads", threads);
  napi_set_named_property(env, result, "cores", cores);
  napi_set_named_property(env, result, "blasThreads", blasThreads);
  napi_set_named_property(env, result, "avx512", avx512);
  return result;
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    const int threads = static_cast<int>(args.integer(0));
    const bool useBlasThreads = args.flag(1);
    // With BLAS's own threads our pool keeps one thread (the caller's): the two would compete for the cores.
    resizePool(useBlasThreads ? 1 : threads);
    setBlasThreading(useBlasThreads, threads);
    return int64_t{0};
  });
}

napi_value Gemm(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthA, lengthB, lengthC;
    GemmArguments gemmArguments{args.floats(0, &lengthA), args.floats(1, &lengthB), args.floats(2, &lengthC), args.integer(3), args.integer(4),
                                args.integer(5), args.integer(6), args.integer(7), args.integer(8), args.flag(9), args.flag(10)};
    const int64_t batch = gemmArguments.batch, m = gemmArguments.m, n = gemmArguments.n, k = gemmArguments.k;
    requireLength(lengthA, (batch - 1) * gemmArguments.strideA + m * k, "a");
    requireLength(lengthB, (batch - 1) * gemmArguments.strideB + k * n, "b");
    requireLength(lengthC, batch * m * n, "c");
    gemm(gemmArguments);
    return int64_t{0};
  });
}

napi_value Binary(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthA, lengthB, lengthOut;
    const auto op = static_cast<BinaryOp>(args.integer(0));
    const float* a = args.floats(1, &lengthA);
    const Shape aShape = args.integers(2);
    const float* b = args.floats(3, &lengthB);
    const Shape bShape = args.integers(4);
    float* out = args.floats(5, &lengthOut);
    requireLength(lengthA, sizeOf(aShape), "a");
    requireLength(lengthB, sizeOf(bShape), "b");
    requireLength(lengthOut, broadcastSize(aShape, bShape), "out");
    if (op > BinaryOp::Pow) throw ArgumentError("unknown binary op");
    if (broadcastSize(aShape, bShape) == 0) return int64_t{0};
    binary(op, a, aShape, b, bShape, out);
    return int64_t{0};
  });
}

napi_value Compare(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthA, lengthB;
    const auto op = static_cast<CompareOp>(args.integer(0));
    const float* a = args.floats(1, &lengthA);
    const Shape aShape = args.integers(2);
    const float* b = args.floats(3, &lengthB);
    const Shape bShape = args.integers(4);
    size_t lengthOut;
    uint8_t* out = args.bytes(5, &lengthOut);
    requireLength(lengthA, sizeOf(aShape), "a");
    requireLength(lengthB, sizeOf(bShape), "b");
    requireLength(lengthOut, broadcastSize(aShape, bShape), "out");
    if (op > CompareOp::GreaterEqual) throw ArgumentError("unknown comparison");
    if (broadcastSize(aShape, bShape) == 0) return int64_t{0};
    compare(op, a, aShape, b, bShape, out);
    return int64_t{0};
  });
}

napi_value Unary(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthX, lengthOut;
    const auto op = static_cast<UnaryOp>(args.integer(0));
    const float* x = args.floats(1, &lengthX);
    float* out = args.floats(2, &lengthOut);
    requireLength(lengthOut, static_cast<int64_t>(lengthX), "out");
    if (op > UnaryOp::Softplus) throw ArgumentError("unknown unary op");
    unary(op, x, out, static_cast<int64_t>(lengthX), static_cast<float>(args.number(3)));
    return int64_t{0};
  });
}

napi_value Select(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthCondition, lengthA, lengthB, lengthOut;
    const uint8_t* condition = args.bytes(0, &lengthCondition);
    const float* a = args.floats(1, &lengthA);
    const float* b = args.floats(2, &lengthB);
    float* out = args.floats(3, &lengthOut);
    requireLength(lengthA, static_cast<int64_t>(lengthCondition), "a");
    requireLength(lengthB, static_cast<int64_t>(lengthCondition), "b");
    requireLength(lengthOut, static_cast<int64_t>(lengthCondition), "out");
    select(condition, a, b, out, static_cast<int64_t>(lengthCondition));
    return int64_t{0};
  });
}

napi_value Transpose(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthX, lengthOut;
    const float* x = args.floats(0, &lengthX);
    const Shape shape = args.integers(1);
    const Shape permutation = args.integers(2);
    float* out = args.floats(3, &lengthOut);
    requireLength(lengthX, sizeOf(shape), "x");
    requireLength(lengthOut, sizeOf(shape), "out");
    if (permutation.size() != shape.size()) throw ArgumentError("permutation and shape differ in rank");
    for (int64_t axis : permutation) {
      if (axis < 0 || axis >= static_cast<int64_t>(shape.size())) throw ArgumentError("permutation axis out of range");
    }
    if (sizeOf(shape) > 0) transpose(x, shape, permutation, out);
    return int64_t{0};
  });
}

napi_value Slice(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthX, lengthOut;
    const float* x = args.floats(0, &lengthX);
    const Shape shape = args.integers(1), begin = args.integers(2), size = args.integers(3);
    float* out = args.floats(4, &lengthOut);
    requireLength(lengthX, sizeOf(shape), "x");
    requireLength(lengthOut, sizeOf(size), "out");
    if (begin.size() != shape.size() || size.size() != shape.size()) throw ArgumentError("begin, size and shape differ in rank");
    for (size_t axis = 0; axis < shape.size(); axis++) {
      if (begin[axis] < 0 || size[axis] < 0 || begin[axis] + size[axis] > shape[axis]) throw ArgumentError("slice out of range");
    }
    slice(x, shape, begin, size, out);
    return int64_t{0};
  });
}

napi_value Concat(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    const std::vector<float*> inputs = args.floatArrays(0);
    const Shape inners = args.integers(1);
    const int64_t outer = args.integer(2);
    size_t lengthOut;
    float* out = args.floats(3, &lengthOut);
    if (inputs.size() != inners.size()) throw ArgumentError("inputs and inner sizes differ in count");
    int64_t total = 0;
    for (int64_t inner : inners) total += inner;
    requireLength(lengthOut, outer * total, "out");
    concat(inputs, inners, outer, out);
    return int64_t{0};
  });
}

napi_value Gather(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthX, lengthIndices, lengthOut;
    const float* x = args.floats(0, &lengthX);
    const int64_t outer = args.integer(1), axis = args.integer(2), inner = args.integer(3);
    const int32_t* indices = args.ints(4, &lengthIndices);
    float* out = args.floats(5, &lengthOut);
    requireLength(lengthX, outer * axis * inner, "x");
    requireLength(lengthOut, outer * static_cast<int64_t>(lengthIndices) * inner, "out");
    return gather(x, outer, axis, inner, indices, static_cast<int64_t>(lengthIndices), out);
  });
}

napi_value ScatterAdd(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthUpdates, lengthRows, lengthOut;
    const float* updates = args.floats(0, &lengthUpdates);
    const int32_t* rowsOf = args.ints(1, &lengthRows);
    const int64_t inner = args.integer(2), rows = args.integer(3);
    float* out = args.floats(4, &lengthOut);
    requireLength(lengthUpdates, static_cast<int64_t>(lengthRows) * inner, "updates");
    requireLength(lengthOut, rows * inner, "out");
    return scatterAdd(updates, rowsOf, static_cast<int64_t>(lengthRows), inner, rows, out);
  });
}

napi_value Reduce(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthX, lengthOut;
    const auto op = static_cast<ReduceOp>(args.integer(0));
    const float* x = args.floats(1, &lengthX);
    const int64_t outer = args.integer(2), reduced = args.integer(3), inner = args.integer(4);
    float* out = args.floats(5, &lengthOut);
    requireLength(lengthX, outer * reduced * inner, "x");
    requireLength(lengthOut, outer * inner, "out");
    if (op > ReduceOp::Min || reduced < 1) throw ArgumentError("unknown reduction or empty axis");
    reduce(op, x, outer, reduced, inner, out);
    return int64_t{0};
  });
}

napi_value Softmax(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthX, lengthOut;
    const float* x = args.floats(0, &lengthX);
    const int64_t rows = args.integer(1), columns = args.integer(2);
    float* out = args.floats(3, &lengthOut);
    requireLength(lengthX, rows * columns, "x");
    requireLength(lengthOut, rows * columns, "out");
    if (columns < 1) throw ArgumentError("softmax over an empty axis");
    softmax(x, rows, columns, out);
    return int64_t{0};
  });
}

napi_value ToFloat(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthOut;
    float* out = args.floats(1, &lengthOut);
    // int32 (Int32Array) or bool (Uint8Array) values, converted exactly.
    try {
      size_t length;
      const int32_t* x = args.ints(0, &length);
      requireLength(lengthOut, static_cast<int64_t>(length), "out");
      toFloat(x, out, static_cast<int64_t>(length));
    } catch (const ArgumentError&) {
      size_t length;
      const uint8_t* x = args.bytes(0, &length);
      requireLength(lengthOut, static_cast<int64_t>(length), "out");
      toFloat(x, out, static_cast<int64_t>(length));
    }
    return int64_t{0};
  });
}

napi_value OneHot(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t count, lengthOut;
    const int32_t* indices = args.ints(0, &count);
    const int64_t depth = args.integer(1);
    float* out = args.floats(4, &lengthOut);
    requireLength(lengthOut, static_cast<int64_t>(count) * depth, "out");
    oneHot(indices, static_cast<int64_t>(count), depth, static_cast<float>(args.number(2)), static_cast<float>(args.number(3)), out);
    return int64_t{0};
  });
}

napi_value Tile(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthX, lengthOut;
    const float* x = args.floats(0, &lengthX);
    const Shape shape = args.integers(1), reps = args.integers(2);
    float* out = args.floats(3, &lengthOut);
    if (shape.empty() || reps.size() != shape.size()) throw ArgumentError("reps and shape differ in rank");
    requireLength(lengthX, sizeOf(shape), "x");
    int64_t size = sizeOf(shape);
    for (int64_t repeat : reps) {
      if (repeat < 0) throw ArgumentError("negative reps");
      size *= repeat;
    }
    requireLength(lengthOut, size, "out");
    if (size > 0) tile(x, shape, reps, out);
    return int64_t{0};
  });
}

napi_value ArgMax(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthX, lengthOut;
    const float* x = args.floats(0, &lengthX);
    const int64_t outer = args.integer(1), reduced = args.integer(2), inner = args.integer(3);
    int32_t* out = args.ints(4, &lengthOut);
    requireLength(lengthX, outer * reduced * inner, "x");
    requireLength(lengthOut, outer * inner, "out");
    if (reduced < 1) throw ArgumentError("argMax over an empty axis");
    argMax(x, outer, reduced, inner, out);
    return int64_t{0};
  });
}

napi_value Init(napi_env env, napi_value exports) {
  const struct {
    const char* name;
    napi_callback callback;
  } entries[] = {{"info", Info},       {"setThreads", SetThreads}, {"gemm", Gemm},     {"binary", Binary},         {"compare", Compare},
                 {"unary", Unary},     {"select", Select},         {"transpose", Transpose}, {"slice", Slice},   {"concat", Concat},
                 {"gather", Gather},   {"scatterAdd", ScatterAdd}, {"reduce", Reduce},   {"softmax", Softmax},
                 {"toFloat", ToFloat}, {"oneHot", OneHot}, {"tile", Tile}, {"argMax", ArgMax}};
  for (const auto& entry : entries) {
    napi_value function;
    napi_create_function(env, entry.name, NAPI_AUTO_LENGTH, entry.callback, nullptr, &function);
    napi_set_named_property(env, exports, entry.name, function);
  }
  exportFused(env, exports);
  // One BLAS thread by default: our pool splits the products (measured faster end to end, BENCHMARKS.md).
  setBlasThreading(false, pool().size());
  return exports;
}

}  // namespace

}  // namespace pretrain

NAPI_MODULE(NODE_GYP_MODULE_NAME, pretrain::Init)
