import { Module, tf, type Rng, type Tensor } from '@pretrain/core';
import { embeddingNames, layerNames, TransformerEmbeddings, TransformerLayer } from '@pretrain/blocks';
import type { DistilBertConfig } from './config.js';

/** Hugging Face hard-codes this epsilon in every DistilBERT LayerNorm (it is not a config key). */
export const DISTILBERT_LAYER_NORM_EPS = 1e-12;

export interface DistilBertInputs {
  /** int32 `[batch, length]`. */
  inputIds: Tensor;
  /** `[batch, length]`, 1 for tokens, 0 for padding; default all ones. */
  attentionMask?: Tensor;
}

export interface DistilBertForwardOptions {
  /** Also return the embedding output and every layer's output. */
  outputHiddenStates?: boolean;
  /** Also return every layer's attention probabilities. */
  outputAttentions?: boolean;
  /** Also return every layer's pre-softmax scores (padded keys hold blocks' `maskedScore`): TinyBERT distils these. */
  outputAttentionScores?: boolean;
  /** Drives dropout in training mode. */
  rng?: Rng;
}

export interface DistilBertModelOutputs {
  /** `[batch, length, dim]`. */
  lastHiddenState: Tensor;
  /** nLayers + 1 tensors `[batch, length, dim]`: the embeddings, then each layer. */
  hiddenStates?: Tensor[];
  /** nLayers tensors `[batch, heads, length, length]`. */
  attentions?: Tensor[];
  /** nLayers tensors `[batch, heads, length, length]`, before the softmax. */
  attentionScores?: Tensor[];
}

/** The layers at `transformer.layer.N`. */
export class DistilBertTransformer extends Module {
  readonly layers: TransformerLayer[];

  constructor(config: DistilBertConfig, rng: Rng) {
    super();
    const layerConfig = {
      hiddenSize: config.dim, numHeads: config.nHeads, intermediateSize: config.hiddenDim, activation: config.activation, activationFamily: 'distilbert',
      layerNormEps: DISTILBERT_LAYER_NORM_EPS, normFirst: false, names: layerNames.distilbert, hiddenDropout: config.dropout,
      // Hugging Face's MultiHeadSelfAttention drops out the attention weights only; `dropout` acts in the FFN (after lin2) and the embeddings.
      attentionDropout: config.attentionDropout, attentionOutputDropout: 0, initializerRange: config.initializerRange,
    };
    this.layers = this.childList('layer', Array.from({ length: config.nLayers }, () => new TransformerLayer(layerConfig, rng)));
  }
}

/**
 * Hugging Face's `DistilBertModel`: word + position embeddings (learned, or the
 * fixed sinusoidal table when `sinusoidalPosEmbds`), no token types, a post-LN
 * encoder at `transformer.layer.N`, no pooler.
 */
export class DistilBertModel extends Module {
  readonly embeddings: TransformerEmbeddings;
  readonly transformer: DistilBertTransformer;

  constructor(readonly config: DistilBertConfig, rng: Rng) {
    super();
    const positionEmbedding = config.sinusoidalPosEmbds ? 'sinusoidal' : 'learned';
    this.embeddings = this.child(
      'embeddings',
      new TransformerEmbeddings(
        {
          vocabSize: config.vocabSize, embeddingSize: config.dim, maxPositionEmbeddings: config.maxPositionEmbeddings, typeVocabSize: 0, positionEmbedding,
          names: embeddingNames.bert, layerNormEps: DISTILBERT_LAYER_NORM_EPS, dropout: config.dropout, initializerRange: config.initializerRange, padTokenId: config.padTokenId,
        },
        rng,
      ),
    );
    // Hugging Face sets `requires_grad = False` on the sinusoidal table: stored in checkpoints, never trained.
    if (config.sinusoidalPosEmbds) this.embeddings.position!.weight.variable.trainable = false;
    this.transformer = this.child('transformer', new DistilBertTransformer(config, rng));
  }

  /** Runs inside the caller's tidy or its own; returned tensors belong to the caller. */
  forward({ inputIds, attentionMask }: DistilBertInputs, options: DistilBertForwardOptions = {}): DistilBertModelOutputs {
    if (inputIds.rank !== 2) throw new Error(`DistilBertModel: inputIds must be [batch, length], received [${inputIds.shape.join(', ')}]`);
    const { outputHiddenStates = false, outputAttentions = false, outputAttentionScores = false, rng } = options;
    return tf.tidy(() => {
      let hidden = this.embeddings.forward({ inputIds }, { rng }).output; // [B, L, dim]
      const hiddenStates: Tensor[] = [hidden];
      const attentions: Tensor[] = [];
      const attentionScores: Tensor[] = [];
      for (const layer of this.transformer.layers) {
        const result = layer.forward(hidden, { attentionMask, outputAttentions, outputAttentionScores, rng });
        hidden = result.hidden;
        hiddenStates.push(hidden);
        if (result.attentions) attentions.push(result.attentions);
        if (result.attentionScores) attentionScores.push(result.attentionScores);
      }
      const outputs: DistilBertModelOutputs = { lastHiddenState: hidden };
      if (outputHiddenStates) outputs.hiddenStates = hiddenStates;
      if (outputAttentions) outputs.attentions = attentions;
      if (outputAttentionScores) outputs.attentionScores = attentionScores;
      return outputs as unknown as tf.TensorContainer;
    }) as unknown as DistilBertModelOutputs;
  }
}
