/** The package name, as published. */
export const name = '@pretrain/bert';

export { BertConfig, classifierDropout, numLabels, type BertConfigFields } from './config.js';
export { bertArchitectures, bertPresets, hasPooler, numParameters, presetConfig, type BertArchitecture, type BertPreset } from './presets.js';
export { BertModel, type BertForwardOptions, type BertInputs, type BertModelOutputs } from './model.js';
export {
  BertForMaskedLM,
  BertForPreTraining,
  BertWithHead,
  maskedLMHead,
  type BertBaseOutputs,
  type BertForMaskedLMOutputs,
  type BertForPreTrainingOutputs,
  type MaskedLMOptions,
} from './heads.js';
export {
  BertForMultipleChoice,
  BertForQuestionAnswering,
  BertForSequenceClassification,
  BertForTokenClassification,
  type BertLogitsOutputs,
  type BertQuestionAnsweringOutputs,
  type BertTaskInputs,
} from './tasks.js';
export {
  multipleChoiceLoss,
  pretrainingLoss,
  questionAnsweringLoss,
  sequenceClassificationLoss,
  tokenClassificationLoss,
  type PretrainingLosses,
} from './losses.js';
export { maskedBatchTensors, mlmNspRecipe, type MlmNspBatch } from './recipe.js';
export { bertConventions, buildBert, isBertArchitecture, loadBert, saveBert, type AnyBertModel, type BertModels, type LoadedBert } from './checkpoint.js';
export {
  multipleChoiceRecipe,
  questionAnsweringRecipe,
  sequenceClassificationRecipe,
  tokenClassificationRecipe,
  type LabelledBatch,
  type SpanBatch,
} from './task_recipes.js';
