export { buildPretraining, downstreamBaseline, pretrainAlbert, settings, type ModelKind, type PretrainOptions, type PretrainReport } from './pretrain.js';
export { accuracy, classificationRows, documentRows, fineTune, sweepFineTune, type SweepResult, type Classifier, type DocumentRowOptions, type FineTuneOptions, type TaskRows } from './finetune.js';
export { peakTrainingBytes, timedFit, type PretrainSchedule, type TimedRun } from './training.js';
export { groups, maskedTensors, pad, shuffledBatches, sopSequences, specialTokens, worldText, type MaskedTensors, type Padded, type Sequence, type WorldText } from './world.js';
