import { add, mean, mul, reshape, rsqrt, square, sub, sum, type Tensor } from '@tensorflow/tfjs-core';
import { customOp } from './custom_op.js';
import { Parameter } from '../module/parameter.js';
import { LayerNorm, LayerNormGrad } from '../fused/kernel_names.js';
import { hasFusedKernel, runFusedKernel } from '../fused/registry.js';

const valueOf = (tensor: Parameter | Tensor): Tensor => (tensor instanceof Parameter ? tensor.variable : tensor);

/** The composite: tfjs ops, saving `x̂` and `rstd`. */
function compositeLayerNorm(eps: number, size: number) {
  return customOp<[Tensor, Tensor, Tensor]>(([input, gamma, beta], save) => {
    const centered = sub(input, mean(input, -1, true));
    const inverseStd = rsqrt(add(mean(square(centered), -1, true), eps)); // [..., 1]
    const normalized = mul(centered, inverseStd);
    save([normalized, inverseStd, gamma]);
    return {
      value: add(mul(normalized, gamma), beta),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [savedNormalized, savedInverseStd, savedGamma] = saved as [Tensor, Tensor, Tensor];
        const gradientNormalized = mul(dy, savedGamma);
        // dx = rstd · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂))
        const inputGradient = mul(
          savedInverseStd,
          sub(sub(gradientNormalized, mean(gradientNormalized, -1, true)), mul(savedNormalized, mean(mul(gradientNormalized, savedNormalized), -1, true))),
        );
        const rows = (tensor: Tensor) => reshape(tensor, [-1, size]);
        return [inputGradient, sum(rows(mul(dy, savedNormalized)), 0), sum(rows(dy), 0)];
      },
    };
  });
}

/** The fused kernels: one forward pass saving each row's mean and rstd, one backward pass for dx, dgamma and dbeta. */
function fusedLayerNorm(eps: number) {
  return customOp<[Tensor, Tensor, Tensor]>(([input, gamma, beta], save) => {
    const [value, rowMean, rowRstd] = runFusedKernel(LayerNorm, { x: input, gamma, beta }, { epsilon: eps }) as [Tensor, Tensor, Tensor];
    save([input, rowMean, rowRstd, gamma]);
    return {
      value,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [x, savedMean, savedRstd, savedGamma] = saved as [Tensor, Tensor, Tensor, Tensor];
        return runFusedKernel(LayerNormGrad, { dy, x, mean: savedMean, rstd: savedRstd, gamma: savedGamma });
      },
    };
  });
}

/**
 * Layer normalisation over the last axis: `(x − mean) / √(var + eps) · weight + bias`,
 * biased variance as PyTorch's `nn.LayerNorm`. `x [..., H]`, `weight`, `bias [H]`.
 * Runs the active backend's `PretrainLayerNorm` kernels when registered, else the composite.
 */
export function layerNorm(x: Tensor, weight: Parameter | Tensor, bias: Parameter | Tensor, eps: number): Tensor {
  const size = x.shape[x.rank - 1]!;
  const fused = hasFusedKernel(LayerNorm) && hasFusedKernel(LayerNormGrad) && x.dtype === 'float32';
  const op = fused ? fusedLayerNorm(eps) : compositeLayerNorm(eps, size);
  return op(x, valueOf(weight), valueOf(bias));
}
