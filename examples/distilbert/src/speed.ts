// Inference speed of the teacher and the student shapes of the study, measured side by side:
// rounds alternate one eval forward of each on the same [32, 128] batch, so a load change on a
// shared machine hits both alike. Weights are random (speed does not depend on them).
import { BertConfig, BertForSequenceClassification } from '@pretrain/bert';
import { Rng, tf, type Module, type Tensor } from '@pretrain/core';
import { DistilBertConfig, DistilBertForSequenceClassification } from '@pretrain/distilbert';
import { settings } from './study.js';

export interface SpeedReport {
  teacherMs: number;
  studentMs: number;
  /** teacherMs / studentMs. */
  speedUp: number;
  rounds: number;
}

type Forward = Module & { forward(batch: { inputIds: Tensor }): { logits: Tensor } };

async function timeOnce(model: Forward, inputIds: Tensor): Promise<number> {
  const start = performance.now();
  const logits = tf.tidy(() => model.forward({ inputIds }).logits);
  await logits.data();
  logits.dispose();
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Medians over `rounds` alternating forwards (after one warm-up each) of a `[32, 128]` batch. */
export async function sideBySideSpeed({ rounds = 20, vocabularySize = 900 }: { rounds?: number; vocabularySize?: number } = {}): Promise<SpeedReport> {
  const setting = settings(false);
  const { hidden, intermediate, heads } = setting.width;
  const labels = { 0: 'a', 1: 'b', 2: 'c', 3: 'd' };
  const teacher = new BertForSequenceClassification(BertConfig.create({ vocabSize: vocabularySize, hiddenSize: hidden, numHiddenLayers: setting.teacherLayers, numAttentionHeads: heads, intermediateSize: intermediate, maxPositionEmbeddings: 128, id2label: labels }), Rng.fromSeed(0));
  const student = new DistilBertForSequenceClassification(DistilBertConfig.create({ vocabSize: vocabularySize, dim: hidden, nLayers: setting.studentLayers, nHeads: heads, hiddenDim: intermediate, maxPositionEmbeddings: 128, id2label: labels }), Rng.fromSeed(1));
  const inputIds = Rng.fromSeed(2).intTensor([32, 128], 5, vocabularySize);
  try {
    teacher.eval();
    student.eval();
    await timeOnce(teacher, inputIds);
    await timeOnce(student, inputIds);
    const [teacherTimes, studentTimes]: [number[], number[]] = [[], []];
    for (let round = 0; round < rounds; round++) {
      teacherTimes.push(await timeOnce(teacher, inputIds));
      studentTimes.push(await timeOnce(student, inputIds));
    }
    const [teacherMs, studentMs] = [median(teacherTimes), median(studentTimes)];
    return { teacherMs, studentMs, speedUp: teacherMs / studentMs, rounds };
  } finally {
    tf.dispose([inputIds]);
    teacher.dispose();
    student.dispose();
  }
}
