import { Module, tf, type Rng, type Tensor } from '@pretrain/core';
import { activation as activationByName, type Activation } from './activations.js';
import { MultiHeadAttention, type AttentionOptions } from './attention/attention.js';
import { attentionNames, type AttentionNames } from './attention/names.js';
import { FeedForward, feedForwardNames, type FeedForwardNames } from './feed_forward.js';
import { LayerNorm } from './layer_norm.js';
import { ModuleScopes } from './scopes.js';

/** Where a family keeps each part of a layer (Hugging Face paths relative to the layer). */
export interface LayerNames {
  readonly attention: string;
  readonly attentionProjections: AttentionNames;
  /** The norm around attention; may lie inside the attention module (BERT: `attention.output.LayerNorm`). */
  readonly attentionNorm: string;
  readonly feedForward: FeedForwardNames;
  readonly outputNorm: string;
}

export const layerNames = {
  bert: { attention: 'attention', attentionProjections: attentionNames.bert, attentionNorm: 'attention.output.LayerNorm', feedForward: feedForwardNames.bert, outputNorm: 'output.LayerNorm' },
  albert: { attention: 'attention', attentionProjections: attentionNames.albert, attentionNorm: 'attention.LayerNorm', feedForward: feedForwardNames.albert, outputNorm: 'full_layer_layer_norm' },
  distilbert: { attention: 'attention', attentionProjections: attentionNames.distilbert, attentionNorm: 'sa_layer_norm', feedForward: feedForwardNames.distilbert, outputNorm: 'output_layer_norm' },
  /** GPT-2's `GPT2Block` and GPT-1's `Block` share these names (`ln_1` is before attention in GPT-2, after it in GPT-1). */
  gpt2: { attention: 'attn', attentionProjections: attentionNames.gpt2, attentionNorm: 'ln_1', feedForward: feedForwardNames.gpt2, outputNorm: 'ln_2' },
} as const satisfies Record<string, LayerNames>;

export interface TransformerLayerConfig {
  hiddenSize: number;
  numHeads: number;
  intermediateSize: number;
  /** A function, or a Hugging Face name resolved with `activationFamily`'s mapping. */
  activation: Activation | string;
  activationFamily?: string;
  layerNormEps: number;
  /** Pre-LN (GPT-2: `x + f(norm(x))`) or post-LN (BERT, GPT-1: `norm(x + f(x))`). */
  normFirst: boolean;
  causal?: boolean;
  names: LayerNames;
  projection?: 'linear' | 'conv1d';
  /** Dropout after the feed-forward output projection, and by default after attention's. */
  hiddenDropout?: number;
  /** Dropout on the attention probabilities. */
  attentionDropout?: number;
  /** Dropout after attention's output projection; default `hiddenDropout` (BERT, ALBERT, GPT). DistilBERT has none there: 0. */
  attentionOutputDropout?: number;
  /** Dropout after the feed-forward output projection; default `hiddenDropout`. ALBERT has none there: 0. */
  feedForwardDropout?: number;
  initializerRange?: number;
  /** Divide attention scores by √headSize (GPT-2 `scale_attn_weights`); default true. */
  scaleAttnWeights?: boolean;
  /** Also divide them by `layerIndex + 1` (GPT-2 `scale_attn_by_inverse_layer_idx`). */
  scaleAttnByInverseLayerIdx?: boolean;
  layerIndex?: number;
  /** Locally banded attention of this width (GPT-3's sparse layers). */
  localWindow?: number;
}

/** A type alias so callers can return it from `tf.tidy`. */
export type LayerOutputs = {
  /** `[batch, length, hidden]`. */
  hidden: Tensor;
  present?: { key: Tensor; value: Tensor };
  attentions?: Tensor;
  attentionScores?: Tensor;
};

/** One transformer layer: attention and feed-forward, each with a residual and a LayerNorm, before or after. */
export class TransformerLayer extends Module {
  readonly attention: MultiHeadAttention;
  readonly attentionNorm: LayerNorm;
  readonly feedForward: FeedForward;
  readonly outputNorm: LayerNorm;

  constructor(readonly config: Readonly<TransformerLayerConfig>, rng: Rng) {
    super();
    const { names, hiddenSize, layerNormEps } = config;
    const scopes = new ModuleScopes(this);
    this.attention = scopes.add(
      names.attention,
      new MultiHeadAttention(
        {
          hiddenSize, numHeads: config.numHeads, names: names.attentionProjections, projection: config.projection, causal: config.causal,
          localWindow: config.localWindow, attentionDropout: config.attentionDropout, outputDropout: config.attentionOutputDropout ?? config.hiddenDropout,
          scaleAttnWeights: config.scaleAttnWeights, scaleAttnByInverseLayerIdx: config.scaleAttnByInverseLayerIdx, layerIndex: config.layerIndex, initializerRange: config.initializerRange,
        },
        rng,
      ),
    );
    const addNorm = (path: string) => {
      const norm = new LayerNorm(hiddenSize, layerNormEps, rng);
      const prefix = `${names.attention}.`;
      return path.startsWith(prefix) ? this.attention.scopes.add(path.slice(prefix.length), norm) : scopes.add(path, norm);
    };
    this.attentionNorm = addNorm(names.attentionNorm);
    const activation = typeof config.activation === 'string' ? activationByName(config.activation, config.activationFamily) : config.activation;
    this.feedForward = new FeedForward(
      { hiddenSize, intermediateSize: config.intermediateSize, activation, names: names.feedForward, projection: config.projection, dropout: config.feedForwardDropout ?? config.hiddenDropout, initializerRange: config.initializerRange },
      rng,
      scopes,
    );
    this.outputNorm = addNorm(names.outputNorm);
  }

  /** `hidden [batch, length, hiddenSize]`. */
  forward(hidden: Tensor, options: AttentionOptions = {}): LayerOutputs {
    return tf.tidy(() => {
      const { normFirst } = this.config;
      const attended = this.attention.forward(normFirst ? this.attentionNorm.forward(hidden) : hidden, options);
      let residual = tf.add(hidden, attended.output);
      if (!normFirst) residual = this.attentionNorm.forward(residual);
      const fed = tf.add(residual, this.feedForward.forward(normFirst ? this.outputNorm.forward(residual) : residual, options));
      const { output: _attentionOutput, ...extras } = attended;
      const result: LayerOutputs = { ...extras, hidden: normFirst ? fed : this.outputNorm.forward(fed) };
      return result;
    });
  }
}
