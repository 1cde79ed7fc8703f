import { Module, tf, type CausalLM, type Rng, type Tensor } from '@pretrain/core';
import { ClassifierHead, gatherPerExample, lastTokenIndices, LMHead, lmHeadNames, ModuleScopes, SequenceSummary } from '@pretrain/blocks';
import { numLabels, type GPT2Config, type OpenAIGPTConfig } from './config.js';
import { GPT2Model, OpenAIGPTModel, type GPTDecoder, type GPTForwardOptions, type GPTInputs, type GPTModelOutputs } from './model.js';

/** A type alias so it can be returned from `tf.tidy`. */
export type GPTLMHeadOutputs = GPTModelOutputs & {
  /** `[batch, length, vocab]`. */
  logits: Tensor;
};

/** A head model: the decoder at `transformer` (Hugging Face's `base_model_prefix`). */
abstract class GPTWithHead<D extends GPTDecoder> extends Module {
  readonly transformer: D;
  protected readonly scopes = new ModuleScopes(this);

  protected constructor(transformer: D) {
    super();
    this.transformer = this.child('transformer', transformer);
  }

  get config(): D['config'] {
    return this.transformer.config;
  }
}

/**
 * The causal-LM head shared by both families: logits `h · Eᵀ` with `E` the
 * token table (tied, read at call time so it follows `Embedding.resize`).
 * Hugging Face stores no `lm_head.weight` for tied models; the checkpoint
 * conventions drop it when an older file has it.
 */
abstract class LMHeadModel<D extends GPTDecoder> extends GPTWithHead<D> implements CausalLM {
  readonly lmHead: LMHead;

  protected constructor(transformer: D, rng: Rng) {
    super(transformer);
    this.lmHead = new LMHead({ hiddenSize: transformer.config.nEmbd, names: lmHeadNames.gpt2 }, transformer.tokenEmbedding, rng, this.scopes);
  }

  /** Core's `CausalLM`: `@pretrain/generate` drives it. Never computes a loss (see `causalLMLoss`). */
  forward(inputs: GPTInputs, options: GPTForwardOptions = {}): GPTLMHeadOutputs {
    return tf.tidy(() => {
      const base = this.transformer.forward(inputs, options);
      const outputs: GPTLMHeadOutputs = { ...base, logits: this.lmHead.forward(base.lastHiddenState) };
      return outputs;
    });
  }
}

/** Hugging Face's `GPT2LMHeadModel`. */
export class GPT2LMHeadModel extends LMHeadModel<GPT2Model> {
  constructor(config: GPT2Config, rng: Rng) {
    super(new GPT2Model(config, rng), rng);
  }
}

/** Hugging Face's `OpenAIGPTLMHeadModel` (GPT-1). */
export class OpenAIGPTLMHeadModel extends LMHeadModel<OpenAIGPTModel> {
  constructor(config: OpenAIGPTConfig, rng: Rng) {
    super(new OpenAIGPTModel(config, rng), rng);
  }
}

export interface DoubleHeadsInputs {
  /** int32 `[batch, numChoices, length]`: one sequence per option. */
  inputIds: Tensor;
  /** `[batch, numChoices, length]`. */
  attentionMask?: Tensor;
  tokenTypeIds?: Tensor;
  positionIds?: Tensor;
  /** int32 `[batch, numChoices]`: the index of each sequence's classification (extract) token; default the last. */
  mcTokenIds?: Tensor;
}

/** A type alias so it can be returned from `tf.tidy`. */
export type DoubleHeadsOutputs = {
  /** `[batch, numChoices, length, vocab]`. */
  logits: Tensor;
  /** `[batch, numChoices]`. */
  mcLogits: Tensor;
  /** `[batch · numChoices, length, nEmbd]`. */
  lastHiddenState: Tensor;
  hiddenStates?: Tensor[];
  attentions?: Tensor[];
};

/** `[B, C, L]` → `[B·C, L]`; undefined stays undefined. */
function flattenChoices(tensor: Tensor | undefined): Tensor | undefined {
  return tensor && tf.reshape(tensor, [-1, tensor.shape[tensor.rank - 1]!]);
}

/**
 * The double-heads model of both families: the LM head and a multiple-choice
 * head (`multiple_choice_head`, Hugging Face's `SequenceSummary` with one
 * output) on each option's extract token. GPT-1's transfer setting.
 */
abstract class DoubleHeadsModel<D extends GPTDecoder> extends LMHeadModel<D> {
  readonly multipleChoiceHead: SequenceSummary;

  protected constructor(transformer: D, rng: Rng) {
    super(transformer, rng);
    const { config } = transformer;
    this.multipleChoiceHead = this.child(
      'multiple_choice_head',
      new SequenceSummary(
        {
          hiddenSize: config.nEmbd, numLabels: 1, summaryType: config.summaryType, summaryUseProj: config.summaryUseProj, summaryProjToLabels: config.summaryProjToLabels,
          summaryActivation: config.summaryActivation, summaryFirstDropout: config.summaryFirstDropout, initializerRange: config.initializerRange,
        },
        rng,
      ),
    );
  }

