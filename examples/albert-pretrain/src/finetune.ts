// Fine-tuning on the world's `classification` task (a neutral sentence mentioning an entity → the
// value of its first attribute, which only pretraining text states) or on the document task
// (a document's first tokens → its subject's first attribute, stated there or not). The encoder's
// weights come from the pretrained model by path (`loadStateDict`, heads left as initialised).
import { Module, Rng, sparseSoftmaxCrossEntropy, tf, type Tensor } from '@pretrain/core';
import { AdamW, fit } from '@pretrain/train';
import { shuffledBatches, pad, type Sequence, type WorldText } from './world.js';

export interface TaskRows {
  train: Sequence[];
  /** Rows that pick the fine-tuning learning rate (`sweepFineTune`). */
  dev?: Sequence[];
  test: Sequence[];
  numLabels: number;
}

/** `[CLS] text [SEP]` rows of the classification task, truncated to `maxLength`. */
export function classificationRows(text: WorldText, maxLength: number): TaskRows {
  const cls = text.vocabulary.get('[CLS]')!;
  const sep = text.vocabulary.get('[SEP]')!;
  const task = text.world.tasks.classification;
  const rows = (split: 'train' | 'test') =>
    task.examples[split].map((example) => {
      const inputIds = [cls, ...text.tokenizer.encodeIds(example.text, { allowSpecial: false }).slice(0, maxLength - 2), sep];
      return { inputIds, tokenTypeIds: inputIds.map(() => 0), label: example.label };
    });
  return { train: rows('train'), test: rows('test'), numLabels: task.labels.length };
}

export interface DocumentRowOptions {
  /** Share of the documents scored (default 0.25). */
  testShare?: number;
  /** Share of the documents whose labels fine-tuning uses (default 0.375). */
  labeledShare?: number;
  /** Share of the documents that pick the learning rate (default 0.125); the rest are not used downstream. */
  devShare?: number;
}

/**
 * The document task: `[CLS] document [SEP]` truncated to `maxLength` → the value of attribute 0
 * of the document's subject (from the world's gold structure). The answer is stated in the
 * window for some documents (any model can learn those from the labels) and must come from
 * what pretraining stored about the subject for the others (graph-only facts from neither).
 * Documents are split at random from `seed`; every split is also pretraining text.
 */
export function documentRows(text: WorldText, maxLength: number, seed: number, { testShare = 0.25, labeledShare = 0.375, devShare = 0.125 }: DocumentRowOptions = {}): TaskRows {
  const cls = text.vocabulary.get('[CLS]')!;
  const sep = text.vocabulary.get('[SEP]')!;
  const rows = text.world.documents.map((document) => {
    const inputIds = [cls, ...text.tokenizer.encodeIds(document.text, { allowSpecial: false }).slice(0, maxLength - 2), sep];
    return { inputIds, tokenTypeIds: inputIds.map(() => 0), label: text.world.entities[document.subjectEntityId]!.attributeValues[0]! };
  });
  const order = Array.from(Rng.fromSeed(seed).derive('document-split').permutation(rows.length), (index) => rows[index]!);
  const [testEnd, trainEnd] = [Math.round(rows.length * testShare), Math.round(rows.length * (testShare + labeledShare))];
  const dev = order.slice(trainEnd, trainEnd + Math.round(rows.length * devShare));
  return { test: order.slice(0, testEnd), train: order.slice(testEnd, trainEnd), dev, numLabels: text.world.config.valuesPerAttribute };
}

/** A sequence classifier of any family: `forward(...).logits` is `[B, numLabels]`. */
export interface Classifier extends Module {
  forward(inputs: { inputIds: Tensor; attentionMask?: Tensor; tokenTypeIds?: Tensor }, options?: { rng?: Rng }): { logits: Tensor };
}

interface TaskBatch {
  inputIds: Tensor;
  attentionMask: Tensor;
  labels: Tensor;
}

