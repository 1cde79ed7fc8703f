import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '@pretrain/core';
import { setupTestBackend } from '@pretrain/testing';
import { sequenceClassificationLoss } from './losses.js';

beforeAll(async () => {
  await setupTestBackend();
});

const logits = [[0.5, -1.25, 2], [-0.75, 0.25, 1.5]];

async function lossOf(values: number[][], labels: number[] | number[][], dtype: 'int32' | 'float32', problemType?: Parameters<typeof sequenceClassificationLoss>[2]): Promise<number> {
  const loss = tf.tidy(() => sequenceClassificationLoss(tf.tensor2d(values), tf.tensor(labels, undefined, dtype), problemType));
  const value = (await loss.data())[0]!;
  loss.dispose();
  return value;
}

/** Hand-computed references (Hugging Face's MSELoss, CrossEntropyLoss and BCEWithLogitsLoss, all mean-reduced). */
const logSumExp = (row: number[]) => Math.log(row.reduce((sum, value) => sum + Math.exp(value), 0));
const binaryCrossEntropy = (x: number, y: number) => -(y * Math.log(1 / (1 + Math.exp(-x))) + (1 - y) * Math.log(1 - 1 / (1 + Math.exp(-x))));

describe('sequenceClassificationLoss', () => {
  it('is the mean squared error for one output (regression inferred)', async () => {
    const expected = ((0.5 - 1) ** 2 + (-0.75 - -2) ** 2) / 2;
    expect(await lossOf([[0.5], [-0.75]], [1, -2], 'float32')).toBeCloseTo(expected, 6);
  });

  it('is mean cross-entropy for int32 labels with several outputs (single-label inferred)', async () => {
    const expected = (logSumExp(logits[0]!) - logits[0]![2]! + (logSumExp(logits[1]!) - logits[1]![0]!)) / 2;
    expect(await lossOf(logits, [2, 0], 'int32')).toBeCloseTo(expected, 5);
  });

  it('is mean binary cross-entropy on logits for float targets (multi-label inferred)', async () => {
    const targets = [[1, 0, 1], [0, 0, 1]];
    const expected = logits.flatMap((row, index) => row.map((x, label) => binaryCrossEntropy(x, targets[index]![label]!))).reduce((a, b) => a + b, 0) / 6;
    expect(await lossOf(logits, targets, 'float32')).toBeCloseTo(expected, 5);
  });

  it('follows an explicit problem_type over the inference', async () => {
    const targets = [[0.5, 0, 1], [2, -1, 0]];
    const expected = logits.flatMap((row, index) => row.map((x, label) => (x - targets[index]![label]!) ** 2)).reduce((a, b) => a + b, 0) / 6;
    expect(await lossOf(logits, targets, 'float32', 'regression')).toBeCloseTo(expected, 5);
  });
});