  /** Never computes a loss (see `doubleHeadsLoss`). */
  forwardChoices(inputs: DoubleHeadsInputs, options: GPTForwardOptions = {}): DoubleHeadsOutputs {
    const { inputIds, mcTokenIds } = inputs;
    if (inputIds.rank !== 3) throw new Error(`${this.constructor.name}: inputIds must be [batch, numChoices, length], received [${inputIds.shape.join(', ')}]`);
    const [batch, numChoices, length] = inputIds.shape as [number, number, number];
    return tf.tidy(() => {
      const flat = { inputIds: flattenChoices(inputIds)!, attentionMask: flattenChoices(inputs.attentionMask), tokenTypeIds: flattenChoices(inputs.tokenTypeIds), positionIds: flattenChoices(inputs.positionIds) };
      const { lastHiddenState, hiddenStates, attentions } = this.transformer.forward(flat, { ...options, useCache: false });
      const logits = tf.reshape(this.lmHead.forward(lastHiddenState), [batch, numChoices, length, -1]);
      const clsIndex = mcTokenIds ? tf.reshape(mcTokenIds, [-1]) : undefined;
      const mcLogits = tf.reshape(this.multipleChoiceHead.forward(lastHiddenState, { clsIndex, rng: options.rng }), [batch, numChoices]);
      const outputs: DoubleHeadsOutputs = { logits, mcLogits, lastHiddenState };
      if (hiddenStates) outputs.hiddenStates = hiddenStates;
      if (attentions) outputs.attentions = attentions;
      return outputs;
    });
  }
}

/** Hugging Face's `GPT2DoubleHeadsModel`. `forward` is the causal LM on `[batch, length]`; `forwardChoices` runs both heads. */
export class GPT2DoubleHeadsModel extends DoubleHeadsModel<GPT2Model> {
  constructor(config: GPT2Config, rng: Rng) {
    super(new GPT2Model(config, rng), rng);
  }
}

/** Hugging Face's `OpenAIGPTDoubleHeadsModel`. */
export class OpenAIGPTDoubleHeadsModel extends DoubleHeadsModel<OpenAIGPTModel> {
  constructor(config: OpenAIGPTConfig, rng: Rng) {
    super(new OpenAIGPTModel(config, rng), rng);
  }
}

/** A type alias so it can be returned from `tf.tidy`. */
export type SequenceClassificationOutputs = GPTModelOutputs & {
  /** `[batch, numLabels]`: the score of each row's last token before padding. */
  logits: Tensor;
};

/**
 * Hugging Face's `GPT2ForSequenceClassification` / `OpenAIGPTForSequenceClassification`:
 * `score` (no bias) on the last token before the first `pad_token_id` of each
 * row. Without a pad token only batches of one row are accepted, as in Hugging Face.
 */
abstract class SequenceClassificationModel<D extends GPTDecoder> extends GPTWithHead<D> {
  readonly score: ClassifierHead;

  protected constructor(transformer: D, rng: Rng) {
    super(transformer);
    const { config } = transformer;
    this.score = new ClassifierHead({ hiddenSize: config.nEmbd, numLabels: numLabels(config), name: 'score', bias: false, initializerRange: config.initializerRange }, rng, this.scopes);
  }

  /** Never computes a loss (see `sequenceClassificationLoss`). */
  forward(inputs: GPTInputs, options: GPTForwardOptions = {}): SequenceClassificationOutputs {
    const { padTokenId } = this.config;
    const [batch, length] = inputs.inputIds.shape as [number, number];
    if (padTokenId === null && batch !== 1) throw new Error(`${this.constructor.name}: batches of ${batch} rows need config.padTokenId (pad_token_id) to find each row's last token`);
    return tf.tidy(() => {
      const base = this.transformer.forward(inputs, options);
      const last = padTokenId === null ? tf.fill([batch], length - 1, 'int32') : lastTokenIndices(inputs.inputIds, padTokenId);
      const pooled = gatherPerExample(base.lastHiddenState, last); // [B, L, C] → [B, C]
      const outputs: SequenceClassificationOutputs = { ...base, logits: this.score.forward(pooled, { rng: options.rng }) };
      return outputs;
    });
  }
}

/** Hugging Face's `GPT2ForSequenceClassification`. */
export class GPT2ForSequenceClassification extends SequenceClassificationModel<GPT2Model> {
  constructor(config: GPT2Config, rng: Rng) {
    super(new GPT2Model(config, rng), rng);
  }
}

/** Hugging Face's `OpenAIGPTForSequenceClassification` (GPT-1's decoder, the same `score` head). */
export class OpenAIGPTForSequenceClassification extends SequenceClassificationModel<OpenAIGPTModel> {
  constructor(config: OpenAIGPTConfig, rng: Rng) {
    super(new OpenAIGPTModel(config, rng), rng);
  }
}
