// The fused kernels core defines (packages/core/src/fused/kernel_names.ts), with
// the arithmetic of core's typed-array versions (array_math*.ts): accumulations
// in double, AdamW rounded to float after every operation as its composite is.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "fast_math.h"
#include "fused.h"
#include "runs.h"
#include "pool.h"

namespace pretrain {

namespace {

constexpr int64_t kGrain = 1 << 14;
constexpr float kSigmoidScale = 1.5957691216057308f;           // 2·√(2/π)
constexpr float kSigmoidCubic = 1.5957691216057308f * 0.044715f;
constexpr float kInverseSqrt2 = 0.70710678118654752f;
constexpr float kInverseSqrt2Pi = 0.39894228040143268f;

int64_t rowGrain(int64_t size) { return std::max<int64_t>(1, kGrain / std::max<int64_t>(1, size)); }

}  // namespace

// Each float operation rounded on its own, as the composite's tfjs ops round (binding.gyp
// compiles with -ffp-contract=off: no fused multiply-adds).
void adamw(const AdamWArguments& a) {
  const float beta1 = static_cast<float>(a.beta1), beta2 = static_cast<float>(a.beta2);
  const float keep1 = static_cast<float>(1 - a.beta1), keep2 = static_cast<float>(1 - a.beta2);
  const float decay = static_cast<float>(1 - a.learningRate * a.weightDecay);
  const float stepSize = static_cast<float>(a.learningRate / (1 - std::pow(a.beta1, a.step)));
  const float correction2 = static_cast<float>(std::sqrt(1 - std::pow(a.beta2, a.step)));
  const float epsilon = static_cast<float>(a.epsilon);
  const bool decays = a.weightDecay > 0;
  parallelFor(a.size, kGrain, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; i++) {
      const float g = a.gradient[i];
      const float m = a.firstMoment[i] * beta1 + g * keep1;
      const float v = a.secondMoment[i] * beta2 + (g * g) * keep2;
      a.firstMomentOut[i] = m;
      a.secondMomentOut[i] = v;
      const float decayed = decays ? a.parameter[i] * decay : a.parameter[i];
      const float denominator = std::sqrt(v) / correction2 + epsilon;
      a.parameterOut[i] = decayed - (m / denominator) * stepSize;
    }
  });
}

void layerNorm(const float* x, const float* gamma, const float* beta, float* y, float* mean, float* rstd, int64_t rows, int64_t size, double epsilon) {
  parallelFor(rows, rowGrain(size), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* source = x + row * size;
      double total = 0;
      for (int64_t j = 0; j < size; j++) total += source[j];
      const double rowMean = total / static_cast<double>(size);
      double squares = 0;
      for (int64_t j = 0; j < size; j++) squares += (source[j] - rowMean) * (source[j] - rowMean);
      const double rowRstd = 1 / std::sqrt(squares / static_cast<double>(size) + epsilon);
      const float meanF = static_cast<float>(rowMean), rstdF = static_cast<float>(rowRstd);
      float* target = y + row * size;
      for (int64_t j = 0; j < size; j++) target[j] = (source[j] - meanF) * rstdF * gamma[j] + beta[j];
      mean[row] = meanF;
      rstd[row] = rstdF;
    }
  });
}

void layerNormGrad(const float* dy, const float* x, const float* mean, const float* rstd, const float* gamma, float* dx, float* dgamma, float* dbeta,
                   int64_t rows, int64_t size) {
  // dgamma and dbeta: per-part sums in double, added in part order (deterministic for a given thread count).
  const int parts = static_cast<int>(std::min<int64_t>(pool().size(), std::max<int64_t>(1, rows * size / kGrain)));
  std::vector<double> gammaSums(static_cast<size_t>(parts * size), 0.0), betaSums(static_cast<size_t>(parts * size), 0.0);
  const int64_t chunk = (rows + parts - 1) / parts;
  pool().run(parts, [&](int part) {
    double* gammaPart = gammaSums.data() + part * size;
    double* betaPart = betaSums.data() + part * size;
    for (int64_t row = part * chunk; row < std::min(rows, (part + 1) * chunk); row++) {
      const float* gradient = dy + row * size;
      const float* source = x + row * size;
      const float rowMean = mean[row], rowRstd = rstd[row];
      double gradientSum = 0, gradientDotNormalized = 0;
      for (int64_t j = 0; j < size; j++) {
        const float normalized = (source[j] - rowMean) * rowRstd;
        const float scaled = gradient[j] * gamma[j];
        gradientSum += scaled;
        gradientDotNormalized += static_cast<double>(scaled) * normalized;
        gammaPart[j] += static_cast<double>(gradient[j]) * normalized;
        betaPart[j] += gradient[j];
      }
      const float meanGradient = static_cast<float>(gradientSum / size), meanDot = static_cast<float>(gradientDotNormalized / size);
      float* target = dx + row * size;
      for (int64_t j = 0; j < size; j++) {
        const float normalized = (source[j] - rowMean) * rowRstd;
        target[j] = rowRstd * (gradient[j] * gamma[j] - meanGradient - normalized * meanDot);
      }
    }
  });
  for (int64_t j = 0; j < size; j++) {
    double gammaTotal = 0, betaTotal = 0;
    for (int part = 0; part < parts; part++) {
      gammaTotal += gammaSums[part * size + j];
      betaTotal += betaSums[part * size + j];
    }
    dgamma[j] = static_cast<float>(gammaTotal);
    dbeta[j] = static_cast<float>(betaTotal);
  }
}

