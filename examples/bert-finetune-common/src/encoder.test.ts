import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BertForSequenceClassification, BertConfig } from '@pretrain/bert';
import { Rng } from '@pretrain/core';
import { setupTestBackend } from '@pretrain/testing';
import { worldEncoder, type WorldEncoderOptions } from './encoder.js';

beforeAll(async () => {
  await setupTestBackend();
});

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

const documents = [
  ['Zorbel lives in Quanti.', 'Quanti is a city.', 'Zorbel likes tea.'],
  ['Mirto works for Blax.', 'Blax makes boats.', 'Mirto is tall.'],
  ['Ferla was born in Quanti.', 'Ferla sings.', 'Blax is old.'],
];

function options(directory: string, seed: number, steps = 3): WorldEncoderOptions {
  return {
    documents,
    vocabularySize: 200,
    shape: { hiddenSize: 32, layers: 1 },
    pretraining: { steps, maskingRate: 0.15, maxSeqLength: 16, batchSize: 2, learningRate: 1e-2, seed },
    checkpoint: { directory, key: { seed, steps } },
  };
}

/** The encoder weights a task model receives from `initialise`. */
async function initialisedWeights(encoder: Awaited<ReturnType<typeof worldEncoder>>): Promise<Map<string, number[]>> {
  const model = new BertForSequenceClassification(BertConfig.with(encoder.config, { id2label: { '0': 'a', '1': 'b' }, label2id: { a: 0, b: 1 } }), Rng.fromSeed(9));
  try {
    await encoder.initialise(model);
    const weights = new Map<string, number[]>();
    for (const [path, tensor] of model.stateDict()) if (path.startsWith('bert.')) weights.set(path, Array.from(await tensor.data()));
    return weights;
  } finally {
    model.dispose();
  }
}

describe('worldEncoder checkpoint', () => {
  it('keeps the pretrained model and reuses it, with the same weights and record, when the key matches', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'kept-pretraining-'));
    directories.push(directory);
    const first = await worldEncoder(options(directory, 3));
    expect(first.pretraining?.reused).toBe(false);
    expect(readdirSync(directory).sort()).toEqual(['config.json', 'model.safetensors', 'pretraining.json']);
    const second = await worldEncoder(options(directory, 3));
    try {
      expect(second.pretraining).toEqual({ ...first.pretraining, reused: true });
      expect(second.description).toContain(`kept in ${directory}`);
      const [a, b] = [await initialisedWeights(first), await initialisedWeights(second)];
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const [path, values] of a) expect(b.get(path), path).toEqual(values);
      // A fresh pretraining with another seed differs, so the equality above is the reuse, not chance.
      const other = await worldEncoder({ ...options(directory, 4), checkpoint: undefined });
      const c = await initialisedWeights(other);
      other.dispose();
      expect(c.get('bert.embeddings.word_embeddings.weight')).not.toEqual(a.get('bert.embeddings.word_embeddings.weight'));
    } finally {
      first.dispose();
      second.dispose();
    }
  });

  it('refuses a directory kept for another key, naming its record and leaving it as it was', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'kept-pretraining-'));
    directories.push(directory);
    (await worldEncoder(options(directory, 3))).dispose();
    await expect(worldEncoder(options(directory, 3, 4))).rejects.toThrow(`${join(directory, 'pretraining.json')}: kept pretraining has key {"seed":3,"steps":3}, this run needs {"seed":3,"steps":4}`);
    const reused = await worldEncoder(options(directory, 3));
    expect(reused.pretraining?.reused).toBe(true);
    reused.dispose();
  });
});
