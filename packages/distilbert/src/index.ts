/** The package name, as published. */
export const name = '@pretrain/distilbert';

export { DistilBertConfig, numLabels, type DistilBertConfigFields } from './config.js';
export { distilBertArchitectures, distilBertPresets, numParameters, presetConfig, type DistilBertArchitecture, type DistilBertPreset } from './presets.js';
export {
  DISTILBERT_LAYER_NORM_EPS,
  DistilBertModel,
  DistilBertTransformer,
  type DistilBertForwardOptions,
  type DistilBertInputs,
  type DistilBertModelOutputs,
} from './model.js';
export { DistilBertForMaskedLM, DistilBertWithHead, type DistilBertForMaskedLMOutputs, type DistilBertMaskedLMOptions } from './heads.js';
export {
  DistilBertForMultipleChoice,
  DistilBertForQuestionAnswering,
  DistilBertForSequenceClassification,
  DistilBertForTokenClassification,
  PreClassifiedHead,
  type DistilBertLogitsOutputs,
  type DistilBertQuestionAnsweringOutputs,
  type DistilBertTaskInputs,
} from './tasks.js';
export {
  buildDistilBert,
  distilBertConventions,
  isDistilBertArchitecture,
  loadDistilBert,
  saveDistilBert,
  type AnyDistilBertModel,
  type DistilBertModels,
  type LoadedDistilBert,
} from './checkpoint.js';
