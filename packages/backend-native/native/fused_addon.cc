// Node-API entry points of the fused kernels (src/kernels/fused.ts documents them).
#include <string>

#include "fused.h"
#include "kernels.h"
#include "napi_util.h"

namespace pretrain {

namespace {

void requireAtLeast(size_t actual, int64_t needed, const char* what) {
  if (static_cast<int64_t>(actual) < needed) throw ArgumentError(std::string(what) + " is too short");
}

napi_value AdamW(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t size, other;
    AdamWArguments adam{};
    adam.parameter = args.floats(0, &size);
    const float** inputs[] = {&adam.gradient, &adam.firstMoment, &adam.secondMoment};
    for (int index = 0; index < 3; index++) {
      *inputs[index] = args.floats(1 + index, &other);
      requireAtLeast(other, static_cast<int64_t>(size), "an AdamW input");
    }
    float** outputs[] = {&adam.parameterOut, &adam.firstMomentOut, &adam.secondMomentOut};
    for (int index = 0; index < 3; index++) {
      *outputs[index] = args.floats(4 + index, &other);
      requireAtLeast(other, static_cast<int64_t>(size), "an AdamW output");
    }
    adam.size = static_cast<int64_t>(size);
    adam.learningRate = args.number(7);
    adam.beta1 = args.number(8);
    adam.beta2 = args.number(9);
    adam.epsilon = args.number(10);
    adam.weightDecay = args.number(11);
    adam.step = args.number(12);
    adamw(adam);
    return int64_t{0};
  });
}

napi_value LayerNorm(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthX, lengthGamma, lengthBeta, lengthY, lengthMean, lengthRstd;
    const float* x = args.floats(0, &lengthX);
    const float* gamma = args.floats(1, &lengthGamma);
    const float* beta = args.floats(2, &lengthBeta);
    float* y = args.floats(3, &lengthY);
    float* mean = args.floats(4, &lengthMean);
    float* rstd = args.floats(5, &lengthRstd);
    const int64_t size = args.integer(6);
    if (size < 1 || lengthX % size != 0) throw ArgumentError("x is not whole rows");
    const int64_t rows = static_cast<int64_t>(lengthX) / size;
    requireAtLeast(lengthGamma, size, "gamma");
    requireAtLeast(lengthBeta, size, "beta");
    requireAtLeast(lengthY, rows * size, "y");
    requireAtLeast(lengthMean, rows, "mean");
    requireAtLeast(lengthRstd, rows, "rstd");
    layerNorm(x, gamma, beta, y, mean, rstd, rows, size, args.number(7));
    return int64_t{0};
  });
}

napi_value LayerNormGrad(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengths[8];
    const float* dy = args.floats(0, &lengths[0]);
    const float* x = args.floats(1, &lengths[1]);
    const float* mean = args.floats(2, &lengths[2]);
    const float* rstd = args.floats(3, &lengths[3]);
    const float* gamma = args.floats(4, &lengths[4]);
    float* dx = args.floats(5, &lengths[5]);
    float* dgamma = args.floats(6, &lengths[6]);
    float* dbeta = args.floats(7, &lengths[7]);
    const int64_t size = args.integer(8);
    if (size < 1 || lengths[1] % size != 0) throw ArgumentError("x is not whole rows");
    const int64_t rows = static_cast<int64_t>(lengths[1]) / size;
    const int64_t needed[8] = {rows * size, rows * size, rows, rows, size, rows * size, size, size};
    for (int index = 0; index < 8; index++) requireAtLeast(lengths[index], needed[index], "a layer-norm buffer");
    layerNormGrad(dy, x, mean, rstd, gamma, dx, dgamma, dbeta, rows, size);
    return int64_t{0};
  });
}

napi_value Gelu(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthX, lengthY;
    const float* x = args.floats(0, &lengthX);
    float* y = args.floats(1, &lengthY);
    requireAtLeast(lengthY, static_cast<int64_t>(lengthX), "y");
    gelu(x, y, static_cast<int64_t>(lengthX), args.flag(2));
    return int64_t{0};
  });
}

napi_value GeluGrad(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthDy, lengthX, lengthDx;
    const float* dy = args.floats(0, &lengthDy);
    const float* x = args.floats(1, &lengthX);
    float* dx = args.floats(2, &lengthDx);
    requireAtLeast(lengthDy, static_cast<int64_t>(lengthX), "dy");
    requireAtLeast(lengthDx, static_cast<int64_t>(lengthX), "dx");
    geluGrad(dy, x, dx, static_cast<int64_t>(lengthX), args.flag(3));
    return int64_t{0};
  });
}

