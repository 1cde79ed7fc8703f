import { boolean, checkHeadsDivide, ConfigError, defineConfig, integer, labelFields, modelConfig, number, string, type Config, type ConfigDefinition, type LabelFields } from '@pretrain/core';

export { numLabels } from '@pretrain/core';

/** Hugging Face's `DistilBertConfig`, camelCase (`n_layers` ↔ `nLayers`, `sinusoidal_pos_embds` ↔ `sinusoidalPosEmbds`). */
export interface DistilBertConfigFields extends LabelFields {
  vocabSize: number;
  maxPositionEmbeddings: number;
  /** Fixed sin/cos position table (not trained) instead of a learned one. */
  sinusoidalPosEmbds: boolean;
  nLayers: number;
  nHeads: number;
  /** Hidden size. */
  dim: number;
  /** Feed-forward inner size. */
  hiddenDim: number;
  dropout: number;
  attentionDropout: number;
  activation: string;
  initializerRange: number;
  qaDropout: number;
  seqClassifDropout: number;
  padTokenId: number;
}

export type DistilBertConfig = Config<DistilBertConfigFields>;

const definition = defineConfig<DistilBertConfigFields>('DistilBertConfig', {
  vocabSize: integer({ default: 30522, min: 1 }),
  maxPositionEmbeddings: integer({ default: 512, min: 1 }),
  sinusoidalPosEmbds: boolean({ default: false }),
  nLayers: integer({ default: 6, min: 0 }),
  nHeads: integer({ default: 12, min: 1 }),
  dim: integer({ default: 768, min: 1 }),
  hiddenDim: integer({ default: 3072, min: 1 }),
  dropout: number({ default: 0.1, min: 0, max: 0.999 }),
  attentionDropout: number({ default: 0.1, min: 0, max: 0.999 }),
  activation: string({ default: 'gelu', oneOf: ['gelu', 'relu', 'gelu_new', 'gelu_pytorch_tanh', 'silu', 'swish', 'tanh'] }),
  initializerRange: number({ default: 0.02, min: 0 }),
  qaDropout: number({ default: 0.1, min: 0, max: 0.999 }),
  seqClassifDropout: number({ default: 0.2, min: 0, max: 0.999 }),
  padTokenId: integer({ default: 0, min: 0 }),
  ...labelFields(),
});

/**
 * `DistilBertConfig.fromHf(json)`, `.create({...})`, `.toHf(config)`, `.with(config, changes)`: frozen,
 * validated configs whose errors name the field and its Hugging Face key. `num_labels` in a JSON sets `id2label`.
 */
export const DistilBertConfig: ConfigDefinition<DistilBertConfigFields> = modelConfig(definition, (config) => {
  checkHeadsDivide('DistilBertConfig', 'nHeads', config.dim, config.nHeads, ['dim', 'n_heads']);
  if (config.padTokenId >= config.vocabSize) throw new ConfigError('DistilBertConfig', 'padTokenId', `pad_token_id ${config.padTokenId} is not below vocab_size ${config.vocabSize}`);
});
