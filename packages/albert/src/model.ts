import { init, Module, tf, type Rng, type Tensor } from '@pretrain/core';
import { embeddingNames, layerNames, Linear, poolFirstToken, TransformerEmbeddings, TransformerLayer, type AttentionOptions, type LayerOutputs, type TransformerLayerConfig } from '@pretrain/blocks';
import type { AlbertConfig } from './config.js';
import { PartlySharedLayer } from './shared_layer.js';

export interface AlbertInputs {
  /** int32 `[batch, length]`. */
  inputIds: Tensor;
  /** `[batch, length]`, 1 for tokens, 0 for padding; default all ones. */
  attentionMask?: Tensor;
  /** int32 `[batch, length]`, segment A 0 / B 1; default zeros. */
  tokenTypeIds?: Tensor;
  /** int32 `[batch, length]`; default `0..length-1`. */
  positionIds?: Tensor;
}

export interface AlbertForwardOptions {
  /** Also return the embedding output (before and after the projection) and every layer's output. */
  outputHiddenStates?: boolean;
  /** Also return every inner layer's attention probabilities. */
  outputAttentions?: boolean;
  /** Drives dropout in training mode. */
  rng?: Rng;
}

/** A type alias so it can be returned from `tf.tidy`. */
export type AlbertModelOutputs = {
  /** `[batch, length, hidden]`. */
  lastHiddenState: Tensor;
  /** `tanh(pooler(h[:, 0]))`, `[batch, hidden]`; absent without a pooler. */
  poolerOutput?: Tensor;
  /** `[batch, length, embeddingSize]`: the embeddings before `embedding_hidden_mapping_in` (with `outputHiddenStates`). */
  embeddingOutput?: Tensor;
  /** numHiddenLayers + 1 tensors `[batch, length, hidden]`: the projected embeddings, then the output of each group application. */
  hiddenStates?: Tensor[];
  /** numHiddenLayers · innerGroupNum tensors `[batch, heads, length, length]`. */
  attentions?: Tensor[];
};

/** What a group runs: Hugging Face's shared `TransformerLayer`, or the ablation's partly shared layer. */
interface AlbertLayer extends Module {
  forward(hidden: Tensor, options: AttentionOptions): LayerOutputs;
}

/** `albert_layers.0 … albert_layers.{innerGroupNum-1}`, run in order. */
export class AlbertLayerGroup extends Module {
  readonly layers: AlbertLayer[];

  constructor(layers: AlbertLayer[]) {
    super();
    this.layers = this.childList('albert_layers', layers);
  }
}

function layerConfig(config: AlbertConfig): TransformerLayerConfig {
  return {
    hiddenSize: config.hiddenSize, numHeads: config.numAttentionHeads, intermediateSize: config.intermediateSize, activation: config.hiddenAct,
    layerNormEps: config.layerNormEps, normFirst: false, names: layerNames.albert, hiddenDropout: config.hiddenDropoutProb,
    // Hugging Face's AlbertLayer applies no dropout to the feed-forward output (its `dropout` module is unused).
    feedForwardDropout: 0,
    attentionDropout: config.attentionProbsDropoutProb, initializerRange: config.initializerRange,
  };
}

/** Hugging Face's layout (`numHiddenGroups` × `innerGroupNum` distinct layers), or one group per layer sharing one part (the ablation). */
function buildGroups(config: AlbertConfig, rng: Rng): AlbertLayerGroup[] {
  const layer = layerConfig(config);
  const parts = config.sharedLayerParts;
  if (parts === null) {
    return Array.from({ length: config.numHiddenGroups }, () => new AlbertLayerGroup(Array.from({ length: config.innerGroupNum }, () => new TransformerLayer(layer, rng))));
  }
  const first = new PartlySharedLayer(layer, rng);
  const shared = first.part(parts);
  return Array.from({ length: config.numHiddenLayers }, (_, index) => new AlbertLayerGroup([index === 0 ? first : new PartlySharedLayer(layer, rng, shared)]));
}

