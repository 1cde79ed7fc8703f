import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, tf, type Tensor } from '@pretrain/core';
import { setupTestBackend } from '@pretrain/testing';
import { DistilBertConfig } from './config.js';
import { DistilBertModel } from './model.js';

beforeAll(async () => {
  await setupTestBackend();
});

const sizes = { vocabSize: 37, maxPositionEmbeddings: 16, nLayers: 1, nHeads: 2, dim: 12, hiddenDim: 19, padTokenId: 3 };

async function valuesOf(compute: () => Tensor): Promise<number[]> {
  const tensor = compute();
  const values = Array.from(await tensor.data());
  tensor.dispose();
  return values;
}

describe('DistilBertModel dropout, as Hugging Face places it', () => {
  const hidden = () => Rng.fromSeed(5).normalTensor([2, 4, sizes.dim]);

  it('drops nothing after the attention output projection (only the attention weights, by attention_dropout)', async () => {
    const model = new DistilBertModel(DistilBertConfig.create({ ...sizes, dropout: 0.5, attentionDropout: 0 }), Rng.fromSeed(1));
    const attention = model.transformer.layers[0]!.attention;
    const input = hidden();
    const evaluated = await valuesOf(() => attention.eval().forward(input).output);
    const trained = await valuesOf(() => attention.train().forward(input, { rng: Rng.fromSeed(2) }).output);
    expect(trained).toEqual(evaluated);
    const withWeightDropout = new DistilBertModel(DistilBertConfig.create({ ...sizes, dropout: 0, attentionDropout: 0.5 }), Rng.fromSeed(1));
    const dropped = await valuesOf(() => withWeightDropout.transformer.layers[0]!.attention.train().forward(input, { rng: Rng.fromSeed(2) }).output);
    expect(dropped).not.toEqual(evaluated);
    tf.dispose(input);
    model.dispose();
    withWeightDropout.dispose();
  });

  it('drops out after the FFN (lin2) and after the embeddings with `dropout`', async () => {
    const model = new DistilBertModel(DistilBertConfig.create({ ...sizes, dropout: 0.5, attentionDropout: 0 }), Rng.fromSeed(1));
    const layer = model.transformer.layers[0]!;
    const input = hidden();
    model.eval();
    const evaluated = await valuesOf(() => layer.feedForward.forward(input));
    layer.train();
    const trained = await valuesOf(() => layer.feedForward.forward(input, { rng: Rng.fromSeed(3) }));
    expect(trained.filter((value) => value === 0).length).toBeGreaterThan(trained.length / 4);
    trained.forEach((value, index) => expect(value === 0 || Math.abs(value - 2 * evaluated[index]!) < 1e-5).toBe(true));
    const ids = tf.tensor2d([[5, 6, 7, 8]], undefined, 'int32');
    model.train();
    const embedded = await valuesOf(() => model.embeddings.forward({ inputIds: ids }, { rng: Rng.fromSeed(4) }).output);
    expect(embedded.filter((value) => value === 0).length).toBeGreaterThan(embedded.length / 4);
    tf.dispose([input, ids]);
    model.dispose();
  });
});

describe('DistilBertModel word embeddings', () => {
  it("treat pad_token_id as PyTorch's padding_idx: a zero row that gets no gradient", async () => {
    const model = new DistilBertModel(DistilBertConfig.create({ ...sizes, dropout: 0, attentionDropout: 0 }), Rng.fromSeed(6));
    const table = model.embeddings.word.weight;
    expect(((await table.value.array()) as number[][])[sizes.padTokenId]!.every((value) => value === 0)).toBe(true);
    const ids = tf.tensor2d([[5, 9, sizes.padTokenId, sizes.padTokenId]], undefined, 'int32');
    const mask = tf.tensor2d([[1, 1, 0, 0]], undefined, 'int32');
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model.forward({ inputIds: ids, attentionMask: mask }).lastHiddenState)) as tf.Scalar, [table.variable]);
    const gradient = (await grads[table.variable.name]!.array()) as number[][];
    expect(gradient[sizes.padTokenId]!.every((entry) => entry === 0)).toBe(true);
    expect(gradient[5]!.some((entry) => entry !== 0)).toBe(true);
    tf.dispose([ids, mask, value, ...Object.values(grads)]);
    model.dispose();
  });
});
