// The one-token step of cached decoding: what `TransformerLayer.forward` computes
// for `[batch, 1, C]` with a KV cache, in under half its kernels. Each kernel
// dispatch costs microseconds to tens of microseconds on tfjs-wasm, and a decoding
// step of the tiny GPT (issue 8's benchmark) is mostly dispatches and weight reads:
// with one query per row there is nothing to transpose (`[B, 1, H, d]` and
// `[B, H, 1, d]` are the same memory), each projection is one matmul kernel with
// its bias, the cached keys are never copied into a transposed layout, and the
// attention bias is built once per step instead of once per layer.
import type { LayerPast, Parameter, Tensor } from '@pretrain/core';
import { attentionBias, Conv1D, type MultiHeadAttention, type TransformerLayer } from '@pretrain/blocks';
import { activationValue, attentionProbabilities, kernels, layerNormValue, recordsGradients } from './inference_kernels.js';

/** A Conv1D's parameters: `x · weight [in, out] + bias [out]`. */
interface InOutProjection {
  weight: Parameter;
  bias: Parameter;
}

/** GPT's fused `[q | k | v]` projection of each attention module, found once by its Hugging Face path. */
const fusedProjections = new WeakMap<MultiHeadAttention, InOutProjection | null>();

function fusedProjectionOf(attention: MultiHeadAttention): InOutProjection | undefined {
  if (!fusedProjections.has(attention)) {
    const { names, projection } = attention.config;
    let found: InOutProjection | null = null;
    if ('fused' in names && projection === 'conv1d') {
      const parameters = new Map(attention.namedParameters());
      const [weight, bias] = [parameters.get(`${names.fused}.weight`), parameters.get(`${names.fused}.bias`)];
      if (weight && bias) found = { weight, bias };
    }
    fusedProjections.set(attention, found);
  }
  return fusedProjections.get(attention) ?? undefined;
}

/** Whether every layer can take the one-token path (GPT's Conv1D projections, the attention's fused) and nothing records gradients. */
export function supportsOneTokenStep(layers: readonly TransformerLayer[]): boolean {
  return !recordsGradients() && layers.every(
    (layer) => fusedProjectionOf(layer.attention) !== undefined && [layer.attention.outputProjection, layer.feedForward.input, layer.feedForward.output].every((projection) => projection instanceof Conv1D),
  );
}

/**
 * `rows [1, N, in]` → `[1, N, out]`, `x · weight + bias` in one kernel (the fused matmul op adds a
 * gradient wrapper and four reshapes). The weight's reshape shares its data, so wasm's packed copy is reused.
 */
function project({ weight, bias }: InOutProjection, rows: Tensor): Tensor {
  const [inputSize, outputSize] = weight.variable.shape as [number, number];
  return kernels.matMulBias(rows, kernels.reshape(weight.variable, [1, inputSize, outputSize]), bias.variable);
}

/** One query per row against the cache plus this step's key: `rows [1, B, C]` → output `[1, B, C]` and the extended cache. */
function attendOneToken(attention: MultiHeadAttention, rows: Tensor, past: LayerPast | undefined, bias: Tensor | undefined): { output: Tensor; present: LayerPast } {
  const { numHeads, hiddenSize } = attention.config;
  const batch = rows.shape[1]!;
  // [1, B, 3C] → [B, 3H, 1, d]: one query, key and value per head, already in the cache's layout.
  const projected = kernels.reshape(project(fusedProjectionOf(attention)!, rows), [batch, 3 * numHeads, 1, attention.headSize]);
  const [query, key, value] = kernels.split(projected, 3, 1) as [Tensor, Tensor, Tensor]; // each [B, H, 1, d]
  const keys = past ? kernels.concat([past.key, key], 2) : key; // [B, H, L, d]
  const values = past ? kernels.concat([past.value, value], 2) : value;
  // q·kᵀ with the flag: for one query row every backend's batched product reads the cache as stored (tfjs-wasm's loop is as fast as without it).
  const scores = kernels.matMul(query, keys, true); // [B, H, 1, L]
  const probabilities = attentionProbabilities(scores, attention.scale, bias);
  const context = kernels.reshape(kernels.matMul(probabilities, values), [1, batch, hiddenSize]); // [B, H, 1, d] holds [B, C]
  return { output: project(attention.outputProjection as Conv1D, context), present: { key: keys, value: values } };
}

/** `TransformerLayer.forward` for one token per row, dropout off: `hidden [1, B, C]`. */
function decodeLayer(layer: TransformerLayer, hidden: Tensor, past: LayerPast | undefined, bias: Tensor | undefined): { hidden: Tensor; present: LayerPast } {
  const { normFirst } = layer.config;
  const attended = attendOneToken(layer.attention, normFirst ? layerNormValue(layer.attentionNorm, hidden) : hidden, past, bias);
  let residual = kernels.add(hidden, attended.output);
  if (!normFirst) residual = layerNormValue(layer.attentionNorm, residual);
  const { feedForward } = layer;
  const inner = activationValue(feedForward.config.activation, project(feedForward.input as Conv1D, normFirst ? layerNormValue(layer.outputNorm, residual) : residual));
  const fed = kernels.add(residual, project(feedForward.output as Conv1D, inner));
  return { hidden: normFirst ? fed : layerNormValue(layer.outputNorm, fed), present: attended.present };
}

export interface OneTokenInputs {
  /** `[batch, 1, C]`: this step's embeddings. */
  hidden: Tensor;
  /** `[batch, pastLength + 1]`, or none (every position visible). */
  attentionMask?: Tensor;
  pastKeyValues?: readonly LayerPast[];
  pastLength: number;
}

/**
 * Runs every layer for one new token per row; the caller's tidy owns the
 * intermediates. Returns `[batch, 1, C]` and each layer's extended cache.
 * The last position sees every earlier one, so the bias holds only padding
 * and, for locally banded layers, the band: one per distinct band per step.
 */
export function decodeOneToken(layers: readonly TransformerLayer[], { hidden, attentionMask, pastKeyValues, pastLength }: OneTokenInputs): { hidden: Tensor; presents: LayerPast[] } {
  const [batch, , size] = hidden.shape as [number, number, number];
  const biases = new Map<number | undefined, Tensor | undefined>();
  const biasFor = (localWindow: number | undefined) => {
    if (!biases.has(localWindow)) {
      const needed = attentionMask !== undefined || localWindow !== undefined;
      biases.set(localWindow, needed ? attentionBias({ queryLength: 1, pastLength, localWindow, attentionMask }) : undefined);
    }
    return biases.get(localWindow);
  };
  // [B, 1, C] ↔ [1, B, C]: the same memory (and, for one row, the same shape: no reshape kernel).
  const asShape = (tensor: Tensor, shape: number[]) => (batch === 1 ? tensor : kernels.reshape(tensor, shape));
  let rows = asShape(hidden, [1, batch, size]);
  const presents: LayerPast[] = [];
  layers.forEach((layer, index) => {
    const result = decodeLayer(layer, rows, pastKeyValues?.[index], biasFor(layer.attention.config.localWindow));
    rows = result.hidden;
    presents.push(result.present);
  });
  return { hidden: asShape(rows, [batch, 1, size]), presents };
}