function taskBatch(rows: readonly Sequence[]): { batch: TaskBatch; tokens: number } {
  const padded = pad(rows);
  const batch = { inputIds: tf.tensor2d(padded.inputIds, padded.shape, 'int32'), attentionMask: tf.tensor2d(padded.attentionMask, padded.shape, 'int32'), labels: tf.tensor1d(rows.map((row) => row.label), 'int32') };
  return { batch, tokens: rows.length };
}

export interface FineTuneOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Per-parameter learning-rate factor (ELECTRA's layer-wise decay). */
  learningRateScale?: (path: string) => number;
}

/** Trains `model` on `rows.train` with AdamW (linear decay, 10% warm-up) and returns its accuracy on `rows.test`. */
export async function fineTune(model: Classifier, rows: TaskRows, options: FineTuneOptions): Promise<number> {
  const steps = options.epochs * Math.ceil(rows.train.length / options.batchSize);
  const recipe = {
    model,
    loss(batch: TaskBatch, { training, rng }: { training: boolean; rng: Rng }) {
      model.train(training);
      const logits = model.forward({ inputIds: batch.inputIds, attentionMask: batch.attentionMask }, { rng: training ? rng : undefined }).logits;
      return { loss: sparseSoftmaxCrossEntropy(logits, batch.labels), metrics: {} };
    },
  };
  await fit(recipe, shuffledBatches(rows.train, options.batchSize, options.seed, (group) => taskBatch(group)), {
    optimizer: (parameters) => new AdamW(parameters, { epsilon: 1e-6, weightDecay: 0.01, learningRateScale: options.learningRateScale }),
    schedule: { kind: 'linear', learningRate: options.learningRate, warmupSteps: Math.ceil(steps / 10), totalSteps: steps },
    maxSteps: steps,
    maxGradientNorm: 1,
    seed: options.seed,
  });
  return accuracy(model, rows.test);
}

export interface SweepResult {
  /** Test accuracy of the trial with the best dev accuracy (the first on ties). */
  downstreamAccuracy: number;
  learningRate: number;
  devAccuracy: number;
  trials: { learningRate: number; devAccuracy: number; testAccuracy: number }[];
}

/**
 * Fine-tunes a fresh `build()` per learning rate (each from the same pretrained weights), picks
 * the rate on `rows.dev` and reports that trial's test accuracy: every family gets its best rate
 * from the same grid, so one that needs a smaller step is not scored at a rate that diverges.
 */
export async function sweepFineTune(build: () => Classifier, rows: TaskRows, options: Omit<FineTuneOptions, 'learningRate'>, learningRates: readonly number[]): Promise<SweepResult> {
  if (!rows.dev?.length) throw new Error('sweepFineTune: rows.dev is empty; the learning rate is picked on it');
  const trials: SweepResult['trials'] = [];
  for (const learningRate of learningRates) {
    const model = build();
    try {
      const devAccuracy = await fineTune(model, { ...rows, test: rows.dev }, { ...options, learningRate });
      trials.push({ learningRate, devAccuracy, testAccuracy: await accuracy(model, rows.test) });
    } finally {
      model.dispose();
    }
  }
  const best = trials.reduce((chosen, trial) => (trial.devAccuracy > chosen.devAccuracy ? trial : chosen));
  return { downstreamAccuracy: best.testAccuracy, learningRate: best.learningRate, devAccuracy: best.devAccuracy, trials };
}

/** Share of `rows` whose argmax logit is the label. */
export async function accuracy(model: Classifier, rows: readonly Sequence[]): Promise<number> {
  model.eval();
  let correct = 0;
  for (let start = 0; start < rows.length; start += 64) {
    const group = rows.slice(start, start + 64);
    const { batch } = taskBatch(group);
    const predictions = tf.tidy(() => tf.argMax(model.forward({ inputIds: batch.inputIds, attentionMask: batch.attentionMask }).logits, -1));
    const values = await predictions.data();
    tf.dispose([predictions, batch.inputIds, batch.attentionMask, batch.labels]);
    correct += group.filter((row, index) => values[index] === row.label).length;
  }
  return correct / rows.length;
}
