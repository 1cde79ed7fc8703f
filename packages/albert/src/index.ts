/** The package name, as published. */
export const name = '@pretrain/albert';

export { AlbertConfig, classifierDropout, numLabels, type AlbertConfigFields, type SharedLayerParts } from './config.js';
export { albertArchitectures, albertPresets, hasPooler, numParameters, presetConfig, type AlbertArchitecture, type AlbertPreset } from './presets.js';
export {
  AlbertLayerGroup,
  AlbertModel,
  AlbertTransformer,
  type AlbertForwardOptions,
  type AlbertInputs,
  type AlbertModelOutputs,
} from './model.js';
export { PartlySharedLayer, type SharedAttention, type SharedFeedForward, type SharedPart } from './shared_layer.js';
export {
  AlbertForMaskedLM,
  AlbertForPreTraining,
  AlbertWithHead,
  albertMaskedLMHead,
  type AlbertForMaskedLMOutputs,
  type AlbertForPreTrainingOutputs,
  type MaskedLMOptions,
} from './heads.js';
export {
  AlbertForMultipleChoice,
  AlbertForQuestionAnswering,
  AlbertForSequenceClassification,
  AlbertForTokenClassification,
  type AlbertLogitsOutputs,
  type AlbertQuestionAnsweringOutputs,
  type AlbertTaskInputs,
} from './tasks.js';
export { albertMasker, albertPretrainingLoss, mlmSopRecipe, type AlbertPretrainingLosses, type MlmSopBatch } from './recipe.js';
export {
  albertConventions,
  buildAlbert,
  isAlbertArchitecture,
  loadAlbert,
  saveAlbert,
  UnsavableConfigError,
  type AlbertModels,
  type AnyAlbertModel,
  type LoadedAlbert,
} from './checkpoint.js';
