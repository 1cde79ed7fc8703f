import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, tf, type Tensor } from '@pretrain/core';
import { directorySource, directoryTarget } from '@pretrain/core/node';
import { setupTestBackend } from '@pretrain/testing';
import { loadGPT, saveGPT } from './checkpoint.js';
import { GPT2Config } from './config.js';
import { GPT2Model } from './model.js';

const base = { vocabSize: 53, nPositions: 16, nEmbd: 24, nLayer: 3, nHead: 2, nInner: 37 };
const headSize = base.nEmbd / base.nHead;

/**
 * Scores `(q·f)·k / √d` equal `q·k · f / √d`: multiplying the query columns of `c_attn` (`[in, 3·nEmbd]`, queries first)
 * by `factor` turns the default-scaled model into one whose layer scores are multiplied by `factor` more.
 */
function scaleQueries(model: GPT2Model, factorOf: (layerIndex: number) => number): void {
  model.layers.forEach((layer, layerIndex) => {
    const fused = layer.attention.namedParameters().filter(([name]) => name.startsWith('c_attn.'));
    for (const [, parameter] of fused) {
      const scaled = tf.tidy(() => {
        const value = parameter.value;
        const columns = value.shape[value.rank - 1]!;
        const factors = tf.concat([tf.fill([base.nEmbd], factorOf(layerIndex)), tf.ones([columns - base.nEmbd])]);
        return tf.mul(value, factors);
      });
      parameter.assign(scaled);
      scaled.dispose();
    }
  });
}

async function outputs(model: GPT2Model): Promise<number[][]> {
  const inputIds = tf.tensor2d([[5, 17, 40, 3, 9, 1], [2, 8, 30, 0, 0, 0]], undefined, 'int32');
  const attentionMask = tf.tensor2d([[1, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0]], undefined, 'int32');
  const tensors = tf.tidy(() => {
    const result = model.forward({ inputIds, attentionMask }, { useCache: false, outputAttentions: true });
    return [result.lastHiddenState, ...result.attentions!];
  }) as Tensor[];
  const values = await Promise.all(tensors.map(async (tensor) => Array.from(await tensor.data())));
  tf.dispose([...tensors, inputIds, attentionMask]);
  return values;
}

function expectClose(actual: number[][], expected: number[][]): void {
  actual.forEach((values, index) => values.forEach((value, position) => expect(Math.abs(value - expected[index]![position]!)).toBeLessThanOrEqual(1e-4 + 1e-4 * Math.abs(expected[index]![position]!))));
}

describe('GPT2Model attention scaling flags', () => {
  beforeAll(async () => {
    await setupTestBackend();
  });

  it.each([
    { flags: { scaleAttnWeights: false }, factor: () => Math.sqrt(headSize) },
    { flags: { scaleAttnByInverseLayerIdx: true }, factor: (layerIndex: number) => 1 / (layerIndex + 1) },
    { flags: { scaleAttnWeights: false, scaleAttnByInverseLayerIdx: true }, factor: (layerIndex: number) => Math.sqrt(headSize) / (layerIndex + 1) },
  ])('matches the default model with rescaled queries when $flags', async ({ flags, factor }) => {
    const flagged = new GPT2Model(GPT2Config.create({ ...base, ...flags }), Rng.fromSeed(21)).eval();
    const composite = new GPT2Model(GPT2Config.create(base), Rng.fromSeed(21)).eval();
    scaleQueries(composite, factor);
    expectClose(await outputs(flagged), await outputs(composite));
    flagged.dispose();
    composite.dispose();
  });

  it('reads the flags from Hugging Face keys, and reorder_and_upcast_attn changes nothing in float32', async () => {
    const json = { n_embd: 24, n_head: 2, n_layer: 3, n_inner: 37, vocab_size: 53, n_positions: 16 };
    const config = GPT2Config.fromHf({ ...json, scale_attn_weights: false, scale_attn_by_inverse_layer_idx: true, reorder_and_upcast_attn: true });
    expect(GPT2Config.toHf(config)).toMatchObject({ scale_attn_weights: false, scale_attn_by_inverse_layer_idx: true, reorder_and_upcast_attn: true });
    const model = new GPT2Model(config, Rng.fromSeed(22)).eval();
    expect(model.layers.map((layer) => layer.attention.scale)).toEqual([1, 1 / 2, 1 / 3]);
    const plain = new GPT2Model(GPT2Config.with(config, { reorderAndUpcastAttn: false }), Rng.fromSeed(22)).eval();
    expect(await outputs(model)).toEqual(await outputs(plain));
    model.dispose();
    plain.dispose();
  });

  it('keeps the flags through a checkpoint written and read back', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'gpt-scale-flags-'));
    try {
      const model = new GPT2Model(GPT2Config.create({ ...base, scaleAttnWeights: false, scaleAttnByInverseLayerIdx: true }), Rng.fromSeed(23)).eval();
      await saveGPT(model, 'GPT2Model', directoryTarget(directory));
      const loaded = (await loadGPT(directorySource(directory), { strict: true })).model as GPT2Model;
      expect(loaded.layers.map((layer) => layer.attention.scale)).toEqual([1, 1 / 2, 1 / 3]);
      expect(await outputs(loaded)).toEqual(await outputs(model));
      model.dispose();
      loaded.dispose();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
