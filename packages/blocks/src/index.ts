/** The package name, as published. */
export const name = '@pretrain/blocks';

export { activation, type Activation, type ActivationName } from './activations.js';
export { Conv1D, type Conv1DOptions } from './conv1d.js';
export { Dropout, type ForwardOptions } from './dropout.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export { LayerNorm } from './layer_norm.js';
export { Linear, type LinearOptions } from './linear.js';
export { attentionBias, maskedScore, positionIdsFromMask, type AttentionBiasOptions } from './attention/mask.js';
export { attentionNames, type AttentionNames } from './attention/names.js';
export {
  MultiHeadAttention,
  type AttentionOptions,
  type AttentionOutputs,
  type MultiHeadAttentionConfig,
} from './attention/attention.js';
export { ModuleScopes } from './scopes.js';
export { FeedForward, feedForwardNames, type FeedForwardConfig, type FeedForwardNames } from './feed_forward.js';
export { TransformerLayer, layerNames, type LayerNames, type LayerOutputs, type TransformerLayerConfig } from './layer.js';
export {
  TransformerEmbeddings,
  embeddingNames,
  sinusoidalPositions,
  type EmbeddingNames,
  type EmbeddingsInputs,
  type EmbeddingsOutputs,
  type TransformerEmbeddingsConfig,
} from './embeddings.js';
export { Pooler, poolFirstToken } from './pooler.js';
export { gatherPerExample, gatherPositions, lastTokenIndices } from './heads/gather.js';
export { LMHead, lmHeadNames, type LMHeadConfig, type LMHeadNames, type LMHeadOptions } from './heads/lm_head.js';
export {
  ClassifierHead,
  MultipleChoiceHead,
  SpanHead,
  inferProblemType,
  type ClassifierHeadConfig,
  type ProblemType,
} from './heads/classification.js';
export {
  binaryCrossEntropyWithLogits,
  multipleChoiceLoss,
  questionAnsweringLoss,
  sequenceClassificationLoss,
  tokenClassificationLoss,
  withTaskLoss,
  type TaskKind,
  type TaskLabels,
  type TaskLogits,
} from './heads/losses.js';
export { forwardChoices, type EncoderInputs } from './heads/choices.js';
export { SequenceSummary, type SequenceSummaryConfig } from './heads/summary.js';
export { expandAttentionTypes, localWindowFor, type AttentionKind } from './attention/pattern.js';
