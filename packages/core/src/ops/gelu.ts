import { add, erf, exp, mul, sigmoid, square, sub, type Tensor } from '@tensorflow/tfjs-core';
import { customOp } from './custom_op.js';
import { Gelu, GeluGrad, type GeluAttrs } from '../fused/kernel_names.js';
import { hasFusedKernel, runFusedKernel } from '../fused/registry.js';

const inverseSqrt2 = Math.SQRT1_2;
const inverseSqrt2Pi = 1 / Math.sqrt(2 * Math.PI);
const sqrt2OverPi = Math.sqrt(2 / Math.PI);
const cubicCoefficient = 0.044715;

/** tfjs's erf is Abramowitz–Stegun 7.1.26 (absolute error ≤ 1.5e-7), on every backend. Gradient: `Φ(x) + x·φ(x)`. */
const compositeGelu = customOp<[Tensor]>(([x], save) => {
  save([x]);
  const cdf = mul(0.5, add(1, erf(mul(x, inverseSqrt2)))); // Φ(x)
  return {
    value: mul(x, cdf),
    gradFunc: (dy: Tensor, [savedX]: Tensor[]) => {
      const input = savedX!;
      const savedCdf = mul(0.5, add(1, erf(mul(input, inverseSqrt2))));
      const density = mul(inverseSqrt2Pi, exp(mul(-0.5, square(input)))); // φ(x)
      return [mul(dy, add(savedCdf, mul(input, density)))];
    },
  };
});

/** `u = 2√(2/π)(x + 0.044715x³) = x(a + b·x²)`: then `½(1 + tanh(u/2)) = σ(u)`. */
const sigmoidScale = 2 * sqrt2OverPi;
const sigmoidCubic = sigmoidScale * cubicCoefficient;

/**
 * Computed as the identical `x·σ(2√(2/π)(x + 0.044715x³))`: tfjs-wasm's sigmoid is a
 * vectorised kernel, its tanh a scalar loop ~7× slower, and the sigmoid form needs no `1 + t`.
 * Gradient: `s + x·s(1 − s)·u'` with `s = σ(u)` saved from the forward pass.
 */
const compositeGeluTanh = customOp<[Tensor]>(([x], save) => {
  const squared = square(x);
  const gate = sigmoid(mul(x, add(sigmoidScale, mul(sigmoidCubic, squared)))); // σ(u)
  save([x, gate, squared]);
  return {
    value: mul(x, gate),
    gradFunc: (dy: Tensor, [savedX, savedGate, savedSquared]: Tensor[]) => {
      const input = savedX!;
      const s = savedGate!;
      const innerDerivative = add(sigmoidScale, mul(3 * sigmoidCubic, savedSquared!)); // u'
      const derivative = add(s, mul(mul(input, mul(s, sub(1, s))), innerDerivative));
      return [mul(dy, derivative)];
    },
  };
});

/** The fused kernels `PretrainGelu` / `PretrainGeluGrad`, saving only `x`. */
function fusedGelu(approximate: GeluAttrs['approximate']) {
  return customOp<[Tensor]>(([x], save) => {
    save([x]);
    return {
      value: runFusedKernel(Gelu, { x }, { approximate })[0]!,
      gradFunc: (dy: Tensor, [savedX]: Tensor[]) => runFusedKernel(GeluGrad, { dy, x: savedX! }, { approximate }),
    };
  });
}
const fusedGeluErf = fusedGelu('none');
const fusedGeluTanh = fusedGelu('tanh');

const useFused = (x: Tensor) => x.dtype === 'float32' && hasFusedKernel(Gelu) && hasFusedKernel(GeluGrad);

/** GELU, exact form `x · Φ(x) = ½x(1 + erf(x/√2))` (Hugging Face `gelu`); fused kernels when the backend has them. */
export function gelu(x: Tensor): Tensor {
  return useFused(x) ? fusedGeluErf(x) : compositeGelu(x);
}

/**
 * GELU, tanh approximation `½x(1 + tanh(√(2/π)(x + 0.044715x³)))` (Hugging Face
 * `gelu_new`, `gelu_pytorch_tanh`; GPT-2); fused kernels when the backend has them.
 */
export function geluTanh(x: Tensor): Tensor {
  return useFused(x) ? fusedGeluTanh(x) : compositeGeluTanh(x);
}
