import { any, boolean, checkHeadsDivide, ConfigError, defineConfig, integer, labelFields, modelConfig, number, string, type Config, type ConfigDefinition, type LabelFields } from '@pretrain/core';
import { expandAttentionTypes } from '@pretrain/blocks';

/** GPT-Neo's spelling of a per-layer attention pattern: `[[["global", "local"], 12]]` (the list repeated 12 times). */
export type AttentionTypes = Array<[string[], number]>;

/** Fields GPT-1 and GPT-2 share, Hugging Face's names camelCased. */
export interface GPTCommonFields extends LabelFields {
  vocabSize: number;
  nPositions: number;
  nEmbd: number;
  nLayer: number;
  nHead: number;
  residPdrop: number;
  embdPdrop: number;
  attnPdrop: number;
  layerNormEpsilon: number;
  initializerRange: number;
  /** `SequenceSummary` of the double-heads models. */
  summaryType: 'last' | 'first' | 'mean' | 'cls_index';
  summaryUseProj: boolean;
  summaryActivation: string | null;
  summaryProjToLabels: boolean;
  summaryFirstDropout: number;
  /** Sequence classification: the token that marks padding (the last token before it is classified). */
  padTokenId: number | null;
}

/** Hugging Face's `GPT2Config`, plus GPT-Neo's `attention_types` / `window_size` for GPT-3's alternating dense and banded layers. */
export interface GPT2ConfigFields extends GPTCommonFields {
  /** Feed-forward width; `null` means 4·nEmbd. */
  nInner: number | null;
  activationFunction: string;
  /** Divide attention scores by √(head size); `false` leaves them unscaled. */
  scaleAttnWeights: boolean;
  /** Also divide layer i's scores by i + 1 (Mistral's stabilised GPT-2). */
  scaleAttnByInverseLayerIdx: boolean;
  /** Numerics only (fp16 → fp32 upcast of the scores); the float32 result is the same, so it is accepted and ignored. */
  reorderAndUpcastAttn: boolean;
  useCache: boolean;
  bosTokenId: number;
  eosTokenId: number;
  /** Absent: every layer dense. */
  attentionTypes?: AttentionTypes;
  /** Width of the locally banded layers (needed with `attentionTypes` that name `local`). */
  windowSize?: number;
}

/** Hugging Face's `OpenAIGPTConfig` (GPT-1). */
export interface OpenAIGPTConfigFields extends GPTCommonFields {
  /** `gelu` is the tanh approximation in GPT-1's modeling file. */
  afn: string;
}

export type GPT2Config = Config<GPT2ConfigFields>;
export type OpenAIGPTConfig = Config<OpenAIGPTConfigFields>;

const dropout = (value: number) => number({ default: value, min: 0, max: 0.999 });

function commonFields(defaults: { vocabSize: number; nPositions: number }) {
  return {
    vocabSize: integer({ default: defaults.vocabSize, min: 1 }),
    nPositions: integer({ default: defaults.nPositions, min: 1 }),
    nEmbd: integer({ default: 768, min: 1 }),
    nLayer: integer({ default: 12, min: 0 }),
    nHead: integer({ default: 12, min: 1 }),
    residPdrop: dropout(0.1),
    embdPdrop: dropout(0.1),
    attnPdrop: dropout(0.1),
    layerNormEpsilon: number({ default: 1e-5, min: 0 }),
    initializerRange: number({ default: 0.02, min: 0 }),
    summaryType: string<GPTCommonFields['summaryType']>({ default: 'cls_index', oneOf: ['last', 'first', 'mean', 'cls_index'] }),
    summaryUseProj: boolean({ default: true }),
    summaryActivation: string<string | null>({ default: null, nullable: true, oneOf: ['tanh'] }),
    summaryProjToLabels: boolean({ default: true }),
    summaryFirstDropout: dropout(0.1),
    padTokenId: integer<number | null>({ default: null, nullable: true, min: 0 }),
    ...labelFields(),
  };
}

const gpt2Definition = defineConfig<GPT2ConfigFields>('GPT2Config', {
  ...commonFields({ vocabSize: 50257, nPositions: 1024 }),
  nInner: integer<number | null>({ default: null, nullable: true, min: 1 }),
  activationFunction: string({ default: 'gelu_new', oneOf: ['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'relu', 'silu', 'swish', 'tanh'] }),
  scaleAttnWeights: boolean({ default: true }),
  scaleAttnByInverseLayerIdx: boolean({ default: false }),
  reorderAndUpcastAttn: boolean({ default: false }),
  useCache: boolean({ default: true }),
  bosTokenId: integer({ default: 50256, min: 0 }),
  eosTokenId: integer({ default: 50256, min: 0 }),
  attentionTypes: any<AttentionTypes | undefined>({ default: undefined }),
  windowSize: any<number | undefined>({ default: undefined }),
});

const openAIGPTDefinition = defineConfig<OpenAIGPTConfigFields>('OpenAIGPTConfig', {
  ...commonFields({ vocabSize: 40478, nPositions: 512 }),
  afn: string({ default: 'gelu', oneOf: ['gelu', 'relu', 'silu', 'swish'] }),
});

function validateCommon(name: string, config: Config<GPTCommonFields>): void {
  checkHeadsDivide(name, 'nHead', config.nEmbd, config.nHead, ['n_embd', 'n_head']);
  if (config.padTokenId !== null && config.padTokenId >= config.vocabSize) throw new ConfigError(name, 'padTokenId', `pad_token_id ${config.padTokenId} is not below vocab_size ${config.vocabSize}`);
}

function validateGpt2(config: GPT2Config): void {
  validateCommon('GPT2Config', config);
  const { attentionTypes, windowSize } = config;
  if (windowSize !== undefined && !(Number.isInteger(windowSize) && windowSize >= 1)) throw new ConfigError('GPT2Config', 'windowSize', `must be a positive integer, got ${JSON.stringify(windowSize)} (Hugging Face key "window_size")`);
  if (attentionTypes !== undefined) {
    try {
      const kinds = expandAttentionTypes(attentionTypes, config.nLayer);
      if (kinds.includes('local') && windowSize === undefined) throw new Error('local layers need window_size');
    } catch (error) {
      throw new ConfigError('GPT2Config', 'attentionTypes', `${(error as Error).message} (Hugging Face key "attention_types")`);
    }
  }
}

/** `GPT2Config.fromHf(json)`, `.create({...})`, `.toHf(config)`, `.with(config, changes)`: frozen, validated; errors name the field and its Hugging Face key. `num_labels` in a JSON sets `id2label`. */
export const GPT2Config: ConfigDefinition<GPT2ConfigFields> = modelConfig(gpt2Definition, validateGpt2);

/** `OpenAIGPTConfig.fromHf(json)` and friends, as `GPT2Config`. */
export const OpenAIGPTConfig: ConfigDefinition<OpenAIGPTConfigFields> = modelConfig(openAIGPTDefinition, (config) => validateCommon('OpenAIGPTConfig', config));

export { numLabels } from '@pretrain/core';

/** Feed-forward width: `n_inner ?? 4·n_embd` (GPT-1 is always 4·n_embd). */
export function innerSize(config: GPT2ConfigFields | OpenAIGPTConfigFields): number {
  return 'nInner' in config && config.nInner !== null ? config.nInner : 4 * config.nEmbd;
}
