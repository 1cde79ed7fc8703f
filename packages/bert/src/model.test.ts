import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, tf } from '@pretrain/core';
import { MlmMasker } from '@pretrain/objective-mlm';
import { deserialize } from '@pretrain/safetensors';
import { describeShared, expectClose, expectNoLeak, hfTinyDir, runModelTest, setupTestBackend } from '@pretrain/testing';
import { bertConventions, buildBert } from './checkpoint.js';
import { BertConfig } from './config.js';
import { maskedBatchTensors, mlmNspRecipe } from './recipe.js';
import type { BertArchitecture } from './presets.js';

beforeAll(async () => {
  await setupTestBackend();
});

const tinyConfig = BertConfig.create({ vocabSize: 99, hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 37, maxPositionEmbeddings: 16 });
const ids = () => [tf.tensor2d([[2, 10, 11, 12, 3, 0], [2, 20, 21, 3, 22, 3]], undefined, 'int32'), tf.tensor2d([[1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 1]], undefined, 'int32')];

describeShared('BERT parameter names', () => {
  it.each([
    ['bert', 'BertForPreTraining'],
    ['bert-seqcls', 'BertForSequenceClassification'],
    ['bert-tokcls', 'BertForTokenClassification'],
    ['bert-qa', 'BertForQuestionAnswering'],
  ] as const)('equal the keys of hf-tiny %s and survive save → load (%s)', async (folder, architecture: BertArchitecture) => {
    const directory = hfTinyDir(folder);
    const configJson = JSON.parse(readFileSync(join(directory, 'config.json'), 'utf8')) as Record<string, unknown>;
    const { tensors } = deserialize(new Uint8Array(readFileSync(join(directory, 'model.safetensors'))), { file: 'model.safetensors' });
    await runModelTest({
      build: (rng) => buildBert(architecture, BertConfig.fromHf(configJson), rng).eval(),
      expectedKeys: [...tensors.keys()],
      inputs: ids,
      forward: (model, [inputIds, attentionMask]) => {
        const outputs = model.forward({ inputIds: inputIds!, attentionMask }) as unknown as Record<string, tf.Tensor>;
        return Object.fromEntries(Object.entries(outputs).filter(([, value]) => value instanceof tf.Tensor));
      },
      config: configJson,
      conventions: bertConventions,
    });
  });
});

describe('BertModel', () => {
  it('needs an rng for dropout in training mode and is deterministic per rng', async () => {
    const model = buildBert('BertModel', tinyConfig, Rng.fromSeed(1)).train();
    const [inputIds, attentionMask] = ids();
    expect(() => model.forward({ inputIds: inputIds!, attentionMask })).toThrow(/rng/);
    const run = (seed: number) => tf.tidy(() => model.forward({ inputIds: inputIds!, attentionMask }, { rng: Rng.fromSeed(seed) }).lastHiddenState);
    const [first, again, other] = [run(5), run(5), run(6)];
    expectClose(await first.data(), await again.data(), 'same rng', { atol: 0, rtol: 0 });
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(first, other))));
    expect((await difference.data())[0]).toBeGreaterThan(0);
    tf.dispose([first, again, other, difference, inputIds!, attentionMask!]);
    model.dispose();
  });
});

/** A tiny `BertForPreTraining` (seed `modelSeed`) and one masked two-row batch, as both the gathered and the full-logits paths take it. */
function maskedPretraining(modelSeed: number) {
  const model = buildBert('BertForPreTraining', tinyConfig, Rng.fromSeed(modelSeed));
  const masker = new MlmMasker({ maskTokenId: 4, vocabSize: 99, specialTokenIds: [0, 1, 2, 3, 4], padTokenId: 0, rate: 0.3 });
  const masked = maskedBatchTensors(masker.maskBatch([2, 10, 11, 12, 3, 0, 2, 20, 21, 3, 22, 3], [2, 6], Rng.fromSeed(3)));
  const nextSentenceLabel = tf.tensor1d([0, 1], 'int32');
  const dispose = () => {
    tf.dispose([nextSentenceLabel, ...Object.values(masked)]);
    model.dispose();
  };
  return { model, recipe: mlmNspRecipe(model), masked, nextSentenceLabel, dispose };
}

