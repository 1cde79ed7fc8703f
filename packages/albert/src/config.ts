import { checkHeadsDivide, ConfigError, defineConfig, integer, labelFields, modelConfig, number, string, type Config, type ConfigDefinition, type LabelFields } from '@pretrain/core';

export { numLabels } from '@pretrain/core';

/**
 * Which parts of a layer are shared across every layer, the paper's ablation
 * (Table 4): `attention` (projections and `attention.LayerNorm`) or
 * `feed_forward` (`ffn`, `ffn_output`, `full_layer_layer_norm`). Our own key
 * (`shared_layer_parts`): Hugging Face cannot load such a model, so
 * `saveAlbert` refuses it. `null`: Hugging Face's sharing by groups.
 */
export type SharedLayerParts = 'attention' | 'feed_forward' | null;

/** Hugging Face's `AlbertConfig`, camelCase, plus `sharedLayerParts`. */
export interface AlbertConfigFields extends LabelFields {
  vocabSize: number;
  /** Width of the embedding tables (E); projected to `hiddenSize` by `encoder.embedding_hidden_mapping_in`. */
  embeddingSize: number;
  hiddenSize: number;
  /** How many times a layer group is applied. */
  numHiddenLayers: number;
  /** Distinct layer groups; layer `i` runs group `⌊i / (numHiddenLayers / numHiddenGroups)⌋`. */
  numHiddenGroups: number;
  numAttentionHeads: number;
  intermediateSize: number;
  /** Layers inside a group, run one after the other each time the group is applied. */
  innerGroupNum: number;
  hiddenAct: string;
  hiddenDropoutProb: number;
  attentionProbsDropoutProb: number;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  initializerRange: number;
  layerNormEps: number;
  classifierDropoutProb: number | null;
  /** Only `absolute` (learned positions) is implemented. */
  positionEmbeddingType: 'absolute';
  padTokenId: number;
  bosTokenId: number;
  eosTokenId: number;
  sharedLayerParts: SharedLayerParts;
}

export type AlbertConfig = Config<AlbertConfigFields>;

const activations = ['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'relu', 'silu', 'swish', 'tanh'];

/** Defaults are Hugging Face's (the xxlarge shape). */
const definition = defineConfig<AlbertConfigFields>('AlbertConfig', {
  vocabSize: integer({ default: 30000, min: 1 }),
  embeddingSize: integer({ default: 128, min: 1 }),
  hiddenSize: integer({ default: 4096, min: 1 }),
  numHiddenLayers: integer({ default: 12, min: 0 }),
  numHiddenGroups: integer({ default: 1, min: 1 }),
  numAttentionHeads: integer({ default: 64, min: 1 }),
  intermediateSize: integer({ default: 16384, min: 1 }),
  innerGroupNum: integer({ default: 1, min: 1 }),
  hiddenAct: string({ default: 'gelu_new', oneOf: activations }),
  hiddenDropoutProb: number({ default: 0, min: 0, max: 0.999 }),
  attentionProbsDropoutProb: number({ default: 0, min: 0, max: 0.999 }),
  maxPositionEmbeddings: integer({ default: 512, min: 1 }),
  typeVocabSize: integer({ default: 2, min: 0 }),
  initializerRange: number({ default: 0.02, min: 0 }),
  layerNormEps: number({ default: 1e-12, min: 0 }),
  classifierDropoutProb: number<number | null>({ default: 0.1, nullable: true, min: 0, max: 0.999 }),
  positionEmbeddingType: string<'absolute'>({ default: 'absolute', oneOf: ['absolute'] }),
  padTokenId: integer({ default: 0, min: 0 }),
  bosTokenId: integer({ default: 2, min: 0 }),
  eosTokenId: integer({ default: 3, min: 0 }),
  ...labelFields(),
  sharedLayerParts: string<SharedLayerParts>({ default: null, nullable: true, oneOf: ['attention', 'feed_forward'] }),
});

/** Checks between fields, which a single field's spec cannot express. */
function validate(config: AlbertConfig): void {
  const fail = (field: keyof AlbertConfigFields, message: string) => {
    throw new ConfigError('AlbertConfig', field, message);
  };
  checkHeadsDivide('AlbertConfig', 'numAttentionHeads', config.hiddenSize, config.numAttentionHeads);
  if (config.numHiddenGroups > Math.max(config.numHiddenLayers, 1)) fail('numHiddenGroups', `num_hidden_groups ${config.numHiddenGroups} exceeds num_hidden_layers ${config.numHiddenLayers}`);
  if (config.padTokenId >= config.vocabSize) fail('padTokenId', `pad_token_id ${config.padTokenId} is not below vocab_size ${config.vocabSize}`);
  if (config.sharedLayerParts !== null && (config.numHiddenGroups !== config.numHiddenLayers || config.innerGroupNum !== 1)) {
    fail('sharedLayerParts', `shared_layer_parts "${config.sharedLayerParts}" needs one group per layer (num_hidden_groups = num_hidden_layers = ${config.numHiddenLayers}) and inner_group_num 1; the shared part is then registered in every group`);
  }
}

/**
 * `AlbertConfig.fromHf(json)`, `.create({...})`, `.toHf(config)`, `.with(config, changes)`: frozen, validated
 * configs whose errors name the field and its Hugging Face key. `num_labels` in a JSON sets `id2label`.
 * `toHf` leaves out `shared_layer_parts` when it is null (Hugging Face's own sharing).
 */
const validated = modelConfig(definition, validate);

export const AlbertConfig: ConfigDefinition<AlbertConfigFields> = {
  ...validated,
  toHf: (config) => {
    const { shared_layer_parts: sharedLayerParts, ...json } = validated.toHf(config);
    return sharedLayerParts === null || sharedLayerParts === undefined ? json : { ...json, shared_layer_parts: sharedLayerParts };
  },
};

/** `classifier_dropout_prob ?? hidden_dropout_prob`, as Hugging Face's token-classification head takes it. */
export function classifierDropout(config: AlbertConfig): number {
  return config.classifierDropoutProb ?? config.hiddenDropoutProb;
}
