import { Module, tf, type Rng, type Tensor } from '@pretrain/core';
import {
  activation,
  FeedForward,
  LayerNorm,
  layerNames,
  ModuleScopes,
  MultiHeadAttention,
  type AttentionOptions,
  type LayerOutputs,
  type TransformerLayerConfig,
} from '@pretrain/blocks';

/** The part one layer lends to all others in the paper's sharing ablation. */
export interface SharedAttention {
  readonly kind: 'attention';
  /** Holds `attention.LayerNorm` too, as Hugging Face's `AlbertAttention` does. */
  readonly attention: MultiHeadAttention;
  readonly norm: LayerNorm;
}

export interface SharedFeedForward {
  readonly kind: 'feed_forward';
  readonly feedForward: FeedForward;
  /** `full_layer_layer_norm`. */
  readonly norm: LayerNorm;
}

export type SharedPart = SharedAttention | SharedFeedForward;

const names = layerNames.albert;

/**
 * An ALBERT layer (post-LN, Hugging Face's `AlbertLayer` names) whose
 * attention or feed-forward part may be another layer's: the same modules are
 * registered here again, so their parameters are counted, updated and saved
 * once (under the first layer's path). Only the ablation modes use it; Hugging
 * Face's group sharing calls the same `TransformerLayer` again instead.
 */
export class PartlySharedLayer extends Module {
  readonly attention: MultiHeadAttention;
  readonly attentionNorm: LayerNorm;
  readonly feedForward: FeedForward;
  readonly outputNorm: LayerNorm;

  constructor(config: Readonly<TransformerLayerConfig>, rng: Rng, shared?: SharedPart) {
    super();
    const scopes = new ModuleScopes(this);
    if (shared?.kind === 'attention') {
      this.attention = this.child(names.attention, shared.attention);
      this.attentionNorm = shared.norm;
    } else {
      this.attention = this.child(names.attention, new MultiHeadAttention(attentionConfig(config), rng));
      this.attentionNorm = this.attention.scopes.add('LayerNorm', new LayerNorm(config.hiddenSize, config.layerNormEps, rng));
    }
    if (shared?.kind === 'feed_forward') {
      this.feedForward = shared.feedForward;
      this.child(names.feedForward.input, shared.feedForward.input);
      this.child(names.feedForward.output, shared.feedForward.output);
      this.outputNorm = this.child(names.outputNorm, shared.norm);
    } else {
      const act = typeof config.activation === 'string' ? activation(config.activation, config.activationFamily) : config.activation;
      this.feedForward = new FeedForward(
        { hiddenSize: config.hiddenSize, intermediateSize: config.intermediateSize, activation: act, names: names.feedForward, dropout: config.feedForwardDropout ?? config.hiddenDropout, initializerRange: config.initializerRange },
        rng,
        scopes,
      );
      this.outputNorm = scopes.add(names.outputNorm, new LayerNorm(config.hiddenSize, config.layerNormEps, rng));
    }
  }

  /** What this layer can lend to the others. */
  part(kind: 'attention' | 'feed_forward'): SharedPart {
    return kind === 'attention' ? { kind, attention: this.attention, norm: this.attentionNorm } : { kind, feedForward: this.feedForward, norm: this.outputNorm };
  }

  /** `hidden [batch, length, hiddenSize]`: `norm(x + attention(x))`, then `norm(h + ffn(h))`. */
  forward(hidden: Tensor, options: AttentionOptions = {}): LayerOutputs {
    return tf.tidy(() => {
      const attended = this.attention.forward(hidden, options);
      const residual = this.attentionNorm.forward(tf.add(hidden, attended.output));
      const output = this.outputNorm.forward(tf.add(residual, this.feedForward.forward(residual, options)));
      const result: LayerOutputs = { hidden: output };
      if (attended.attentions) result.attentions = attended.attentions;
      return result;
    });
  }
}

function attentionConfig(config: Readonly<TransformerLayerConfig>) {
  return {
    hiddenSize: config.hiddenSize, numHeads: config.numHeads, names: names.attentionProjections, attentionDropout: config.attentionDropout,
    outputDropout: config.hiddenDropout, initializerRange: config.initializerRange,
  };
}