describe('mlmNspRecipe', () => {
  it('gives the same loss on gathered positions as on full [B, L, V] logits', async () => {
    const { model, recipe, masked, nextSentenceLabel, dispose } = maskedPretraining(2);
    const gathered = tf.tidy(() => recipe.loss({ ...masked, labels: undefined, nextSentenceLabel }, { training: false, rng: Rng.fromSeed(0) }).loss);
    const full = tf.tidy(() => recipe.loss({ inputIds: masked.inputIds, labels: masked.labels, nextSentenceLabel }, { training: false, rng: Rng.fromSeed(0) }).loss);
    expectClose(await gathered.data(), await full.data(), 'loss', { atol: 1e-6, rtol: 1e-6 });
    tf.dispose([gathered, full]);
    dispose();
  });

  it('gives the same parameter gradients on gathered positions as on full [B, L, V] logits', async () => {
    const { model, recipe, masked, nextSentenceLabel, dispose } = maskedPretraining(5);
    const variables = model.trainableVariables();
    const gradients = async (batch: Parameters<typeof recipe.loss>[0]) => {
      const { value, grads } = tf.variableGrads(() => recipe.loss(batch, { training: false, rng: Rng.fromSeed(0) }).loss as tf.Scalar, variables);
      const arrays = new Map(await Promise.all(Object.entries(grads).map(async ([name, grad]) => [name, await grad.data()] as const)));
      tf.dispose([value, ...Object.values(grads)]);
      return arrays;
    };
    const gathered = await gradients({ ...masked, labels: undefined, nextSentenceLabel });
    const full = await gradients({ inputIds: masked.inputIds, labels: masked.labels, nextSentenceLabel });
    expect([...gathered.keys()].sort()).toEqual([...full.keys()].sort());
    for (const [name, values] of gathered) expectClose(values, full.get(name)!, name, { atol: 1e-6, rtol: 1e-4 });
    dispose();
  });

  it('leaks no tensor across training steps', async () => {
    const model = buildBert('BertForPreTraining', tinyConfig, Rng.fromSeed(4));
    const recipe = mlmNspRecipe(model);
    const [inputIds, attentionMask] = ids();
    const batch = { inputIds: inputIds!, attentionMask, labels: tf.tensor2d([[-100, 10, -100, 12, -100, -100], [-100, -100, 21, -100, -100, -100]], undefined, 'int32'), nextSentenceLabel: tf.tensor1d([0, 1], 'int32') };
    const variables = model.trainableVariables();
    await expectNoLeak(() => tf.memory(), () => {
      const { value, grads } = tf.variableGrads(() => recipe.loss(batch, { training: true, rng: Rng.fromSeed(1) }).loss as tf.Scalar, variables);
      tf.dispose([value, ...Object.values(grads)]);
    }, { warmup: 1, steps: 2 });
    tf.dispose(Object.values(batch));
    model.dispose();
  });
});

describe('BertModel word embeddings', () => {
  it("treat pad_token_id as PyTorch's padding_idx: a zero row that lookups do not train", async () => {
    const config = BertConfig.with(tinyConfig, { padTokenId: 1 });
    const model = buildBert('BertModel', config, Rng.fromSeed(3));
    model.eval();
    const table = model.embeddings.word.weight;
    expect(((await table.value.array()) as number[][])[1]!.every((value) => value === 0)).toBe(true);
    const inputIds = tf.tensor2d([[2, 10, 1, 1]], undefined, 'int32');
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(model.forward({ inputIds }).lastHiddenState)) as tf.Scalar, [table.variable]);
    const gradient = (await grads[table.variable.name]!.array()) as number[][];
    expect(gradient[1]!.every((entry) => entry === 0)).toBe(true);
    expect(gradient[10]!.some((entry) => entry !== 0)).toBe(true);
    tf.dispose([inputIds, value, ...Object.values(grads)]);
    model.dispose();
  });
});
