import { Module, attentionSoftmax, fusedKernels, hasFusedKernel, init, matMul, tf, type LayerPast, type Rng, type Tensor } from '@pretrain/core';
import { Conv1D } from '../conv1d.js';
import { Dropout } from '../dropout.js';
import { Linear } from '../linear.js';
import { ModuleScopes } from '../scopes.js';
import { attentionBias } from './mask.js';
import type { AttentionNames } from './names.js';

export interface MultiHeadAttentionConfig {
  hiddenSize: number;
  numHeads: number;
  /** Hugging Face paths of the projections (see `attentionNames`). */
  names: AttentionNames;
  /** `linear` (weights `[out, in]`) or GPT's `conv1d` (`[in, out]`); default `linear`. */
  projection?: 'linear' | 'conv1d';
  /** Decoder self-attention: query `i` sees keys `<= i`. */
  causal?: boolean;
  /** Locally banded (sparse) attention: each query sees only the last `localWindow` keys up to itself. */
  localWindow?: number;
  /** Dropout on the attention probabilities (`attention_probs_dropout_prob`, `attn_pdrop`). */
  attentionDropout?: number;
  /** Dropout after the output projection (GPT-2's `resid_pdrop`; BERT applies it in its output block, so 0 there). */
  outputDropout?: number;
  /** Divide scores by √headSize (GPT-2 `scale_attn_weights`); default true. */
  scaleAttnWeights?: boolean;
  /** Also divide by `layerIndex + 1` (GPT-2 `scale_attn_by_inverse_layer_idx`). */
  scaleAttnByInverseLayerIdx?: boolean;
  layerIndex?: number;
  /** Std of the projection weights; default 0.02. */
  initializerRange?: number;
}

export interface AttentionOptions {
  /** `[batch, pastLength + length]`: 1 to attend, 0 for padding. */
  attentionMask?: Tensor;
  /** Keys and values of earlier positions (`[batch, heads, pastLength, headSize]`). */
  pastKeyValue?: LayerPast;
  /** Return `present`: the keys and values including this call's. */
  useCache?: boolean;
  /** Return the softmax probabilities `[batch, heads, length, keyLength]`. */
  outputAttentions?: boolean;
  /** Return the scaled scores before the softmax, masked keys set to exactly `maskedScore`. */
  outputAttentionScores?: boolean;
  rng?: Rng;
}

/** A type alias, not an interface, so it is a `tf.TensorContainer` (callers return it from `tf.tidy`). */
export type AttentionOutputs = {
  /** `[batch, length, hidden]`, after the output projection. */
  output: Tensor;
  /** Core's `LayerPast`, spelled structurally for the same reason. */
  present?: { key: Tensor; value: Tensor };
  attentions?: Tensor;
  attentionScores?: Tensor;
};

type Projection = Linear | Conv1D;

/** Multi-head self-attention under any family's Hugging Face names. */
export class MultiHeadAttention extends Module {
  readonly headSize: number;
  readonly scopes = new ModuleScopes(this);
  private readonly projections: { query: Projection; key: Projection; value: Projection } | { fused: Projection };
  readonly outputProjection: Projection;
  private readonly attentionDropout: Dropout;
  private readonly outputDropout: Dropout;

  constructor(readonly config: Readonly<MultiHeadAttentionConfig>, rng: Rng) {
    super();
    const { hiddenSize, numHeads, names } = config;
    if (!(Number.isInteger(numHeads) && numHeads > 0 && hiddenSize % numHeads === 0)) {
      throw new Error(`MultiHeadAttention: hiddenSize ${hiddenSize} is not a multiple of numHeads ${numHeads}`);
    }
    if (config.scaleAttnByInverseLayerIdx && config.layerIndex === undefined) throw new Error('MultiHeadAttention: scaleAttnByInverseLayerIdx needs layerIndex');
    this.headSize = hiddenSize / numHeads;
    const make = (outputSize: number): Projection => {
      const weightInit = init.normal(config.initializerRange ?? 0.02);
      return config.projection === 'conv1d' ? new Conv1D(hiddenSize, outputSize, rng, { weightInit }) : new Linear(hiddenSize, outputSize, rng, { weightInit });
    };
    this.projections =
      'fused' in names
        ? { fused: this.scopes.add(names.fused, make(3 * hiddenSize)) }
        : { query: this.scopes.add(names.query, make(hiddenSize)), key: this.scopes.add(names.key, make(hiddenSize)), value: this.scopes.add(names.value, make(hiddenSize)) };
    this.outputProjection = this.scopes.add(names.output, make(hiddenSize));
    this.attentionDropout = this.child('attention_dropout', new Dropout(config.attentionDropout ?? 0));
    this.outputDropout = this.child('output_dropout', new Dropout(config.outputDropout ?? 0));
  }

