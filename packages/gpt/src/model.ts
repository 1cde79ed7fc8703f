import { Module, tf, type LayerPast, type Rng, type Tensor } from '@pretrain/core';
import { Dropout, Embedding, expandAttentionTypes, LayerNorm, localWindowFor, TransformerLayer, layerNames, type TransformerLayerConfig } from '@pretrain/blocks';
import { GPT2Config, innerSize, OpenAIGPTConfig } from './config.js';
import { decodeOneToken, supportsOneTokenStep } from './decode_step.js';
import { layerNormValue } from './inference_kernels.js';

export interface GPTInputs {
  /** int32 `[batch, length]`. */
  inputIds: Tensor;
  /** `[batch, pastLength + length]`, 1 for tokens, 0 for padding; default all ones. */
  attentionMask?: Tensor;
  /** int32 `[batch, length]`, looked up in the token table as Hugging Face does; default none. */
  tokenTypeIds?: Tensor;
  /** int32 `[batch, length]`; default `pastLength + 0..length-1`. */
  positionIds?: Tensor;
  /** One entry per layer from an earlier call (`[batch, heads, past, headSize]`). */
  pastKeyValues?: readonly LayerPast[];
}

export interface GPTForwardOptions {
  /** Return `pastKeyValues` (default true, as Hugging Face's `use_cache`). */
  useCache?: boolean;
  /** Also return the embedding output and every layer's output. */
  outputHiddenStates?: boolean;
  /** Also return every layer's attention probabilities. */
  outputAttentions?: boolean;
  /** Drives dropout in training mode. */
  rng?: Rng;
}

/** Core's `LayerPast`, spelled as a type alias so outputs are `tf.TensorContainer`s. */
export type KeyValue = { key: Tensor; value: Tensor };

/** A type alias so it can be returned from `tf.tidy`. */
export type GPTModelOutputs = {
  /** `[batch, length, nEmbd]` (after `ln_f` in GPT-2). */
  lastHiddenState: Tensor;
  /** Past plus this call's keys and values, one per layer; empty with `useCache: false`. */
  pastKeyValues: KeyValue[];
  /** nLayer + 1 tensors: the embeddings, then each layer (GPT-2's last one after `ln_f`, as Hugging Face). */
  hiddenStates?: Tensor[];
  /** nLayer tensors `[batch, heads, length, pastLength + length]`. */
  attentions?: Tensor[];
};

/** What distinguishes GPT-1 from GPT-2 in the shared decoder. */
interface DecoderSpec {
  names: { word: string; position: string };
  /** Pre-LN with a final `ln_f` (GPT-2), or post-LN without (GPT-1). */
  normFirst: boolean;
  layer: (layerIndex: number) => TransformerLayerConfig;
}

/** The causal decoder both families share: token + position tables, dropout, `h.N`, and GPT-2's `ln_f`. */
export abstract class GPTDecoder<C extends GPT2Config | OpenAIGPTConfig = GPT2Config | OpenAIGPTConfig> extends Module {
  readonly tokenEmbedding: Embedding;
  readonly positionEmbedding: Embedding;
  readonly layers: TransformerLayer[];
  readonly finalNorm: LayerNorm | undefined;
  private readonly dropout: Dropout;
  private currentConfig: C;

  protected constructor(config: C, spec: DecoderSpec, rng: Rng) {
    super();
    this.currentConfig = config;
    const weightInit = (shape: number[], random: Rng) => random.normalTensor(shape, 0, config.initializerRange);
    this.tokenEmbedding = this.child(spec.names.word, new Embedding(config.vocabSize, config.nEmbd, rng, { weightInit }));
    this.positionEmbedding = this.child(spec.names.position, new Embedding(config.nPositions, config.nEmbd, rng, { weightInit }));
    this.dropout = this.child('drop', new Dropout(config.embdPdrop));
    this.layers = this.childList('h', Array.from({ length: config.nLayer }, (_, index) => new TransformerLayer(spec.layer(index), rng)));
    this.finalNorm = spec.normFirst ? this.child('ln_f', new LayerNorm(config.nEmbd, config.layerNormEpsilon, rng)) : undefined;
  }

  /** The config; `vocabSize` follows `resizeTokenEmbeddings`. */
  get config(): C {
    return this.currentConfig;
  }

  /**
   * Changes the vocabulary size (GPT-1 transfer adds start, delimiter and
   * extract tokens): the first rows are kept, new ones drawn from `rng` with
   * std `initializer_range`; tied LM heads follow, and `config.vocabSize` too.
   */
  resizeTokenEmbeddings(vocabSize: number, rng: Rng): void {
    this.tokenEmbedding.resize(vocabSize, rng);
    const config = this.currentConfig;
    this.currentConfig = ('nInner' in config ? GPT2Config.with(config, { vocabSize }) : OpenAIGPTConfig.with(config as OpenAIGPTConfig, { vocabSize })) as C;
  }

