import { Module, tf, type Rng, type Tensor } from '@pretrain/core';
import { embeddingNames, layerNames, Pooler, TransformerEmbeddings, TransformerLayer } from '@pretrain/blocks';
import type { BertConfig } from './config.js';

export interface BertInputs {
  /** int32 `[batch, length]`. */
  inputIds: Tensor;
  /** `[batch, length]`, 1 for tokens, 0 for padding; default all ones. */
  attentionMask?: Tensor;
  /** int32 `[batch, length]`, segment A 0 / B 1; default zeros. */
  tokenTypeIds?: Tensor;
  /** int32 `[batch, length]`; default `0..length-1`. */
  positionIds?: Tensor;
}

export interface BertForwardOptions {
  /** Also return the embedding output and every layer's output. */
  outputHiddenStates?: boolean;
  /** Also return every layer's attention probabilities. */
  outputAttentions?: boolean;
  /** Drives dropout in training mode. */
  rng?: Rng;
}

export interface BertModelOutputs {
  /** `[batch, length, hidden]`. */
  lastHiddenState: Tensor;
  /** `tanh(dense(h[:, 0]))`, `[batch, hidden]`; absent without a pooler. */
  poolerOutput?: Tensor;
  /** numHiddenLayers + 1 tensors `[batch, length, hidden]`: the embeddings, then each layer. */
  hiddenStates?: Tensor[];
  /** numHiddenLayers tensors `[batch, heads, length, length]`. */
  attentions?: Tensor[];
}

/** The encoder's layers at `encoder.layer.N`. */
class BertEncoder extends Module {
  readonly layers: TransformerLayer[];

  constructor(config: BertConfig, rng: Rng) {
    super();
    const layerConfig = {
      hiddenSize: config.hiddenSize, numHeads: config.numAttentionHeads, intermediateSize: config.intermediateSize, activation: config.hiddenAct, activationFamily: 'bert',
      layerNormEps: config.layerNormEps, normFirst: false, names: layerNames.bert, hiddenDropout: config.hiddenDropoutProb,
      attentionDropout: config.attentionProbsDropoutProb, initializerRange: config.initializerRange,
    };
    this.layers = this.childList('layer', Array.from({ length: config.numHiddenLayers }, () => new TransformerLayer(layerConfig, rng)));
  }
}

/** Hugging Face's `BertModel`: token + learned position + segment embeddings, a post-LN encoder and a tanh pooler. */
export class BertModel extends Module {
  readonly embeddings: TransformerEmbeddings;
  readonly encoder: BertEncoder;
  readonly pooler: Pooler | undefined;

  constructor(readonly config: BertConfig, rng: Rng, { addPoolingLayer = true }: { addPoolingLayer?: boolean } = {}) {
    super();
    this.embeddings = this.child(
      'embeddings',
      new TransformerEmbeddings(
        {
          vocabSize: config.vocabSize, embeddingSize: config.hiddenSize, maxPositionEmbeddings: config.maxPositionEmbeddings, typeVocabSize: config.typeVocabSize,
          names: embeddingNames.bert, layerNormEps: config.layerNormEps, dropout: config.hiddenDropoutProb, initializerRange: config.initializerRange, padTokenId: config.padTokenId,
        },
        rng,
      ),
    );
    this.encoder = this.child('encoder', new BertEncoder(config, rng));
    this.pooler = addPoolingLayer ? this.child('pooler', new Pooler(config.hiddenSize, rng, config.initializerRange)) : undefined;
  }

  /** Runs inside the caller's tidy or its own; returned tensors belong to the caller. */
  forward(inputs: BertInputs, options: BertForwardOptions = {}): BertModelOutputs {
    const { inputIds, attentionMask, tokenTypeIds, positionIds } = inputs;
    if (inputIds.rank !== 2) throw new Error(`BertModel: inputIds must be [batch, length], received [${inputIds.shape.join(', ')}]`);
    const { outputHiddenStates = false, outputAttentions = false, rng } = options;
    return tf.tidy(() => {
      let hidden = this.embeddings.forward({ inputIds, tokenTypeIds, positionIds }, { rng }).output; // [B, L, H]
      const hiddenStates: Tensor[] = [hidden];
      const attentions: Tensor[] = [];
      for (const layer of this.encoder.layers) {
        const result = layer.forward(hidden, { attentionMask, outputAttentions, rng });
        hidden = result.hidden;
        hiddenStates.push(hidden);
        if (result.attentions) attentions.push(result.attentions);
      }
      const outputs: BertModelOutputs = { lastHiddenState: hidden };
      if (this.pooler) outputs.poolerOutput = this.pooler.forward(hidden);
      if (outputHiddenStates) outputs.hiddenStates = hiddenStates;
      if (outputAttentions) outputs.attentions = attentions;
      return outputs as unknown as tf.TensorContainer;
    }) as unknown as BertModelOutputs;
  }
}
