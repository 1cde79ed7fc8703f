// Branch-free float32 exp, tanh and erf that the compiler vectorises (libm's
// scalar calls do not). Accuracy: exp within 2 ulp (Cephes' polynomial), tanh
// and erf within 2e-7 absolute, far inside the 1e-4 the conformance suite allows.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace pretrain {

inline float fastExp(float x) {
  const float clamped = x < -87.33654f ? -87.33654f : (x > 88.72283f ? 88.72283f : x);
  const float n = std::floor(clamped * 1.44269504088896341f + 0.5f);
  float r = clamped - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float polynomial = p * r * r + r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  float result = polynomial * scale;
  result = x < -87.33654f ? 0.0f : result;
  result = x > 88.72283f ? INFINITY : result;
  return x != x ? x : result;
}

inline float fastTanh(float x) {
  const float magnitude = std::fabs(x);
  // 1 − 2/(e^{2|x|} + 1) loses digits near 0, where the odd Taylor series is exact to float precision.
  const float e = fastExp(2.0f * (magnitude > 20.0f ? 20.0f : magnitude));
  const float far = 1.0f - 2.0f / (e + 1.0f);
  const float x2 = magnitude * magnitude;
  const float near = magnitude * (1.0f + x2 * (-1.0f / 3.0f + x2 * (2.0f / 15.0f + x2 * (-17.0f / 315.0f + x2 * (62.0f / 2835.0f)))));
  const float value = magnitude < 0.125f ? near : far;
  return x != x ? x : std::copysign(value, x);
}

inline float fastErf(float x) {
  // Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7) on |x|, sign restored.
  const float magnitude = std::fabs(x);
  const float t = 1.0f / (1.0f + 0.3275911f * magnitude);
  const float polynomial = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
  const float value = 1.0f - polynomial * fastExp(-magnitude * magnitude);
  return x != x ? x : std::copysign(value, x);
}

}  // namespace pretrain