  /** What multiplies `q·kᵀ`. */
  get scale(): number {
    const { scaleAttnWeights = true, scaleAttnByInverseLayerIdx = false, layerIndex = 0 } = this.config;
    return (scaleAttnWeights ? 1 / Math.sqrt(this.headSize) : 1) / (scaleAttnByInverseLayerIdx ? layerIndex + 1 : 1);
  }

  /** `[B, T, C]` → `[B, H, T, d]`. */
  private splitHeads(input: Tensor): Tensor {
    const [batch, length] = input.shape as [number, number, number];
    return tf.transpose(tf.reshape(input, [batch, length, this.config.numHeads, this.headSize]), [0, 2, 1, 3]);
  }

  private queryKeyValue(hidden: Tensor): [Tensor, Tensor, Tensor] {
    if ('fused' in this.projections) {
      const [query, key, value] = tf.split(this.projections.fused.forward(hidden), 3, -1) as [Tensor, Tensor, Tensor];
      return [query, key, value];
    }
    const { query, key, value } = this.projections;
    return [query.forward(hidden), key.forward(hidden), value.forward(hidden)];
  }

  /** `hidden [batch, length, hiddenSize]`; runs inside the caller's tidy or its own. */
  forward(hidden: Tensor, options: AttentionOptions = {}): AttentionOutputs {
    const { hiddenSize } = this.config;
    if (hidden.rank !== 3 || hidden.shape[2] !== hiddenSize) throw new Error(`MultiHeadAttention: expected [batch, length, ${hiddenSize}], received [${hidden.shape.join(', ')}]`);
    const { attentionMask, pastKeyValue, useCache = false, outputAttentions = false, outputAttentionScores = false, rng } = options;
    return tf.tidy(() => {
      const [batch, length] = hidden.shape as [number, number, number];
      const [queryProjected, keyProjected, valueProjected] = this.queryKeyValue(hidden);
      const [queryStates, valueStates] = [this.splitHeads(queryProjected), this.splitHeads(valueProjected)];
      const pastLength = pastKeyValue ? pastKeyValue.key.shape[2]! : 0;
      // With a fused kernel, softmax(scores·scale + bias) is one kernel; without, scaling q is cheaper than scaling [T, past + T] scores.
      const scaleInSoftmax = hasFusedKernel(fusedKernels.AttentionSoftmax);
      const queries = scaleInSoftmax ? queryStates : tf.mul(queryStates, this.scale);
      let keys: Tensor | undefined;
      let scores: Tensor; // q·kᵀ: [B, H, T, past + T]
      if (pastKeyValue || useCache) {
        keys = pastKeyValue ? tf.concat([pastKeyValue.key, this.splitHeads(keyProjected)], 2) : this.splitHeads(keyProjected); // [B, H, past + T, d]
        scores = matMul(queries, keys, false, true);
      } else {
        // No cache to fill: kᵀ [B, H, d, T] straight from the projection, one transpose instead of two (each ~14 ns/element on wasm).
        scores = matMul(queries, tf.transpose(tf.reshape(keyProjected, [batch, length, this.config.numHeads, this.headSize]), [0, 2, 3, 1]));
      }
      const values = pastKeyValue ? tf.concat([pastKeyValue.value, valueStates], 2) : valueStates;
      const bias = attentionBias({ queryLength: length, pastLength, causal: this.config.causal ?? false, localWindow: this.config.localWindow, attentionMask });
      const probabilities = attentionSoftmax(scores, { scale: scaleInSoftmax ? this.scale : 1, mask: bias });
      const context = matMul(this.attentionDropout.forward(probabilities, { rng }), values); // [B, H, T, d]
      const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch, length, hiddenSize]);
      const result: AttentionOutputs = { output: this.outputDropout.forward(this.outputProjection.forward(merged), { rng }) };
      if (useCache) result.present = { key: keys!, value: values };
      if (outputAttentions) result.attentions = probabilities;
      if (outputAttentionScores) {
        const scaled = scaleInSoftmax ? tf.mul(scores, this.scale) : scores;
        result.attentionScores = bias ? tf.add(scaled, bias) : scaled;
      }
      return result;
    });
  }
}
