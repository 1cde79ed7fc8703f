// The model, its data and the training run, all inside the worker.
import { Rng, tf, type CheckpointStore, type Recipe, type Tensor } from '@pretrain/core';
import { causalLMRecipe } from '@pretrain/objective-clm';
import type { Tokenizer } from '@pretrain/tokenizers';
import { AdamW, fit, type FitResult, type StepLog, type TrainingData } from '@pretrain/train';
import { maskedLMRecipe, maskedWindowData } from './bert.js';
import { hfConfig, tokenizerConfig, type TrainedModel } from './models.js';
import type { TrainSettings } from './protocol.js';

export type Batch = { inputIds: Tensor };

/** Thrown from the data stream to end a run that a new one replaces. */
export class StopRequested extends Error {
  constructor() {
    super('the run was stopped');
  }
}

/**
 * Random windows of `length` tokens, `batchSize` to a micro-batch: the windows
 * of (epoch, position) are a function of the seed alone, so a resumed run
 * reads what the interrupted one would have. `gate` holds the stream while paused.
 */
export function windowData(ids: Int32Array, batchSize: number, length: number, seed: number, gate: () => Promise<void>): TrainingData<Batch> {
  if (ids.length <= length) throw new Error(`the text has ${ids.length} tokens; training needs more than the context length (${length})`);
  const batchesPerEpoch = Math.max(1, Math.floor((ids.length - 1) / (batchSize * length)));
  const base = Rng.fromSeed(seed);
  return {
    async *read(epoch, position) {
      for (let index = position; index < batchesPerEpoch; index++) {
        await gate();
        const starts = base.derive(`epoch ${epoch} batch ${index}`).int(batchSize, 0, ids.length - length + 1);
        const window = new Int32Array(batchSize * length);
        starts.forEach((start, row) => window.set(ids.subarray(start, start + length), row * length));
        yield { batch: { inputIds: tf.tensor2d(window, [batchSize, length], 'int32') }, tokens: batchSize * length };
      }
    },
  };
}

export interface RunOptions {
  trained: TrainedModel;
  tokenizer: Tokenizer;
  ids: Int32Array;
  settings: TrainSettings;
  store: CheckpointStore;
  gate: () => Promise<void>;
  onStep: (log: StepLog) => void;
  onCheckpoint: () => void;
}

/** Trains until stopped (`StopRequested` from `gate`), checkpointing to `store` every `checkpointEvery` steps. */
export function runTraining(options: RunOptions): Promise<FitResult> {
  const { trained, tokenizer, ids, settings, gate } = options;
  const { batchSize, seed } = settings;
  const length = settings.model.nPositions;
  if (trained.kind === 'bert') return fitRun(options, maskedLMRecipe(trained.model), maskedWindowData(ids, tokenizer, batchSize, length, seed, gate));
  const model = trained.model;
  const recipe = {
    ...causalLMRecipe<Batch>(
      model,
      (batch, options) => model.forward({ inputIds: batch.inputIds }, { useCache: false, rng: options.rng }).logits,
      (batch) => batch.inputIds,
    ),
    model, // typed as the Module that checkpoints need
  };
  return fitRun(options, recipe, windowData(ids, batchSize, length, seed, gate));
}

/** `fit` until stopped: AdamW, 5 warm-up steps, clipping at 1, checkpoints with `tokenizer.json`. */
function fitRun<Data>({ trained, tokenizer, settings, store, onStep, onCheckpoint }: RunOptions, recipe: Recipe<Data> & { model: TrainedModel['model'] }, data: TrainingData<Data>): Promise<FitResult> {
  const files = {
    'tokenizer.json': JSON.stringify(tokenizer.toJSON()),
    'tokenizer_config.json': JSON.stringify(tokenizerConfig(trained.kind, tokenizer, settings.model.nPositions), null, 2),
  };
  return fit(recipe, data, {
    optimizer: (parameters) => new AdamW(parameters, { weightDecay: 0.01 }),
    schedule: { kind: 'constant', learningRate: settings.learningRate, warmupSteps: 5 },
    maxSteps: Number.MAX_SAFE_INTEGER,
    maxEpochs: Number.MAX_SAFE_INTEGER,
    seed: settings.seed,
    maxGradientNorm: 1,
    onNonFinite: () => 'skip-batch',
    checkpoint:
      settings.checkpointEvery > 0
        ? { store, every: settings.checkpointEvery, keepLast: 2, config: hfConfig(trained), extraFiles: () => files, resume: settings.resume }
        : undefined,
    onProgress: (event) => {
      if (event.kind === 'step') onStep(event);
      if (event.kind === 'checkpoint') onCheckpoint();
    },
  });
}
