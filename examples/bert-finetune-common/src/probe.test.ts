import { beforeAll, describe, expect, it } from 'vitest';
import { BertConfig, BertForPreTraining } from '@pretrain/bert';
import { Rng, tf } from '@pretrain/core';
import { generateSyntheticWorld } from '@pretrain/data/synthetic';
import { setupTestBackend } from '@pretrain/testing';
import { tinyConfig } from './encoder.js';
import { factProbe, maskedFactSentences } from './probe.js';
import { vocabularyTokenizer } from './vocabulary.js';
import { worldDocuments } from './world.js';

beforeAll(async () => {
  await setupTestBackend();
});

/** The model's own argmax at `positions`, one unpadded sentence at a time. */
async function predictionsAlone(model: BertForPreTraining, ids: readonly number[], positions: readonly number[]): Promise<number[]> {
  const predicted = tf.tidy(() => tf.argMax(model.forward({ inputIds: tf.tensor2d([[...ids]], undefined, 'int32') }).predictionLogits, -1));
  const values = (await predicted.array()) as number[][];
  predicted.dispose();
  return positions.map((position) => values[0]![position]!);
}

describe('factProbe', () => {
  it('scores every masked object token at its own position, in padded batches as the model predicts each sentence alone', async () => {
    const world = generateSyntheticWorld({ seed: 4, entities: 32, documents: 40 });
    const tokenizer = vocabularyTokenizer(worldDocuments(world).flat(), 1000);
    const found = maskedFactSentences(world, tokenizer, 'train', 96).slice(0, 24);
    expect(new Set(found.map((sentence) => sentence.ids.length)).size).toBeGreaterThan(1); // the batches below are padded
    // A large initialisation spreads the untrained model's argmax over many tokens, so a misplaced position shows.
    const config = BertConfig.with(tinyConfig(tokenizer.vocabSize, 128, { hiddenSize: 32, layers: 1 }), { initializerRange: 0.5 });
    const model = new BertForPreTraining(config, Rng.fromSeed(1));
    model.eval();
    // Targets = what the model predicts for each sentence alone: a correct probe scores 100% in any batching.
    const sentences = await Promise.all(found.map(async (sentence) => ({ ...sentence, targets: await predictionsAlone(model, sentence.ids, sentence.positions) })));
    model.train();
    await factProbe(model, sentences.slice(0, 2), 2); // first use builds what the model keeps (cached buffers)
    const before = tf.memory().numTensors;
    const batched = await factProbe(model, sentences, 8);
    expect(tf.memory().numTensors).toBe(before);
    expect(batched.tokenAccuracy).toBe(1);
    expect(batched.tokens).toBe(sentences.reduce((sum, sentence) => sum + sentence.positions.length, 0));
    expect(Object.values(batched.byKind ?? {}).reduce((sum, kind) => sum + kind.tokens, 0)).toBe(batched.tokens);
    expect(model.training).toBe(true);
    model.dispose();
  });
});
