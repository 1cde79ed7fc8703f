/** The package name, as published. */
export const name = '@pretrain/electra';

export { ElectraConfig, classifierDropout, numLabels, type ElectraConfigFields } from './config.js';
export { electraArchitectures, electraPresets, numParameters, presetConfig, presetTraining, type ElectraArchitecture, type ElectraPreset } from './presets.js';
export {
  ElectraEncoder,
  ElectraModel,
  electraEmbeddings,
  type ElectraForwardOptions,
  type ElectraInputs,
  type ElectraModelOptions,
  type ElectraModelOutputs,
} from './model.js';
export {
  DiscriminatorPredictions,
  ElectraForMaskedLM,
  ElectraForPreTraining,
  ElectraWithHead,
  type ElectraForMaskedLMOutputs,
  type ElectraForPreTrainingOutputs,
  type MaskedLMOptions,
} from './heads.js';
export {
  ElectraForMultipleChoice,
  ElectraForQuestionAnswering,
  ElectraForSequenceClassification,
  ElectraForTokenClassification,
  type ElectraLogitsOutputs,
  type ElectraQuestionAnsweringOutputs,
  type ElectraTaskInputs,
} from './tasks.js';
export {
  architectureOf,
  buildElectra,
  electraConventions,
  isElectraArchitecture,
  loadElectra,
  saveElectra,
  type AnyElectraModel,
  type ElectraModels,
  type LoadedElectra,
} from './checkpoint.js';
export { ElectraPretrainingPair, loadElectraPair, saveElectraPair, type LoadedPair, type PairMember } from './pair.js';
export { detectReplacedTokens, electraRecipe, type ElectraRecipeOptions, type ReplacedTokenDetection, type RtdBatch } from './recipe.js';
export { detectionMetrics, rocAuc, type DetectionMetrics } from './detection.js';
export { electraLayerDepth, electraLayerwiseDecay, type LayerwiseDecayOptions } from './finetune.js';
export { electraMasker } from './masking.js';
