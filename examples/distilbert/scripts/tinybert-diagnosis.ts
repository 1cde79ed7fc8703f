// Why does the TinyBERT student score below the labels-only student? Trains the study's teacher for one
// seed, then TinyBERT students under variants of the protocol, logging each stage's losses (mean of the
// first and last 10 steps) and the accuracy / teacher agreement on the test documents.
//   esbuild scripts/tinybert-diagnosis.ts --bundle --platform=node --format=esm --conditions=@pretrain/source \
//     --external:@tensorflow/* --outfile=dist/tinybert-diagnosis.mjs
//   node examples/distilbert/dist/tinybert-diagnosis.mjs --seed 0 --variants study,prediction-only,teacher-init
import { parseArgs } from 'node:util';
import { BertConfig, BertForSequenceClassification } from '@pretrain/bert';
import { useBackend } from '@pretrain/backends';
import { Rng, sparseSoftmaxCrossEntropy, tf, type LossOptions } from '@pretrain/core';
import { DistilBertConfig, DistilBertForSequenceClassification } from '@pretrain/distilbert';
import { distillable, initializeStudentFromTeacher, tinyBertRecipe, type TinyBertStage } from '@pretrain/distillation';
import { AdamW, fit, type ProgressEvent, type TrainingRecipe } from '@pretrain/train';
import { toBatch, trainingData, type TaskBatch } from '../src/batches.js';
import { settings } from '../src/study.js';
import { documentTask, type Example } from '../src/task.js';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '0' }, variants: { type: 'string', default: 'study' } } });
const seed = Number(values.seed);
await useBackend('wasm');
const setting = settings(false);
const task = documentTask({ ...setting.world, seed: seed + 1 }, { maxLength: setting.maxLength, labeledShare: 0.2, seed });
const labels = Object.fromEntries(Array.from({ length: task.numLabels }, (_, index) => [String(index), `value_${index}`]));
const { hidden, intermediate, heads } = setting.width;
type Classifier = BertForSequenceClassification | DistilBertForSequenceClassification;

async function train<Batch>(recipe: TrainingRecipe<Batch>, steps: number, name: string, learningRate = 1e-3) {
  const losses: Array<Record<string, number>> = [];
  const onProgress = (event: ProgressEvent) => {
    if (event.kind === 'step') losses.push({ loss: event.loss, ...event.metrics });
  };
  await fit(recipe, trainingData(task.train, setting.batchSize, seed) as never, {
    optimizer: (parameters) => new AdamW(parameters, { epsilon: 1e-6, weightDecay: 0.01 }),
    schedule: { kind: 'linear', learningRate, warmupSteps: Math.ceil(steps / 10), totalSteps: steps },
    maxSteps: steps, maxEpochs: 10_000, maxGradientNorm: 1, seed, onProgress,
  });
  const mean = (rows: typeof losses) => Object.fromEntries(Object.keys(rows[0] ?? {}).map((key) => [key, +(rows.reduce((sum, row) => sum + row[key]!, 0) / rows.length).toPrecision(4)]));
  console.log(`  ${name}: first 10 steps ${JSON.stringify(mean(losses.slice(0, 10)))}  last 10 ${JSON.stringify(mean(losses.slice(-10)))}`);
}

async function predictions(model: Classifier, examples: readonly Example[]): Promise<number[]> {
  model.eval();
  const out: number[] = [];
  for (let start = 0; start < examples.length; start += 32) {
    const { batch } = toBatch(examples.slice(start, start + 32));
    const predicted = tf.tidy(() => tf.argMax(model.forward(batch).logits, -1));
    out.push(...(await predicted.data()));
    tf.dispose([predicted, batch as unknown as tf.TensorContainer]);
  }
  return out;
}

const teacher = new BertForSequenceClassification(BertConfig.create({ vocabSize: task.vocabularySize, hiddenSize: hidden, numHiddenLayers: setting.teacherLayers, numAttentionHeads: heads, intermediateSize: intermediate, maxPositionEmbeddings: 128, id2label: labels }), Rng.fromSeed(seed * 100));
const classifier: TrainingRecipe<TaskBatch> = {
  model: teacher,
  loss: (batch: TaskBatch, { training, rng }: LossOptions) => {
    teacher.train(training);
    return { loss: sparseSoftmaxCrossEntropy(teacher.forward(batch, { rng: training ? rng : undefined }).logits, batch.labels), metrics: {} };
  },
};
await train(classifier, setting.teacherSteps, 'teacher');
const teacherTest = await predictions(teacher, task.test);
const teacherTrain = await predictions(teacher, task.train);
const share = (predicted: number[], examples: readonly Example[]) => predicted.filter((value, index) => value === examples[index]!.label).length / examples.length;
console.log(`seed ${seed}: teacher test ${(100 * share(teacherTest, task.test)).toFixed(1)}%, teacher on its training documents ${(100 * share(teacherTrain, task.train)).toFixed(1)}%`);

const studentConfig = DistilBertConfig.create({ vocabSize: task.vocabularySize, dim: hidden, nLayers: setting.studentLayers, nHeads: heads, hiddenDim: intermediate, maxPositionEmbeddings: 128, id2label: labels });
interface Variant { init: 'scratch' | 'teacher'; stages: Array<{ stage: TinyBertStage; steps: number; learningRate?: number; temperature?: number }> }
const half = Math.round(setting.studentSteps / 2);
const variants: Record<string, Variant> = {
  study: { init: 'scratch', stages: [{ stage: 'task-intermediate', steps: half }, { stage: 'task-prediction', steps: half }] },
  'prediction-only': { init: 'scratch', stages: [{ stage: 'task-prediction', steps: setting.studentSteps }] },
  'teacher-init': { init: 'teacher', stages: [{ stage: 'task-intermediate', steps: half }, { stage: 'task-prediction', steps: half }] },
  'teacher-init-prediction-only': { init: 'teacher', stages: [{ stage: 'task-prediction', steps: setting.studentSteps }] },
  'longer-prediction': { init: 'scratch', stages: [{ stage: 'task-intermediate', steps: half }, { stage: 'task-prediction', steps: 3 * half }] },
  'prediction-t2': { init: 'scratch', stages: [{ stage: 'task-intermediate', steps: half }, { stage: 'task-prediction', steps: half, temperature: 2 }] },
};
for (const name of values.variants.split(',')) {
  const variant = variants[name];
  if (!variant) throw new Error(`unknown variant ${name}: one of ${Object.keys(variants).join(', ')}`);
  const student = new DistilBertForSequenceClassification(studentConfig, Rng.fromSeed(seed * 100 + 3));
  if (variant.init === 'teacher') initializeStudentFromTeacher(distillable(teacher), distillable(student), { layers: 'every-other' });
  let projections;
  for (const [index, stage] of variant.stages.entries()) {
    const recipe = tinyBertRecipe(distillable(teacher), distillable(student), { stage: stage.stage, temperature: stage.temperature, projections, rng: Rng.fromSeed(seed * 100 + 4) });
    projections = recipe.model.projections;
    await train(recipe, stage.steps, `${name} stage ${index + 1} ${stage.stage} (${stage.steps} steps)`, stage.learningRate);
  }
  const predicted = await predictions(student, task.test);
  console.log(`seed ${seed} ${name}: test ${(100 * share(predicted, task.test)).toFixed(1)}%, agrees with the teacher on ${(100 * predicted.filter((value, index) => value === teacherTest[index]).length / predicted.length).toFixed(1)}% of test documents`);
  projections?.dispose();
  student.dispose();
}
