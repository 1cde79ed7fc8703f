import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, tf, type LossResult } from '@pretrain/core';
import { expectNoLeak, setupTestBackend } from '@pretrain/testing';
import { ElectraConfig } from './config.js';
import { detectionMetrics, rocAuc } from './detection.js';
import { electraMasker } from './masking.js';
import { ElectraPretrainingPair } from './pair.js';
import { detectReplacedTokens, electraRecipe } from './recipe.js';

beforeAll(async () => {
  await setupTestBackend();
});

const scalars = async (metrics: Record<string, tf.Tensor>) => Object.fromEntries(await Promise.all(Object.entries(metrics).map(async ([name, tensor]) => [name, (await tensor.data())[0]!] as const)));

describe('detectionMetrics', () => {
  it('counts attended positions only: share, all-original baseline, recall and precision', async () => {
    // row 0: 4 attended (2 replaced, 1 of them caught, 1 false alarm); row 1: 2 attended + 2 padded positions labelled and called "replaced"
    const logits = tf.tensor2d([[3, -1, 2, -4], [-2, -3, 5, 5]]);
    const labels = tf.tensor2d([[1, 1, 0, 0], [0, 0, 1, 1]], undefined, 'int32');
    const mask = tf.tensor2d([[1, 1, 1, 1], [1, 1, 0, 0]], undefined, 'int32');
    const metrics = detectionMetrics(logits, labels, mask);
    const values = await scalars({ ...metrics });
    expect(values.replacedShare).toBeCloseTo(2 / 6);
    expect(values.allOriginalAccuracy).toBeCloseTo(4 / 6);
    expect(values.replacedRecall).toBeCloseTo(1 / 2);
    expect(values.replacedPrecision).toBeCloseTo(1 / 2);
    tf.dispose([logits, labels, mask, ...Object.values(metrics)]);
  });
});

describe('rocAuc', () => {
  it('is the share of (replaced, original) pairs ordered correctly, ties half', () => {
    expect(rocAuc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.9, 0.8], [1, 1, 0, 0])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5], [1, 0, 0])).toBe(0.5);
    // positives 0.7, 0.3; negatives 0.5, 0.3, 0.1 → pairs won: 3 + (0.5 + 1) = 4.5 of 6
    expect(rocAuc([0.7, 0.3, 0.5, 0.3, 0.1], [1, 1, 0, 0, 0])).toBeCloseTo(4.5 / 6);
    expect(rocAuc([1, 2], [0, 0])).toBeNaN();
    expect(() => rocAuc([1], [1, 0])).toThrow(/1 scores but 2 labels/);
  });
});

describe('replaced-token detection in the recipe', () => {
  const shared = { vocabSize: 61, embeddingSize: 12, maxPositionEmbeddings: 16, numHiddenLayers: 1, hiddenDropoutProb: 0, attentionProbsDropoutProb: 0 } as const;
  const pair = () => new ElectraPretrainingPair(ElectraConfig.create({ ...shared, hiddenSize: 8, numAttentionHeads: 2, intermediateSize: 11 }), ElectraConfig.create({ ...shared, hiddenSize: 24, numAttentionHeads: 4, intermediateSize: 31 }), Rng.fromSeed(1));
  const ids = [2, 11, 23, 17, 40, 9, 30, 21, 14, 3, 2, 33, 12, 50, 3, 0, 0, 0, 0, 0];
  function batch() {
    const attention = ids.map((id) => (id === 0 ? 0 : 1));
    const masked = electraMasker({ maskTokenId: 4, vocabSize: 61, specialTokenIds: [0, 1, 2, 3, 4], padTokenId: 0, rate: 0.5 }).maskBatch(ids, [2, 10], Rng.fromSeed(3), attention);
    return {
      inputIds: tf.tensor2d(masked.inputIds, [2, 10], 'int32'),
      originalInputIds: tf.tensor2d(ids, [2, 10], 'int32'),
      attentionMask: tf.tensor2d(attention, [2, 10], 'int32'),
      maskedPositions: tf.tensor1d(masked.maskedPositions, 'int32'),
      maskedLabels: tf.tensor1d(masked.maskedLabels, 'int32'),
    };
  }

  it('writes samples at the masked positions only, labels a position replaced iff it differs from the original text', async () => {
    const model = pair();
    const input = batch();
    const detection = detectReplacedTokens(model, input, Rng.fromSeed(9));
    const [corrupted, labels, original, masked, positions] = await Promise.all([detection.corruptedIds, detection.labels, input.originalInputIds, input.inputIds, input.maskedPositions].map(async (tensor) => Array.from(await tensor.data())));
    const chosen = new Set(positions!);
    expect(chosen.size).toBeGreaterThan(0);
    corrupted!.forEach((id, position) => {
      if (!chosen.has(position)) expect(id).toBe(masked![position]);
      expect(labels![position]).toBe(id === original![position] ? 0 : 1);
    });
    tf.dispose([...Object.values(detection), ...Object.values(input)]);
    model.dispose();
  });

  it('reports a discriminator that calls everything original at the all-original baseline, recall 0, padding not counted', async () => {
    const model = pair();
    const prediction = model.discriminator.discriminatorPredictions.densePrediction;
    prediction.weight.variable.assign(tf.zerosLike(prediction.weight.variable));
    prediction.bias!.variable.assign(tf.fill(prediction.bias!.variable.shape, -20));
    const input = batch();
    const rng = Rng.fromSeed(9);
    const result = tf.tidy(() => electraRecipe(model).loss(input, { training: false, rng }) as unknown as tf.TensorContainer) as unknown as LossResult;
    const values = await scalars(result.metrics);
    const labels = tf.tidy(() => detectReplacedTokens(model, input, rng).labels);
    const replaced = Array.from(await labels.data()).filter((label, position) => label === 1 && ids[position] !== 0).length;
    expect(values.replacedShare).toBeCloseTo(replaced / ids.filter((id) => id !== 0).length, 6);
    expect(values.discriminatorAccuracy).toBeCloseTo(values.allOriginalAccuracy!, 6);
    expect(values.replacedRecall).toBe(0);
    tf.dispose([labels, result.loss, ...Object.values(result.metrics), ...Object.values(input)]);
    model.dispose();
  });

  it('does not leak', async () => {
    const model = pair();
    const input = batch();
    await expectNoLeak(() => tf.memory(), () => {
      const { value, grads } = tf.variableGrads(() => electraRecipe(model).loss(input, { training: true, rng: Rng.fromSeed(2) }).loss as tf.Scalar, model.trainableVariables());
      tf.dispose([value, ...Object.values(grads)]);
    });
    tf.dispose(Object.values(input));
    model.dispose();
  });
});
