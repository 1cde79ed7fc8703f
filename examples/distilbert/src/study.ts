// Teacher (BERT) → half-depth students (DistilBERT architecture): trained on labels alone,
// DistilBERT-style (initialised from every other teacher layer, soft targets + cosine) and
// TinyBERT-style (embedding/attention/hidden then prediction-layer distillation), on the
// document task of task.ts. Reports accuracy on held-out documents, parameters and speed.
import { BertConfig, BertForSequenceClassification } from '@pretrain/bert';
import { Rng, sparseSoftmaxCrossEntropy, tf, type LossOptions, type Module, type Tensor } from '@pretrain/core';
import type { SyntheticWorldConfig } from '@pretrain/data/synthetic';
import { DistilBertConfig, DistilBertForSequenceClassification } from '@pretrain/distilbert';
import { distillable, distilBertRecipe, initializeStudentFromTeacher, tinyBertRecipe } from '@pretrain/distillation';
import { AdamW, fit, type ProgressEvent, type TrainingRecipe } from '@pretrain/train';
import { toBatch, trainingData, type TaskBatch } from './batches.js';
import { documentTask, type Example } from './task.js';

export type Method = 'teacher' | 'student (labels only)' | 'DistilBERT student' | 'TinyBERT student';

export interface StudyOptions {
  smoke?: boolean;
  seed?: number;
  /** Share of the training documents whose labels the students may use (default 0.2). */
  labeledShare?: number;
  /** The students to train (the teacher always is); default all three. */
  students?: readonly Exclude<Method, 'teacher'>[];
  onProgress?: (method: Method, event: ProgressEvent) => void;
}

export interface StudyRow {
  method: Method;
  accuracy: number;
  numParameters: number;
  layers: number;
  /** Median of `speedRuns` forward passes on a 32 × 128 batch, milliseconds. */
  inferenceMs: number;
}

export const settings = (smoke: boolean) => ({
  // 800 documents (640 train, 160 test) of 200 entities: every document fits in 128 tokens (≤ 94 measured).
  world: (smoke ? { documents: 160, entities: 60 } : { documents: 800, entities: 200 }) as Partial<SyntheticWorldConfig>,
  maxLength: smoke ? 64 : 128,
  batchSize: 16,
  teacherSteps: smoke ? 12 : 300,
  studentSteps: smoke ? 8 : 240,
  speedRuns: smoke ? 3 : 20,
  width: { hidden: 64, intermediate: 256, heads: 4 },
  teacherLayers: 4,
  studentLayers: 2,
});

function classifierRecipe(model: BertForSequenceClassification | DistilBertForSequenceClassification): TrainingRecipe<TaskBatch> {
  return {
    model,
    loss: (batch: TaskBatch, { training, rng }: LossOptions) => {
      model.train(training);
      const logits = model.forward(batch, { rng: training ? rng : undefined }).logits;
      return { loss: sparseSoftmaxCrossEntropy(logits, batch.labels), metrics: {} };
    },
  };
}

async function train<Batch>(recipe: TrainingRecipe<Batch>, data: Parameters<typeof fit<Batch>>[1], steps: number, seed: number, onProgress?: (event: ProgressEvent) => void) {
  await fit(recipe, data, {
    optimizer: (parameters) => new AdamW(parameters, { epsilon: 1e-6, weightDecay: 0.01 }),
    schedule: { kind: 'linear', learningRate: 1e-3, warmupSteps: Math.ceil(steps / 10), totalSteps: steps },
    maxSteps: steps,
    maxEpochs: 10_000,
    maxGradientNorm: 1,
    seed,
    onProgress,
  });
}

async function accuracy(model: BertForSequenceClassification | DistilBertForSequenceClassification, examples: readonly Example[]): Promise<number> {
  model.eval();
  let correct = 0;
  for (let start = 0; start < examples.length; start += 32) {
    const { batch } = toBatch(examples.slice(start, start + 32));
    const predicted = tf.tidy(() => tf.argMax(model.forward(batch).logits, -1));
    const values = await predicted.data();
    const labels = await batch.labels.data();
    values.forEach((value, index) => (correct += value === labels[index] ? 1 : 0));
    tf.dispose([predicted, batch as unknown as tf.TensorContainer]);
  }
  return correct / examples.length;
}