/** `encoder`: the embedding → hidden projection and the layer groups, applied `numHiddenLayers` times. */
export class AlbertTransformer extends Module {
  readonly embeddingHiddenMappingIn: Linear;
  readonly groups: AlbertLayerGroup[];

  constructor(readonly config: AlbertConfig, projection: Linear, rng: Rng) {
    super();
    this.embeddingHiddenMappingIn = this.child('embedding_hidden_mapping_in', projection);
    this.groups = this.childList('albert_layer_groups', buildGroups(config, rng));
  }

  /** The group layer `index` (0-based) applies: `⌊index / (numHiddenLayers / numHiddenGroups)⌋`, as Hugging Face computes it. */
  groupOf(index: number): AlbertLayerGroup {
    const { numHiddenLayers, numHiddenGroups } = this.config;
    const groups = this.config.sharedLayerParts === null ? numHiddenGroups : numHiddenLayers;
    return this.groups[Math.floor(index / (numHiddenLayers / groups))]!;
  }
}

/** Hugging Face's `AlbertModel`: factorised embeddings (V·E + E·H), a post-LN encoder whose layers are shared by groups, a tanh pooler. */
export class AlbertModel extends Module {
  readonly embeddings: TransformerEmbeddings;
  readonly encoder: AlbertTransformer;
  readonly pooler: Linear | undefined;

  constructor(readonly config: AlbertConfig, rng: Rng, { addPoolingLayer = true }: { addPoolingLayer?: boolean } = {}) {
    super();
    const weightInit = init.normal(config.initializerRange);
    const projection = new Linear(config.embeddingSize, config.hiddenSize, rng, { weightInit });
    this.embeddings = this.child(
      'embeddings',
      new TransformerEmbeddings(
        {
          vocabSize: config.vocabSize, embeddingSize: config.embeddingSize, maxPositionEmbeddings: config.maxPositionEmbeddings, typeVocabSize: config.typeVocabSize,
          names: embeddingNames.bert, layerNormEps: config.layerNormEps, dropout: config.hiddenDropoutProb, initializerRange: config.initializerRange, padTokenId: config.padTokenId, projection,
        },
        rng,
      ),
    );
    this.encoder = this.child('encoder', new AlbertTransformer(config, projection, rng));
    this.pooler = addPoolingLayer ? this.child('pooler', new Linear(config.hiddenSize, config.hiddenSize, rng, { weightInit })) : undefined;
  }

  /** Runs inside the caller's tidy or its own; returned tensors belong to the caller. */
  forward(inputs: AlbertInputs, options: AlbertForwardOptions = {}): AlbertModelOutputs {
    const { inputIds, attentionMask, tokenTypeIds, positionIds } = inputs;
    if (inputIds.rank !== 2) throw new Error(`AlbertModel: inputIds must be [batch, length], received [${inputIds.shape.join(', ')}]`);
    const { outputHiddenStates = false, outputAttentions = false, rng } = options;
    return tf.tidy(() => {
      const embedded = this.embeddings.forward({ inputIds, tokenTypeIds, positionIds }, { rng });
      let hidden = embedded.output; // [B, L, E] -> [B, L, H]
      const hiddenStates: Tensor[] = [hidden];
      const attentions: Tensor[] = [];
      for (let index = 0; index < this.config.numHiddenLayers; index++) {
        for (const layer of this.encoder.groupOf(index).layers) {
          const result = layer.forward(hidden, { attentionMask, outputAttentions, rng });
          hidden = result.hidden;
          if (result.attentions) attentions.push(result.attentions);
        }
        hiddenStates.push(hidden);
      }
      const outputs: AlbertModelOutputs = { lastHiddenState: hidden };
      if (this.pooler) outputs.poolerOutput = poolFirstToken(hidden, this.pooler);
      if (outputHiddenStates) {
        outputs.embeddingOutput = embedded.embeddingOutput;
        outputs.hiddenStates = hiddenStates;
      }
      if (outputAttentions) outputs.attentions = attentions;
      return outputs;
    });
  }
}
