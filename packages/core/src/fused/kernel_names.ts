/**
 * Names and signatures of the fused kernels core's ops dispatch to. A backend
 * registers a kernel under one of these names (`tf.registerKernel({kernelName,
 * backendName, kernelFunc})`) and core's op uses it whenever that backend is
 * active; otherwise the op runs its composite of tfjs ops. Every tensor is
 * float32 unless noted; "rows" means the input flattened to `[N, H]` over its
 * last axis. Outputs are returned in the order listed.
 */

/**
 * AdamW step (PyTorch's `torch.optim.AdamW`), elementwise over same-shaped tensors.
 * Inputs `{parameter, gradient, firstMoment, secondMoment}`; attrs {@link FusedAdamWAttrs}.
 * Outputs `[parameter′, firstMoment′, secondMoment′]`:
 * `m′ = β1·m + (1−β1)·g`, `v′ = β2·v + (1−β2)·g²`,
 * `p′ = p·(1 − lr·λ) − (lr / (1−β1^t)) · m′ / (√v′ / √(1−β2^t) + ε)`.
 */
export const FusedAdamW = 'PretrainFusedAdamW';
export interface FusedAdamWAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled decay λ; 0 for parameters that do not decay. */
  weightDecay: number;
  /** The step being taken, from 1 (bias correction). */
  step: number;
}

/**
 * Layer normalisation over the last axis, biased variance.
 * Inputs `{x [..., H], gamma [H], beta [H]}`; attrs `{epsilon}`.
 * Outputs `[y [..., H], mean [N], rstd [N]]` with `rstd = 1/√(var + ε)` (saved for the backward kernel).
 */
export const LayerNorm = 'PretrainLayerNorm';
/**
 * Inputs `{dy [..., H], x [..., H], mean [N], rstd [N], gamma [H]}`; no attrs.
 * Outputs `[dx [..., H], dgamma [H], dbeta [H]]`, with `x̂ = (x − mean)·rstd`, `g = dy·gamma`:
 * `dx = rstd·(g − mean(g) − x̂·mean(g·x̂))`, `dgamma = Σ_rows dy·x̂`, `dbeta = Σ_rows dy`.
 */
export const LayerNormGrad = 'PretrainLayerNormGrad';
export interface LayerNormAttrs {
  epsilon: number;
}

/**
 * GELU. Inputs `{x}`; attrs `{approximate: 'none' | 'tanh'}` ('none': `x·Φ(x)` with the exact erf;
 * 'tanh': `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`). Outputs `[y]`.
 */
export const Gelu = 'PretrainGelu';
/** Inputs `{dy, x}`; attrs as {@link Gelu}. Outputs `[dx]` (`dy · GELU′(x)`). */
export const GeluGrad = 'PretrainGeluGrad';
export interface GeluAttrs {
  approximate: 'none' | 'tanh';
}

/**
 * Sparse softmax cross-entropy, mean over the labels that are not `ignoreIndex`.
 * Inputs `{logits [N, V], labels [N] int32}`; attrs `{ignoreIndex}`.
 * Outputs `[loss [] (0 when every label is ignored), gradient [N, V]]`: the gradient of the
 * mean loss, `(softmax − onehot(label)) / count` on counted rows and 0 on ignored rows.
 */
export const SoftmaxCrossEntropy = 'PretrainSoftmaxCrossEntropy';
export interface SoftmaxCrossEntropyAttrs {
  ignoreIndex: number;
}

/**
 * Attention softmax over the last axis of `scores · scale + mask`, the sum rounded to float32
 * before the softmax (so a score added to the float32 minimum is absorbed, as in PyTorch).
 * Inputs `{scores [..., Tq, Tk], mask?}` with `mask` of the same rank, each axis 1 or equal
 * to the scores' (e.g. `[B|1, 1, Tq|1, Tk]`); attrs `{scale}`. Outputs `[probabilities]`.
 */
export const AttentionSoftmax = 'PretrainAttentionSoftmax';
/** Inputs `{dy, probabilities}`; attrs `{scale}`. Outputs `[dscores]` = `scale · p · (dy − Σ dy·p)`. */
export const AttentionSoftmaxGrad = 'PretrainAttentionSoftmaxGrad';
export interface AttentionSoftmaxAttrs {
  scale: number;
}

/** Every fused kernel name, for backends that register them all. */
export const fusedKernelNames = [
  FusedAdamW,
  LayerNorm,
  LayerNormGrad,
  Gelu,
  GeluGrad,
  SoftmaxCrossEntropy,
  AttentionSoftmax,
  AttentionSoftmaxGrad,
] as const;
export type FusedKernelName = (typeof fusedKernelNames)[number];
