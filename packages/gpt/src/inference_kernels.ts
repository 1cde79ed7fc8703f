// Core's fused kernels called straight from inference code. Core's ops wrap each
// kernel in a custom gradient (a scope and saved tensors per call, which a
// decoding step of the tiny GPT pays 17 times); without gradients the kernel
// alone gives the same values. Where a backend lacks the kernel, the op runs.
import { attentionSoftmax, fusedKernels, gelu, geluTanh, hasFusedKernel, tf, type Tensor } from '@pretrain/core';
import type { Activation, LayerNorm } from '@pretrain/blocks';

const runKernel = (name: string, inputs: tf.NamedTensorMap, attrs: object): Tensor[] => {
  const outputs = tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as Tensor | Tensor[];
  return Array.isArray(outputs) ? outputs : [outputs];
};

/** `norm.forward(x)`: the `PretrainLayerNorm` kernel's first output (its row means and rstds go with the caller's tidy). */
export function layerNormValue(norm: LayerNorm, x: Tensor): Tensor {
  if (x.dtype !== 'float32' || !hasFusedKernel(fusedKernels.LayerNorm)) return norm.forward(x);
  return runKernel(fusedKernels.LayerNorm, { x, gamma: norm.weight.variable, beta: norm.bias.variable }, { epsilon: norm.eps })[0]!;
}

/** `activation(x)`, by the `PretrainGelu` kernel when it is core's `gelu` or `geluTanh`. */
export function activationValue(activation: Activation, x: Tensor): Tensor {
  const approximate = activation === geluTanh ? 'tanh' : activation === gelu ? 'none' : undefined;
  if (approximate === undefined || x.dtype !== 'float32' || !hasFusedKernel(fusedKernels.Gelu)) return activation(x);
  return runKernel(fusedKernels.Gelu, { x }, { approximate })[0]!;
}

/** `attentionSoftmax(scores, { scale, mask })` by the `PretrainAttentionSoftmax` kernel. */
export function attentionProbabilities(scores: Tensor, scale: number, mask: Tensor | undefined): Tensor {
  if (scores.dtype !== 'float32' || !hasFusedKernel(fusedKernels.AttentionSoftmax)) return attentionSoftmax(scores, { scale, mask });
  return runKernel(fusedKernels.AttentionSoftmax, mask ? { scores, mask } : { scores }, { scale })[0]!;
}
