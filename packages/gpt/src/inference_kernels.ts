// Kernels called straight from inference code (nothing records gradients: see
// `recordsGradients`). Core's fused ops wrap each kernel in a custom gradient, and
// every tfjs op runs its kernel inside a scope of its own (a Set and a disposal
// walk per call): a decoding step of the tiny GPT makes about 90 such calls, and
// the engine's garbage from them is a good part of its CPU time. The kernels alone
// give the same values. Where a backend lacks a fused kernel, core's op runs.
import { attentionSoftmax, fusedKernels, gelu, geluTanh, hasFusedKernel, tf, type Tensor } from '@pretrain/core';
import type { Activation, LayerNorm } from '@pretrain/blocks';

const runKernel = (name: string, inputs: tf.NamedTensorMap, attrs: object): Tensor[] => {
  const outputs = tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as Tensor | Tensor[];
  return Array.isArray(outputs) ? outputs : [outputs];
};

/** Whether kernels run now would be taped for a gradient (then only ops may run: the fused kernels have no registered gradient). */
export const recordsGradients = (): boolean => tf.engine().isTapeOn();

/** tfjs's own kernels, for float32 tensors of matching dtypes (what the ops would check or convert). */
export const kernels = {
  reshape: (x: Tensor, shape: number[]): Tensor => runKernel('Reshape', { x }, { shape })[0]!,
  add: (a: Tensor, b: Tensor): Tensor => runKernel('Add', { a, b }, {})[0]!,
  /** Batched `a · b` or `a · bᵀ`. */
  matMul: (a: Tensor, b: Tensor, transposeB = false): Tensor => runKernel('BatchMatMul', { a, b }, { transposeA: false, transposeB })[0]!,
  concat: (tensors: Tensor[], axis: number): Tensor => runKernel('Concat', tensors as unknown as tf.NamedTensorMap, { axis })[0]!,
  split: (x: Tensor, count: number, axis: number): Tensor[] => runKernel('SplitV', { x }, { numOrSizeSplits: count, axis }),
  /** `rows [1, N, in] · weight [1, in, out] + bias [out]` (tfjs-wasm's kernel reads rank-3 operands only). */
  matMulBias: (rows: Tensor, weight: Tensor, bias: Tensor): Tensor => runKernel('_FusedMatMul', { a: rows, b: weight, bias }, { transposeA: false, transposeB: false, activation: 'linear' })[0]!,
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
