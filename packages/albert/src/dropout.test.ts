import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, tf, type Tensor } from '@pretrain/core';
import type { TransformerLayer } from '@pretrain/blocks';
import { setupTestBackend } from '@pretrain/testing';
import { AlbertConfig } from './config.js';
import { AlbertModel } from './model.js';

beforeAll(async () => {
  await setupTestBackend();
});

async function valuesOf(compute: () => Tensor): Promise<number[]> {
  const tensor = compute();
  const values = Array.from(await tensor.data());
  tensor.dispose();
  return values;
}

const sizes = { vocabSize: 31, embeddingSize: 8, hiddenSize: 12, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 20, maxPositionEmbeddings: 16 };

describe('AlbertModel dropout, as Hugging Face places it', () => {
  it.each([
    ['shared layers', null],
    ['feed-forward-only sharing', 'feed_forward'],
  ] as const)('drops nothing after the feed-forward output, only after attention (%s)', async (_, sharedLayerParts) => {
    const numHiddenGroups = sharedLayerParts === null ? 1 : sizes.numHiddenLayers;
    const config = AlbertConfig.create({ ...sizes, numHiddenGroups, sharedLayerParts, hiddenDropoutProb: 0.5, attentionProbsDropoutProb: 0 });
    const model = new AlbertModel(config, Rng.fromSeed(1));
    // Both layer kinds (blocks' TransformerLayer, the ablation's PartlySharedLayer) have these two parts.
    const layer = model.encoder.groups[0]!.layers[0]! as unknown as Pick<TransformerLayer, 'attention' | 'feedForward'>;
    const input = Rng.fromSeed(5).normalTensor([2, 4, sizes.hiddenSize]);
    model.eval();
    const evaluated = await valuesOf(() => layer.feedForward.forward(input));
    model.train();
    const trained = await valuesOf(() => layer.feedForward.forward(input, { rng: Rng.fromSeed(3) }));
    expect(trained).toEqual(evaluated);
    const attended = await valuesOf(() => layer.attention.forward(input, { rng: Rng.fromSeed(3) }).output);
    expect(attended.filter((value) => value === 0).length).toBeGreaterThan(attended.length / 4);
    tf.dispose(input);
    model.dispose();
  });
});