napi_value CrossEntropy(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthLogits, rows, lengthGradient, lengthLoss;
    const float* logits = args.floats(0, &lengthLogits);
    const int32_t* labels = args.ints(1, &rows);
    float* gradient = args.floats(2, &lengthGradient);
    float* loss = args.floats(3, &lengthLoss);
    if (rows == 0 || lengthLogits % rows != 0) throw ArgumentError("logits are not one row per label");
    requireAtLeast(lengthGradient, static_cast<int64_t>(lengthLogits), "gradient");
    requireAtLeast(lengthLoss, 1, "loss");
    double value = 0;
    const int64_t bad = crossEntropy(logits, labels, gradient, static_cast<int64_t>(rows), static_cast<int64_t>(lengthLogits / rows), args.integer(4), &value);
    loss[0] = static_cast<float>(value);
    return bad;
  });
}

napi_value AttentionSoftmax(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthScores, lengthOut;
    const float* scores = args.floats(0, &lengthScores);
    const Shape shape = args.integers(1);
    const bool masked = args.flag(2);
    const float* mask = masked ? args.floats(3) : nullptr;
    const Shape maskShape = masked ? args.integers(4) : Shape{};
    const float scale = static_cast<float>(args.number(5));
    float* out = args.floats(6, &lengthOut);
    if (shape.empty() || shape.back() < 1) throw ArgumentError("scores need a last axis");
    requireAtLeast(lengthOut, static_cast<int64_t>(lengthScores), "out");
    const int64_t keyLength = shape.back();
    const Shape rowExtents(shape.begin(), shape.end() - 1);
    Shape strides(shape.size(), 0);
    if (masked) {
      if (maskShape.size() != shape.size()) throw ArgumentError("the mask's rank differs from the scores'");
      int64_t stride = 1;
      for (size_t axis = shape.size(); axis-- > 0;) {
        if (maskShape[axis] != 1 && maskShape[axis] != shape[axis]) throw ArgumentError("the mask does not broadcast");
        strides[axis] = maskShape[axis] == 1 && shape[axis] != 1 ? 0 : stride;
        stride *= maskShape[axis];
      }
    }
    const Shape rowStrides(strides.begin(), strides.end() - 1);
    attentionSoftmax(scores, static_cast<int64_t>(lengthScores) / keyLength, keyLength, mask, rowExtents, rowStrides, strides.back(), scale, out);
    return int64_t{0};
  });
}

napi_value AttentionSoftmaxGrad(napi_env env, napi_callback_info info) {
  return guarded(env, info, [](const Arguments& args) {
    size_t lengthDy, lengthP, lengthOut;
    const float* dy = args.floats(0, &lengthDy);
    const float* probabilities = args.floats(1, &lengthP);
    float* out = args.floats(2, &lengthOut);
    const int64_t keyLength = args.integer(3);
    if (keyLength < 1 || lengthDy % keyLength != 0) throw ArgumentError("dy is not whole rows");
    requireAtLeast(lengthP, static_cast<int64_t>(lengthDy), "probabilities");
    requireAtLeast(lengthOut, static_cast<int64_t>(lengthDy), "out");
    attentionSoftmaxGrad(dy, probabilities, out, static_cast<int64_t>(lengthDy) / keyLength, keyLength, static_cast<float>(args.number(4)));
    return int64_t{0};
  });
}

}  // namespace

void exportFused(napi_env env, napi_value exports) {
  const struct {
    const char* name;
    napi_callback callback;
  } entries[] = {{"adamw", AdamW}, {"layerNorm", LayerNorm}, {"layerNormGrad", LayerNormGrad}, {"gelu", Gelu}, {"geluGrad", GeluGrad},
                 {"crossEntropy", CrossEntropy}, {"attentionSoftmax", AttentionSoftmax}, {"attentionSoftmaxGrad", AttentionSoftmaxGrad}};
  for (const auto& entry : entries) {
    napi_value function;
    napi_create_function(env, entry.name, NAPI_AUTO_LENGTH, entry.callback, nullptr, &function);
    napi_set_named_property(env, exports, entry.name, function);
  }
}

}  // namespace pretrain
