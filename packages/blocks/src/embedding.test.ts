import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, tf } from '@pretrain/core';
import { runLayerTest, setupTestBackend } from '@pretrain/testing';
import { Embedding } from './embedding.js';

beforeAll(async () => {
  await setupTestBackend();
});

describe('Embedding', () => {
  it('passes the layer checks', async () => {
    await runLayerTest({
      build: (rng) => new Embedding(11, 6, rng),
      inputs: () => [Rng.fromSeed(21).intTensor([2, 7], 0, 11)],
      call: (embedding, [ids]) => embedding.forward(ids!),
      expectedShape: [2, 7, 6],
      expectedParameters: 66,
    });
  });

  it('keeps the old rows and adds new ones when resized', () => {
    const embedding = new Embedding(5, 3, Rng.fromSeed(0));
    const before = embedding.weight.value.arraySync() as number[][];
    embedding.resize(8, Rng.fromSeed(1));
    const after = embedding.weight.value.arraySync() as number[][];
    expect(after.length).toBe(8);
    expect(after.slice(0, 5)).toEqual(before);
    expect(embedding.namedParameters()[0]![1]).toBe(embedding.weight);
    expect(embedding.numEmbeddings).toBe(8);
    embedding.resize(4, Rng.fromSeed(1));
    expect(embedding.weight.value.arraySync()).toEqual(before.slice(0, 4));
    embedding.dispose();
  });

  it('rejects float ids', () => {
    const embedding = new Embedding(5, 3, Rng.fromSeed(0));
    expect(() => embedding.forward(tf.tensor1d([1]))).toThrow(/int32/);
    embedding.dispose();
  });

  it("starts the padding row at zero and gives it no gradient from lookups, as PyTorch's padding_idx", async () => {
    const embedding = new Embedding(6, 4, Rng.fromSeed(2), { paddingIdx: 1 });
    const table = (await embedding.weight.value.array()) as number[][];
    expect(table[1]).toEqual([0, 0, 0, 0]);
    expect(table[0]!.some((value) => value !== 0)).toBe(true);
    const ids = tf.tensor2d([[1, 3, 1], [0, 3, 5]], undefined, 'int32');
    const weights = Rng.fromSeed(3).normalTensor([2, 3, 4]);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(embedding.forward(ids), weights)) as tf.Scalar, [embedding.weight.variable]);
    const gradient = (await grads[embedding.weight.variable.name]!.array()) as number[][];
    const upstream = (await weights.array()) as number[][][];
    expect(gradient[1]).toEqual([0, 0, 0, 0]);
    // Row 3 is looked up at [0, 1] and [1, 1]: its gradient is the sum of their upstream gradients.
    gradient[3]!.forEach((entry, column) => expect(entry).toBeCloseTo(upstream[0]![1]![column]! + upstream[1]![1]![column]!, 5));
    gradient[0]!.forEach((entry, column) => expect(entry).toBeCloseTo(upstream[1]![0]![column]!, 5));
    // The forward value of a padding lookup is the row itself.
    const looked = (await embedding.forward(ids).array()) as number[][][];
    expect(looked[0]![0]).toEqual([0, 0, 0, 0]);
    tf.dispose([ids, weights, value, ...Object.values(grads)]);
    embedding.dispose();
  });

  it('rejects a padding index outside the table', () => {
    expect(() => new Embedding(6, 4, Rng.fromSeed(2), { paddingIdx: 6 })).toThrow(/paddingIdx must be an integer in \[0, 6\)/);
  });
});
