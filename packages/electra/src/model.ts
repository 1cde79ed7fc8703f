import { init, Module, tf, type Rng, type Tensor } from '@pretrain/core';
import { embeddingNames, layerNames, Linear, TransformerEmbeddings, TransformerLayer } from '@pretrain/blocks';
import type { ElectraConfig } from './config.js';

export interface ElectraInputs {
  /** int32 `[batch, length]`. */
  inputIds: Tensor;
  /** `[batch, length]`, 1 for tokens, 0 for padding; default all ones. */
  attentionMask?: Tensor;
  /** int32 `[batch, length]`; default zeros. */
  tokenTypeIds?: Tensor;
  /** int32 `[batch, length]`; default `0..length-1`. */
  positionIds?: Tensor;
}

export interface ElectraForwardOptions {
  /** Also return the embedding output (before and after `embeddings_project`) and every layer's output. */
  outputHiddenStates?: boolean;
  /** Also return every layer's attention probabilities. */
  outputAttentions?: boolean;
  /** Drives dropout in training mode. */
  rng?: Rng;
}

/** A type alias so it can be returned from `tf.tidy`. */
export type ElectraModelOutputs = {
  /** `[batch, length, hidden]`. */
  lastHiddenState: Tensor;
  /** `[batch, length, embeddingSize]`: the embeddings before `embeddings_project` (with `outputHiddenStates`). */
  embeddingOutput?: Tensor;
  /** numHiddenLayers + 1 tensors `[batch, length, hidden]`: the (projected) embeddings, then each layer. */
  hiddenStates?: Tensor[];
  /** numHiddenLayers tensors `[batch, heads, length, length]`. */
  attentions?: Tensor[];
};

/** The encoder's layers at `encoder.layer.N` (BERT's layer names). */
export class ElectraEncoder extends Module {
  readonly layers: TransformerLayer[];

  constructor(config: ElectraConfig, rng: Rng) {
    super();
    const layerConfig = {
      hiddenSize: config.hiddenSize, numHeads: config.numAttentionHeads, intermediateSize: config.intermediateSize, activation: config.hiddenAct,
      layerNormEps: config.layerNormEps, normFirst: false, names: layerNames.bert, hiddenDropout: config.hiddenDropoutProb,
      attentionDropout: config.attentionProbsDropoutProb, initializerRange: config.initializerRange,
    };
    this.layers = this.childList('layer', Array.from({ length: config.numHiddenLayers }, () => new TransformerLayer(layerConfig, rng)));
  }
}

/** The embedding block of `config` (token, position, token type, LayerNorm; width `embeddingSize`). */
export function electraEmbeddings(config: ElectraConfig, rng: Rng): TransformerEmbeddings {
  return new TransformerEmbeddings(
    {
      vocabSize: config.vocabSize, embeddingSize: config.embeddingSize, maxPositionEmbeddings: config.maxPositionEmbeddings, typeVocabSize: config.typeVocabSize,
      names: embeddingNames.bert, layerNormEps: config.layerNormEps, dropout: config.hiddenDropoutProb, initializerRange: config.initializerRange, padTokenId: config.padTokenId,
    },
    rng,
  );
}

function checkSharedEmbeddings(config: ElectraConfig, embeddings: TransformerEmbeddings): void {
  const own = embeddings.config;
  const mismatch = (['vocabSize', 'embeddingSize', 'maxPositionEmbeddings', 'typeVocabSize'] as const).find((field) => (own[field] ?? 0) !== config[field]);
  if (mismatch) throw new Error(`ElectraModel: shared embeddings have ${mismatch} ${own[mismatch]}, the config ${config[mismatch]}`);
}

export interface ElectraModelOptions {
  /**
   * An embedding block to share (the generator and the discriminator of one
   * pretraining run): the same module is registered here, so its tables are one
   * set of parameters. Default: a new one.
   */
  embeddings?: TransformerEmbeddings;
}

/**
 * Hugging Face's `ElectraModel`: BERT-style embeddings of width E, a projection
 * `embeddings_project` (E → H) when E ≠ H, a post-LN encoder; no pooler.
 */
export class ElectraModel extends Module {
  readonly embeddings: TransformerEmbeddings;
  readonly embeddingsProject: Linear | undefined;
  readonly encoder: ElectraEncoder;

  constructor(readonly config: ElectraConfig, rng: Rng, { embeddings }: ElectraModelOptions = {}) {
    super();
    if (embeddings) checkSharedEmbeddings(config, embeddings);
    this.embeddings = this.child('embeddings', embeddings ?? electraEmbeddings(config, rng));
    this.embeddingsProject =
      config.embeddingSize === config.hiddenSize ? undefined : this.child('embeddings_project', new Linear(config.embeddingSize, config.hiddenSize, rng, { weightInit: init.normal(config.initializerRange) }));
    this.encoder = this.child('encoder', new ElectraEncoder(config, rng));
  }

  /** Runs inside the caller's tidy or its own; returned tensors belong to the caller. */
  forward(inputs: ElectraInputs, options: ElectraForwardOptions = {}): ElectraModelOutputs {
    const { inputIds, attentionMask, tokenTypeIds, positionIds } = inputs;
    if (inputIds.rank !== 2) throw new Error(`ElectraModel: inputIds must be [batch, length], received [${inputIds.shape.join(', ')}]`);
    const { outputHiddenStates = false, outputAttentions = false, rng } = options;
    return tf.tidy(() => {
      const embeddingOutput = this.embeddings.forward({ inputIds, tokenTypeIds, positionIds }, { rng }).embeddingOutput; // [B, L, E]
      let hidden = this.embeddingsProject ? this.embeddingsProject.forward(embeddingOutput) : embeddingOutput; // [B, L, H]
      const hiddenStates: Tensor[] = [hidden];
      const attentions: Tensor[] = [];
      for (const layer of this.encoder.layers) {
        const result = layer.forward(hidden, { attentionMask, outputAttentions, rng });
        hidden = result.hidden;
        hiddenStates.push(hidden);
        if (result.attentions) attentions.push(result.attentions);
      }
      const outputs: ElectraModelOutputs = { lastHiddenState: hidden };
      if (outputHiddenStates) {
        outputs.embeddingOutput = embeddingOutput;
        outputs.hiddenStates = hiddenStates;
      }
      if (outputAttentions) outputs.attentions = attentions;
      return outputs;
    });
  }
}
