import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '@pretrain/core';
import { setupTestBackend } from '@pretrain/testing';
import { multipleChoiceLoss, questionAnsweringLoss, sequenceClassificationLoss, tokenClassificationLoss, withTaskLoss } from './losses.js';

beforeAll(async () => {
  await setupTestBackend();
});

/** −log softmax(row)[target], computed in plain numbers. */
function crossEntropy(row: number[], target: number): number {
  const max = Math.max(...row);
  const logSum = Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0)) + max;
  return logSum - row[target]!;
}

const scalar = async (tensor: tf.Tensor) => {
  const [value] = await tensor.data();
  tensor.dispose();
  return value!;
};

describe('task losses', () => {
  const rows = [[0.5, -1, 2], [1, 0.25, -0.5]];

  it('sequence classification: cross-entropy for int32 labels, MSE for one output, BCE for float multi-labels', async () => {
    const logits = tf.tensor2d(rows);
    expect(await scalar(sequenceClassificationLoss(logits, tf.tensor1d([2, 0], 'int32')))).toBeCloseTo((crossEntropy(rows[0]!, 2) + crossEntropy(rows[1]!, 0)) / 2, 5);
    const regression = tf.tensor2d([[0.5], [2]]);
    expect(await scalar(sequenceClassificationLoss(regression, tf.tensor1d([1, 1], 'float32')))).toBeCloseTo((0.25 + 1) / 2, 5);
    const targets = [[1, 0, 1], [0, 0, 1]];
    const bce = rows.flatMap((row, i) => row.map((x, j) => Math.max(x, 0) - x * targets[i]![j]! + Math.log1p(Math.exp(-Math.abs(x)))));
    expect(await scalar(sequenceClassificationLoss(logits, tf.tensor2d(targets, undefined, 'float32')))).toBeCloseTo(bce.reduce((a, b) => a + b) / bce.length, 5);
    expect(await scalar(sequenceClassificationLoss(logits, tf.tensor2d(rows), 'regression'))).toBeCloseTo(0, 6);
    tf.dispose([logits, regression]);
  });

  it('token classification ignores −100', async () => {
    const logits = tf.tensor3d([rows]);
    expect(await scalar(tokenClassificationLoss(logits, tf.tensor2d([[1, -100]], undefined, 'int32')))).toBeCloseTo(crossEntropy(rows[0]!, 1), 5);
    logits.dispose();
  });

  it('question answering clamps positions to the length and ignores the ones outside', async () => {
    const start = tf.tensor2d(rows);
    const end = tf.tensor2d([[0, 1, 0], [2, 0, 0]]);
    const loss = questionAnsweringLoss(start, end, tf.tensor1d([1, 9], 'int32'), tf.tensor1d([2, 0], 'int32'));
    // Example 2's start (9 → clamped to 3 = L) is ignored.
    const expected = (crossEntropy(rows[0]!, 1) + (crossEntropy([0, 1, 0], 2) + crossEntropy([2, 0, 0], 0)) / 2) / 2;
    expect(await scalar(loss)).toBeCloseTo(expected, 5);
    tf.dispose([start, end]);
  });

  it('multiple choice and withTaskLoss: a loss only when labels are given', async () => {
    const logits = tf.tensor2d(rows);
    expect(await scalar(multipleChoiceLoss(logits, tf.tensor1d([0, 1], 'int32')))).toBeCloseTo((crossEntropy(rows[0]!, 0) + crossEntropy(rows[1]!, 1)) / 2, 5);
    expect(withTaskLoss('multiple-choice', { logits }, {})).not.toHaveProperty('loss');
    expect(await scalar(withTaskLoss('multiple-choice', { logits }, { labels: tf.tensor1d([0, 1], 'int32') }).loss!)).toBeGreaterThan(0);
    logits.dispose();
  });
});