void gelu(const float* x, float* y, int64_t size, bool tanhForm) {
  parallelFor(size, kGrain, [&](int64_t begin, int64_t end) {
    if (tanhForm) {
      for (int64_t i = begin; i < end; i++) y[i] = x[i] / (1.0f + fastExp(-x[i] * (kSigmoidScale + kSigmoidCubic * x[i] * x[i])));
    } else {
      for (int64_t i = begin; i < end; i++) y[i] = 0.5f * x[i] * (1.0f + fastErf(x[i] * kInverseSqrt2));
    }
  });
}

void geluGrad(const float* dy, const float* x, float* dx, int64_t size, bool tanhForm) {
  parallelFor(size, kGrain, [&](int64_t begin, int64_t end) {
    if (tanhForm) {
      for (int64_t i = begin; i < end; i++) {
        const float value = x[i], squared = value * value;
        const float gate = 1.0f / (1.0f + fastExp(-value * (kSigmoidScale + kSigmoidCubic * squared)));
        dx[i] = dy[i] * (gate + value * gate * (1.0f - gate) * (kSigmoidScale + 3.0f * kSigmoidCubic * squared));
      }
    } else {
      for (int64_t i = begin; i < end; i++) {
        const float value = x[i];
        const float cdf = 0.5f * (1.0f + fastErf(value * kInverseSqrt2));
        dx[i] = dy[i] * (cdf + value * kInverseSqrt2Pi * fastExp(-0.5f * value * value));
      }
    }
  });
}

int64_t crossEntropy(const float* logits, const int32_t* labels, float* gradient, int64_t rows, int64_t vocabulary, int64_t ignoreIndex, double* loss) {
  int64_t count = 0;
  for (int64_t row = 0; row < rows; row++) {
    if (labels[row] == ignoreIndex) continue;
    if (labels[row] < 0 || labels[row] >= vocabulary) return row;
    count++;
  }
  const double weight = 1.0 / static_cast<double>(std::max<int64_t>(count, 1));
  const int parts = static_cast<int>(std::min<int64_t>(pool().size(), std::max<int64_t>(1, rows * vocabulary / kGrain)));
  std::vector<double> totals(static_cast<size_t>(parts), 0.0);
  const int64_t chunk = (rows + parts - 1) / parts;
  pool().run(parts, [&](int part) {
    for (int64_t row = part * chunk; row < std::min(rows, (part + 1) * chunk); row++) {
      const float* source = logits + row * vocabulary;
      float* target = gradient + row * vocabulary;
      if (labels[row] == ignoreIndex) {
        std::memset(target, 0, sizeof(float) * vocabulary);
        continue;
      }
      const float maximum = extremeRun<true>(source, vocabulary);
      for (int64_t j = 0; j < vocabulary; j++) target[j] = fastExp(source[j] - maximum);
      const double sum = sumRun(target, vocabulary);
      totals[part] += std::log(sum) + maximum - source[labels[row]];
      const float scale = static_cast<float>(weight / sum);
      for (int64_t j = 0; j < vocabulary; j++) target[j] *= scale;
      target[labels[row]] -= static_cast<float>(weight);
    }
  });
  double total = 0;
  for (double part : totals) total += part;
  *loss = count == 0 ? 0.0 : total * weight;
  return -1;
}

void attentionSoftmax(const float* scores, int64_t rows, int64_t keyLength, const float* mask, const std::vector<int64_t>& rowExtents,
                      const std::vector<int64_t>& maskStrides, int64_t maskKeyStride, float scale, float* out) {
  parallelFor(rows, rowGrain(keyLength), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* source = scores + row * keyLength;
      float* target = out + row * keyLength;
      if (mask != nullptr) {
        int64_t offset = 0, rest = row;
        for (size_t axis = rowExtents.size(); axis-- > 0;) {
          offset += (rest % rowExtents[axis]) * maskStrides[axis];
          rest /= rowExtents[axis];
        }
        const float* maskRow = mask + offset;
        for (int64_t j = 0; j < keyLength; j++) target[j] = source[j] * scale + maskRow[j * maskKeyStride];
      } else {
        for (int64_t j = 0; j < keyLength; j++) target[j] = source[j] * scale;
      }
      const float maximum = extremeRun<true>(target, keyLength);
      for (int64_t j = 0; j < keyLength; j++) target[j] = fastExp(target[j] - maximum);
      const float inverse = 1.0f / sumRun(target, keyLength);
      for (int64_t j = 0; j < keyLength; j++) target[j] *= inverse;
    }
  });
}

void attentionSoftmaxGrad(const float* dy, const float* probabilities, float* dscores, int64_t rows, int64_t keyLength, float scale) {
  parallelFor(rows, rowGrain(keyLength), [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; row++) {
      const float* gradient = dy + row * keyLength;
      const float* p = probabilities + row * keyLength;
      float* target = dscores + row * keyLength;
      float dot = 0;
      for (int64_t j = 0; j < keyLength; j++) dot += gradient[j] * p[j];
      for (int64_t j = 0; j < keyLength; j++) target[j] = scale * p[j] * (gradient[j] - dot);
    }
  });
}

}  // namespace pretrain
