import { boolean, checkHeadsDivide, ConfigError, defineConfig, integer, labelFields, modelConfig, number, string, type Config, type ConfigDefinition, type LabelFields } from '@pretrain/core';

export { numLabels } from '@pretrain/core';

/** Hugging Face's `ElectraConfig`, camelCase. */
export interface ElectraConfigFields extends LabelFields {
  vocabSize: number;
  /** Width of the embedding tables (E); `embeddings_project` maps it to `hiddenSize` when they differ. */
  embeddingSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  hiddenAct: string;
  hiddenDropoutProb: number;
  attentionProbsDropoutProb: number;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  initializerRange: number;
  layerNormEps: number;
  /** Multiple choice's `SequenceSummary`. */
  summaryType: 'last' | 'first' | 'mean' | 'cls_index';
  summaryUseProj: boolean;
  summaryActivation: string | null;
  summaryLastDropout: number;
  padTokenId: number;
  /** Only `absolute` (learned positions) is implemented. */
  positionEmbeddingType: 'absolute';
  classifierDropout: number | null;
}

export type ElectraConfig = Config<ElectraConfigFields>;

const activations = ['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'relu', 'silu', 'swish', 'tanh'];

/** Defaults are Hugging Face's (the small discriminator). */
const definition = defineConfig<ElectraConfigFields>('ElectraConfig', {
  vocabSize: integer({ default: 30522, min: 1 }),
  embeddingSize: integer({ default: 128, min: 1 }),
  hiddenSize: integer({ default: 256, min: 1 }),
  numHiddenLayers: integer({ default: 12, min: 0 }),
  numAttentionHeads: integer({ default: 4, min: 1 }),
  intermediateSize: integer({ default: 1024, min: 1 }),
  hiddenAct: string({ default: 'gelu', oneOf: activations }),
  hiddenDropoutProb: number({ default: 0.1, min: 0, max: 0.999 }),
  attentionProbsDropoutProb: number({ default: 0.1, min: 0, max: 0.999 }),
  maxPositionEmbeddings: integer({ default: 512, min: 1 }),
  typeVocabSize: integer({ default: 2, min: 0 }),
  initializerRange: number({ default: 0.02, min: 0 }),
  layerNormEps: number({ default: 1e-12, min: 0 }),
  summaryType: string<ElectraConfigFields['summaryType']>({ default: 'first', oneOf: ['last', 'first', 'mean', 'cls_index'] }),
  summaryUseProj: boolean({ default: true }),
  summaryActivation: string<string | null>({ default: 'gelu', nullable: true, oneOf: activations }),
  summaryLastDropout: number({ default: 0.1, min: 0, max: 0.999 }),
  padTokenId: integer({ default: 0, min: 0 }),
  positionEmbeddingType: string<'absolute'>({ default: 'absolute', oneOf: ['absolute'] }),
  classifierDropout: number<number | null>({ default: null, nullable: true, min: 0, max: 0.999 }),
  ...labelFields(),
});

/**
 * `ElectraConfig.fromHf(json)`, `.create({...})`, `.toHf(config)`, `.with(config, changes)`: frozen, validated
 * configs whose errors name the field and its Hugging Face key. `num_labels` in a JSON sets `id2label`.
 */
export const ElectraConfig: ConfigDefinition<ElectraConfigFields> = modelConfig(definition, (config) => {
  checkHeadsDivide('ElectraConfig', 'numAttentionHeads', config.hiddenSize, config.numAttentionHeads);
  if (config.padTokenId >= config.vocabSize) throw new ConfigError('ElectraConfig', 'padTokenId', `pad_token_id ${config.padTokenId} is not below vocab_size ${config.vocabSize}`);
});

/** `classifier_dropout ?? hidden_dropout_prob`, as Hugging Face's heads take it. */
export function classifierDropout(config: ElectraConfig): number {
  return config.classifierDropout ?? config.hiddenDropoutProb;
}
