/** The package name, as published. */
export const name = '@pretrain/gpt';

export { GPT2Config, OpenAIGPTConfig, innerSize, numLabels, type AttentionTypes, type GPT2ConfigFields, type GPTCommonFields, type OpenAIGPTConfigFields } from './config.js';
export {
  gpt2Architectures,
  gpt2PresetConfig,
  gptPresets,
  numParameters,
  openAIGPTArchitectures,
  openAIGPTPresetConfig,
  type GPT2Architecture,
  type GPT3Training,
  type GPTArchitecture,
  type GPTPreset,
  type OpenAIGPTArchitecture,
  type PresetOptions,
} from './presets.js';
export { GPT2Model, GPTDecoder, OpenAIGPTModel, type GPTForwardOptions, type GPTInputs, type GPTModelOutputs, type KeyValue } from './model.js';
export {
  GPT2DoubleHeadsModel,
  GPT2ForSequenceClassification,
  GPT2LMHeadModel,
  OpenAIGPTDoubleHeadsModel,
  OpenAIGPTForSequenceClassification,
  OpenAIGPTLMHeadModel,
  type DoubleHeadsInputs,
  type DoubleHeadsOutputs,
  type GPTLMHeadOutputs,
  type SequenceClassificationOutputs,
} from './heads.js';
export { doubleHeadsLoss, multipleChoiceLoss, sequenceClassificationLoss, type DoubleHeadsLosses } from './losses.js';
export { architectureOf, buildGPT, gptArchitectures, gptConventions, isGPTArchitecture, loadGPT, saveGPT, type AnyGPTModel, type GPTModels, type LoadedGPT } from './checkpoint.js';
export { encodeTransferBatch, transformExample, wrapSegments, type TransferBatch, type TransferExample, type TransferTask, type TransferTokens } from './transfer.js';
export { GPTForTransfer, gpt1TransferRecipe, transferTensors, type TransferHeadConfig, type TransferOutputs, type TransferTensors } from './transfer_model.js';