  /** Runs inside the caller's tidy or its own; returned tensors belong to the caller. */
  forward(inputs: GPTInputs, options: GPTForwardOptions = {}): GPTModelOutputs {
    const { inputIds, attentionMask, tokenTypeIds, positionIds, pastKeyValues } = inputs;
    if (inputIds.rank !== 2) throw new Error(`${this.constructor.name}: inputIds must be [batch, length], received [${inputIds.shape.join(', ')}]`);
    if (pastKeyValues && pastKeyValues.length !== this.layers.length) throw new Error(`${this.constructor.name}: pastKeyValues has ${pastKeyValues.length} entries, the model ${this.layers.length} layers`);
    const [batch, length] = inputIds.shape as [number, number];
    const pastLength = pastKeyValues?.[0]?.key.shape[2] ?? 0;
    if (!positionIds && pastLength + length > this.config.nPositions) throw new Error(`${this.constructor.name}: ${pastLength + length} positions exceed n_positions ${this.config.nPositions}`);
    const { useCache = true, outputHiddenStates = false, outputAttentions = false, rng } = options;
    return tf.tidy(() => {
      const positions = positionIds ?? tf.tile(tf.expandDims(tf.range(pastLength, pastLength + length, 1, 'int32'), 0), [batch, 1]);
      let hidden = tf.add(this.tokenEmbedding.forward(inputIds), this.positionEmbedding.forward(positions)); // [B, T, C]
      if (tokenTypeIds) hidden = tf.add(hidden, this.tokenEmbedding.forward(tokenTypeIds));
      hidden = this.dropout.forward(hidden, { rng });
      if (length === 1 && !outputHiddenStates && !outputAttentions && this.oneTokenStepApplies()) {
        // Cached decoding's step: the same arithmetic in about half the kernels (decode_step.ts).
        const step = decodeOneToken(this.layers, { hidden, attentionMask, pastKeyValues, pastLength });
        const outputs: GPTModelOutputs = { lastHiddenState: this.finalNorm ? layerNormValue(this.finalNorm, step.hidden) : step.hidden, pastKeyValues: useCache ? step.presents : [] };
        return outputs;
      }
      const hiddenStates: Tensor[] = [hidden];
      const attentions: Tensor[] = [];
      const presents: KeyValue[] = [];
      this.layers.forEach((layer, index) => {
        const result = layer.forward(hidden, { attentionMask, pastKeyValue: pastKeyValues?.[index], useCache, outputAttentions, rng });
        hidden = result.hidden;
        hiddenStates.push(hidden);
        if (result.present) presents.push(result.present);
        if (result.attentions) attentions.push(result.attentions);
      });
      if (this.finalNorm) {
        hidden = this.finalNorm.forward(hidden);
        hiddenStates[hiddenStates.length - 1] = hidden; // Hugging Face replaces the last entry by the normed one
      }
      const outputs: GPTModelOutputs = { lastHiddenState: hidden, pastKeyValues: presents };
      if (outputHiddenStates) outputs.hiddenStates = hiddenStates;
      if (outputAttentions) outputs.attentions = attentions;
      return outputs;
    });
  }

  /** No dropout would act (eval mode, or every rate 0) and every layer has GPT's fused attention projection. */
  private oneTokenStepApplies(): boolean {
    const { embdPdrop, residPdrop, attnPdrop } = this.config;
    const dropoutActs = [this, ...this.layers].some((module) => module.training) && (embdPdrop > 0 || residPdrop > 0 || attnPdrop > 0);
    return !dropoutActs && supportsOneTokenStep(this.layers);
  }
}

/** Hugging Face's `GPT2Model`: pre-LN causal decoder with Conv1D projections and a final `ln_f`. */
export class GPT2Model extends GPTDecoder<GPT2Config> {
  constructor(config: GPT2Config, rng: Rng) {
    const kinds = config.attentionTypes ? expandAttentionTypes(config.attentionTypes, config.nLayer) : undefined;
    super(
      config,
      {
        names: { word: 'wte', position: 'wpe' },
        normFirst: true,
        layer: (layerIndex) => ({
          ...sharedLayerConfig(config),
          activation: config.activationFunction,
          normFirst: true,
          scaleAttnWeights: config.scaleAttnWeights,
          scaleAttnByInverseLayerIdx: config.scaleAttnByInverseLayerIdx,
          layerIndex,
          localWindow: kinds ? localWindowFor(kinds[layerIndex]!, config.windowSize ?? 0) : undefined,
        }),
      },
      rng,
    );
    scaleResidualProjections(this, rng);
  }

  get wte(): Embedding {
    return this.tokenEmbedding;
  }
}

/** Hugging Face's `OpenAIGPTModel` (GPT-1): post-LN causal decoder, no final LayerNorm. */
export class OpenAIGPTModel extends GPTDecoder<OpenAIGPTConfig> {
  constructor(config: OpenAIGPTConfig, rng: Rng) {
    super(
      config,
      {
        names: { word: 'tokens_embed', position: 'positions_embed' },
        normFirst: false,
        layer: () => ({ ...sharedLayerConfig(config), activation: config.afn, activationFamily: 'openai-gpt', normFirst: false }),
      },
      rng,
    );
  }
}

function sharedLayerConfig(config: GPT2Config | OpenAIGPTConfig) {
  return {
    hiddenSize: config.nEmbd, numHeads: config.nHead, intermediateSize: innerSize(config), layerNormEps: config.layerNormEpsilon, causal: true,
    names: layerNames.gpt2, projection: 'conv1d' as const, hiddenDropout: config.residPdrop, attentionDropout: config.attnPdrop, initializerRange: config.initializerRange,
  };
}

/**
 * GPT-2's published initialisation (Radford et al. 2019, §2.3): the weights of
 * the projections that write into the residual stream (`attn.c_proj`,
 * `mlp.c_proj`) are drawn with std `initializer_range / √(2·n_layer)`.
 */
function scaleResidualProjections(model: GPT2Model, rng: Rng): void {
  const std = model.config.initializerRange / Math.sqrt(2 * model.config.nLayer);
  for (const layer of model.layers) {
    for (const projection of [layer.attention.outputProjection, layer.feedForward.output]) {
      const value = rng.normalTensor(projection.weight.shape, 0, std);
      projection.weight.assign(value);
      value.dispose();
    }
  }
}
