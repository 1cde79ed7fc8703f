// Fused kernels (core's PretrainFusedAdamW, PretrainLayerNorm(Grad), PretrainGelu(Grad),
// PretrainSoftmaxCrossEntropy, PretrainAttentionSoftmax(Grad)); see fused.cc.
#pragma once

#include <cstdint>
#include <vector>

namespace pretrain {

struct AdamWArguments {
  const float *parameter, *gradient, *firstMoment, *secondMoment;
  float *parameterOut, *firstMomentOut, *secondMomentOut;
  int64_t size;
  double learningRate, beta1, beta2, epsilon, weightDecay, step;
};
void adamw(const AdamWArguments& arguments);

/** x [rows, size] → y, and each row's mean and 1/√(var + ε). */
void layerNorm(const float* x, const float* gamma, const float* beta, float* y, float* mean, float* rstd, int64_t rows, int64_t size, double epsilon);
void layerNormGrad(const float* dy, const float* x, const float* mean, const float* rstd, const float* gamma, float* dx, float* dgamma, float* dbeta,
                   int64_t rows, int64_t size);

void gelu(const float* x, float* y, int64_t size, bool tanhForm);
void geluGrad(const float* dy, const float* x, float* dx, int64_t size, bool tanhForm);

/** Mean cross-entropy over non-ignored rows into *loss and its gradient; returns a bad label's row or -1. */
int64_t crossEntropy(const float* logits, const int32_t* labels, float* gradient, int64_t rows, int64_t vocabulary, int64_t ignoreIndex, double* loss);

/** Softmax of scores·scale + mask over rows of keyLength; the mask row offset from rowExtents and maskStrides. */
void attentionSoftmax(const float* scores, int64_t rows, int64_t keyLength, const float* mask, const std::vector<int64_t>& rowExtents,
                      const std::vector<int64_t>& maskStrides, int64_t maskKeyStride, float scale, float* out);
void attentionSoftmaxGrad(const float* dy, const float* probabilities, float* dscores, int64_t rows, int64_t keyLength, float scale);

}  // namespace pretrain
