// The one-token step of cached decoding: what `TransformerLayer.forward` computes
// for `[batch, 1, C]` with a KV cache, in about half its kernels. Each kernel
// dispatch costs tens of microseconds on tfjs-wasm, and a decoding step of the
// tiny GPT (issue 8's benchmark) is mostly dispatches: with one query per row
// there is nothing to transpose (`[B, 1, H, d]` and `[B, H, 1, d]` are the same
// memory), the projections take their bias in the matmul kernel, the cached keys
// are never transposed (scores are `keys · q`), and the attention bias is built
// once per step instead of once per layer.
import { attentionSoftmax, matMul, tf, type LayerPast, type Parameter, type Tensor } from '@pretrain/core';
import { attentionBias, Conv1D, type Linear, type MultiHeadAttention, type TransformerLayer } from '@pretrain/blocks';

/** Core's `LayerPast` as a type alias (a `tf.TensorContainer`). */
type KeyValue = { key: Tensor; value: Tensor };

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

/** Whether every layer can take the one-token path (GPT's fused Conv1D attention projection). */
export function supportsOneTokenStep(layers: readonly TransformerLayer[]): boolean {
  return layers.every((layer) => fusedProjectionOf(layer.attention) !== undefined);
}

/** `rows [N, in]` → `[N, out]`: a Conv1D as one matmul kernel with its bias; a Linear through its own forward. */
function project(projection: Conv1D | Linear | InOutProjection, rows: Tensor): Tensor {
  if (projection instanceof Conv1D || !('forward' in projection)) return tf.fused.matMul({ a: rows, b: projection.weight.variable, bias: projection.bias.variable });
  return projection.forward(rows);
}

/** One query per row against the cache plus this step's key: `rows [B, C]` → output `[B, C]` and the extended cache. */
function attendOneToken(attention: MultiHeadAttention, rows: Tensor, past: LayerPast | undefined, bias: Tensor | undefined): { output: Tensor; present: KeyValue } {
  const { numHeads, hiddenSize } = attention.config;
  const { headSize } = attention;
  const batch = rows.shape[0]!;
  const [query, key, value] = tf.split(project(fusedProjectionOf(attention)!, rows), 3, 1) as [Tensor, Tensor, Tensor]; // each [B, C]
  const asHeads = (tensor: Tensor) => tf.reshape(tensor, [batch, numHeads, 1, headSize]);
  const keys = past ? tf.concat([past.key, asHeads(key)], 2) : asHeads(key); // [B, H, L, d]
  const values = past ? tf.concat([past.value, asHeads(value)], 2) : asHeads(value);
  const length = keys.shape[2]!;
  // q·kᵀ for one query is keys · q ([B, H, L, d] · [B, H, d, 1]): the cache is read as stored.
  const scores = tf.reshape(matMul(keys, tf.reshape(query, [batch, numHeads, headSize, 1])), [batch, numHeads, 1, length]);
  const probabilities = attentionSoftmax(scores, { scale: attention.scale, mask: bias });
  const context = tf.reshape(matMul(probabilities, values), [batch, hiddenSize]); // [B, H, 1, d] is [B, C]
  return { output: project(attention.outputProjection, context), present: { key: keys, value: values } };
}

/** `TransformerLayer.forward` for one token per row, dropout off: `hidden [B, C]`. */
function decodeLayer(layer: TransformerLayer, hidden: Tensor, past: LayerPast | undefined, bias: Tensor | undefined): { hidden: Tensor; present: KeyValue } {
  const { normFirst } = layer.config;
  const attended = attendOneToken(layer.attention, normFirst ? layer.attentionNorm.forward(hidden) : hidden, past, bias);
  let residual = tf.add(hidden, attended.output);
  if (!normFirst) residual = layer.attentionNorm.forward(residual);
  const { feedForward } = layer;
  const inner = feedForward.config.activation(project(feedForward.input, normFirst ? layer.outputNorm.forward(residual) : residual));
  const fed = tf.add(residual, project(feedForward.output, inner));
  return { hidden: normFirst ? fed : layer.outputNorm.forward(fed), present: attended.present };
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
export function decodeOneToken(layers: readonly TransformerLayer[], { hidden, attentionMask, pastKeyValues, pastLength }: OneTokenInputs): { hidden: Tensor; presents: KeyValue[] } {
  const [batch, , size] = hidden.shape as [number, number, number];
  const biases = new Map<number | undefined, Tensor | undefined>();
  const biasFor = (localWindow: number | undefined) => {
    if (!biases.has(localWindow)) {
      const needed = attentionMask !== undefined || localWindow !== undefined;
      biases.set(localWindow, needed ? attentionBias({ queryLength: 1, pastLength, localWindow, attentionMask }) : undefined);
    }
    return biases.get(localWindow);
  };
  let rows = tf.reshape(hidden, [batch, size]);
  const presents: KeyValue[] = [];
  layers.forEach((layer, index) => {
    const result = decodeLayer(layer, rows, pastKeyValues?.[index], biasFor(layer.attention.config.localWindow));
    rows = result.hidden;
    presents.push(result.present);
  });
  return { hidden: tf.reshape(rows, [batch, 1, size]), presents };
}