/** Median wall time of `runs` eval forwards on a `[32, 128]` batch (one warm-up first). */
export async function inferenceMs(model: Module & { forward(batch: { inputIds: Tensor }): { logits: Tensor } }, vocabularySize: number, runs: number): Promise<number> {
  model.eval();
  const inputIds = Rng.fromSeed(0).intTensor([32, 128], 5, vocabularySize);
  const once = async () => {
    const start = performance.now();
    const logits = tf.tidy(() => model.forward({ inputIds }).logits);
    await logits.data();
    logits.dispose();
    return performance.now() - start;
  };
  await once();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push(await once());
  inputIds.dispose();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function runStudy(options: StudyOptions = {}): Promise<StudyRow[]> {
  const { smoke = false, seed = 0, labeledShare = 0.2, students = ['student (labels only)', 'DistilBERT student', 'TinyBERT student'] } = options;
  const setting = settings(smoke);
  const task = documentTask({ ...setting.world, seed: seed + 1 }, { maxLength: setting.maxLength, labeledShare, seed });
  const labels = Object.fromEntries(Array.from({ length: task.numLabels }, (_, index) => [String(index), `value_${index}`]));
  const { hidden, intermediate, heads } = setting.width;
  const teacherConfig = BertConfig.create({ vocabSize: task.vocabularySize, hiddenSize: hidden, numHiddenLayers: setting.teacherLayers, numAttentionHeads: heads, intermediateSize: intermediate, maxPositionEmbeddings: 128, id2label: labels });
  const studentConfig = DistilBertConfig.create({ vocabSize: task.vocabularySize, dim: hidden, nLayers: setting.studentLayers, nHeads: heads, hiddenDim: intermediate, maxPositionEmbeddings: 128, id2label: labels });
  const newStudent = (offset: number) => new DistilBertForSequenceClassification(studentConfig, Rng.fromSeed(seed * 100 + offset));
  const report = (method: Method) => (event: ProgressEvent) => options.onProgress?.(method, event);
  const rows: StudyRow[] = [];
  const measure = async (method: Method, model: BertForSequenceClassification | DistilBertForSequenceClassification, layers: number) => {
    rows.push({ method, accuracy: await accuracy(model, task.test), numParameters: model.numParameters(), layers, inferenceMs: await inferenceMs(model, task.vocabularySize, setting.speedRuns) });
  };

  const teacher = new BertForSequenceClassification(teacherConfig, Rng.fromSeed(seed * 100));
  await train(classifierRecipe(teacher), trainingData(task.train, setting.batchSize, seed), setting.teacherSteps, seed, report('teacher'));
  await measure('teacher', teacher, setting.teacherLayers);

  if (students.includes('student (labels only)')) await labelsOnly();
  if (students.includes('DistilBERT student')) await distilBertStyle();
  if (students.includes('TinyBERT student')) await tinyBertStyle();
  teacher.dispose();
  return rows;

  async function labelsOnly() {
    const alone = newStudent(1);
    await train(classifierRecipe(alone), trainingData(task.labeledForStudents, setting.batchSize, seed), setting.studentSteps, seed, report('student (labels only)'));
    await measure('student (labels only)', alone, setting.studentLayers);
    alone.dispose();
  }

  async function distilBertStyle() {
    // Distillation reads every training document, without its label (the transfer set).
    const distilled = newStudent(2);
    initializeStudentFromTeacher(distillable(teacher), distillable(distilled), { layers: 'every-other' });
    await train(distilBertRecipe(distillable(teacher), distillable(distilled), { alphaMlm: 0 }), trainingData(task.train, setting.batchSize, seed), setting.studentSteps, seed, report('DistilBERT student'));
    await measure('DistilBERT student', distilled, setting.studentLayers);
    distilled.dispose();
  }

  async function tinyBertStyle() {
    const tiny = newStudent(3);
    const intermediateStage = tinyBertRecipe(distillable(teacher), distillable(tiny), { stage: 'task-intermediate', rng: Rng.fromSeed(seed * 100 + 4) });
    await train(intermediateStage, trainingData(task.train, setting.batchSize, seed), Math.round(setting.studentSteps / 2), seed, report('TinyBERT student'));
    const predictionStage = tinyBertRecipe(distillable(teacher), distillable(tiny), { stage: 'task-prediction', projections: intermediateStage.model.projections });
    await train(predictionStage, trainingData(task.train, setting.batchSize, seed), Math.round(setting.studentSteps / 2), seed, report('TinyBERT student'));
    await measure('TinyBERT student', tiny, setting.studentLayers);
    intermediateStage.model.projections.dispose();
    tiny.dispose();
  }
}
