import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, tf, type Tensor } from '@pretrain/core';
import { expectClose, expectNoLeak, runModelTest, setupTestBackend } from '@pretrain/testing';
import { gptConventions } from './checkpoint.js';
import { GPT2Config, OpenAIGPTConfig } from './config.js';
import { GPT2DoubleHeadsModel, GPT2ForSequenceClassification, GPT2LMHeadModel, OpenAIGPTDoubleHeadsModel, OpenAIGPTForSequenceClassification, OpenAIGPTLMHeadModel } from './heads.js';
import { GPT2Model } from './model.js';
import { numParameters } from './presets.js';

// Awkward sizes so a transposed weight cannot pass.
const gpt2Config = GPT2Config.create({ vocabSize: 99, nPositions: 16, nEmbd: 32, nLayer: 2, nHead: 4, nInner: 37, padTokenId: 0, id2label: { 0: 'a', 1: 'b', 2: 'c' } });
const gpt1Config = OpenAIGPTConfig.create({ vocabSize: 91, nPositions: 16, nEmbd: 24, nLayer: 2, nHead: 3 });

function layerKeys(prefix: string, layers: number, withFinalNorm: boolean): string[] {
  const perLayer = ['ln_1.weight', 'ln_1.bias', 'attn.c_attn.weight', 'attn.c_attn.bias', 'attn.c_proj.weight', 'attn.c_proj.bias', 'ln_2.weight', 'ln_2.bias', 'mlp.c_fc.weight', 'mlp.c_fc.bias', 'mlp.c_proj.weight', 'mlp.c_proj.bias'];
  const keys = Array.from({ length: layers }, (_, index) => perLayer.map((name) => `${prefix}h.${index}.${name}`)).flat();
  return withFinalNorm ? [...keys, `${prefix}ln_f.weight`, `${prefix}ln_f.bias`] : keys;
}

const gpt2Keys = ['transformer.wte.weight', 'transformer.wpe.weight', ...layerKeys('transformer.', 2, true)];
const gpt1Keys = ['transformer.tokens_embed.weight', 'transformer.positions_embed.weight', ...layerKeys('transformer.', 2, false)];
/** runModelTest compares outputs: dropout off. */
function evaluating<M extends { eval(): unknown }>(model: M): M {
  model.eval();
  return model;
}

const ids = () => [tf.tensor2d([[5, 17, 40, 3, 0], [9, 2, 0, 0, 0]], undefined, 'int32'), tf.tensor2d([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0]], undefined, 'int32')];
const choices = () => [tf.tensor3d([[[5, 17, 40, 3], [9, 2, 8, 1]]], undefined, 'int32'), tf.tensor2d([[3, 2]], undefined, 'int32')];

describe('GPT models', () => {
  beforeAll(async () => {
    await setupTestBackend();
  });

  it('GPT2LMHeadModel has Hugging Face keys and survives save → load', async () => {
    await runModelTest({
      build: (rng) => evaluating(new GPT2LMHeadModel(gpt2Config, rng)), expectedKeys: gpt2Keys, inputs: ids, conventions: gptConventions,
      forward: (model, [inputIds, attentionMask]) => model.forward({ inputIds: inputIds!, attentionMask }, { useCache: false }).logits,
    });
  });

  it('OpenAIGPTLMHeadModel has Hugging Face keys and survives save → load', async () => {
    await runModelTest({
      build: (rng) => evaluating(new OpenAIGPTLMHeadModel(gpt1Config, rng)), expectedKeys: gpt1Keys, inputs: ids, conventions: gptConventions,
      forward: (model, [inputIds, attentionMask]) => model.forward({ inputIds: inputIds!, attentionMask }, { useCache: false }).logits,
    });
  });

  it('GPT2DoubleHeadsModel adds multiple_choice_head.summary and gives [B, C, L, V] and [B, C]', async () => {
    await runModelTest({
      build: (rng) => evaluating(new GPT2DoubleHeadsModel(gpt2Config, rng)), expectedKeys: [...gpt2Keys, 'multiple_choice_head.summary.weight', 'multiple_choice_head.summary.bias'], inputs: choices, conventions: gptConventions,
      forward: (model, [inputIds, mcTokenIds]) => {
        const { logits, mcLogits } = model.forwardChoices({ inputIds: inputIds!, mcTokenIds });
        expect(logits.shape).toEqual([1, 2, 4, 99]);
        expect(mcLogits.shape).toEqual([1, 2]);
        return { logits, mcLogits };
      },
    });
  });

  it('OpenAIGPTDoubleHeadsModel counts as numParameters says', () => {
    const model = new OpenAIGPTDoubleHeadsModel(gpt1Config, Rng.fromSeed(1));
    expect(model.numParameters()).toBe(numParameters(gpt1Config, 'OpenAIGPTDoubleHeadsModel'));
    model.dispose();
  });

  it('GPT2ForSequenceClassification scores the last token before padding with a bias-free score', async () => {
    await runModelTest({
      build: (rng) => evaluating(new GPT2ForSequenceClassification(gpt2Config, rng)), expectedKeys: [...gpt2Keys, 'score.weight'], inputs: ids, conventions: gptConventions,
      forward: (model, [inputIds, attentionMask]) => model.forward({ inputIds: inputIds!, attentionMask }).logits,
    });
    const model = new GPT2ForSequenceClassification(gpt2Config, Rng.fromSeed(2));
    model.eval();
    const [inputIds, attentionMask] = ids();
    const [pooled, full] = tf.tidy(() => {
      const { logits, lastHiddenState } = model.forward({ inputIds: inputIds!, attentionMask });
      return [logits, model.score.forward(lastHiddenState)];
    }) as [Tensor, Tensor];
    const fullValues = (await full.array()) as number[][][];
    // First pad (id 0) at 4 and 2. Close, not equal: BLAS may round a [2, H] and a [2·L, H] product differently.
    expectClose((await pooled.data()) as Float32Array, [...fullValues[0]![3]!, ...fullValues[1]![1]!], 'pooled logits', { atol: 1e-6, rtol: 1e-5 });
    tf.dispose([pooled, full, inputIds!, attentionMask!]);
    model.dispose();
  });

  it('OpenAIGPTForSequenceClassification has a bias-free score on GPT-1 and counts as numParameters says', async () => {
    const config = OpenAIGPTConfig.with(gpt1Config, { padTokenId: 0, id2label: { 0: 'a', 1: 'b' }, label2id: { a: 0, b: 1 } });
    await runModelTest({
      build: (rng) => evaluating(new OpenAIGPTForSequenceClassification(config, rng)), expectedKeys: [...gpt1Keys, 'score.weight'], inputs: ids, conventions: gptConventions,
      forward: (model, [inputIds, attentionMask]) => model.forward({ inputIds: inputIds!, attentionMask }).logits,
    });
    const model = new OpenAIGPTForSequenceClassification(config, Rng.fromSeed(9));
    expect(model.numParameters()).toBe(numParameters(config, 'OpenAIGPTForSequenceClassification'));
    model.dispose();
    const withoutPad = new OpenAIGPTForSequenceClassification(OpenAIGPTConfig.with(config, { padTokenId: null }), Rng.fromSeed(9));
    const twoRows = tf.zeros([2, 3], 'int32');
    expect(() => withoutPad.forward({ inputIds: twoRows })).toThrow(/OpenAIGPTForSequenceClassification: batches of 2 rows need config.padTokenId/);
    tf.dispose(twoRows);
    withoutPad.dispose();
  });

  it('draws residual projections with std initializer_range / √(2·n_layer)', async () => {
    const config = GPT2Config.create({ vocabSize: 50, nPositions: 8, nEmbd: 64, nLayer: 8, nHead: 4 });
    const model = new GPT2Model(config, Rng.fromSeed(3));
    const std = async (tensor: Tensor) => {
      const values = Array.from(await tensor.data());
      return Math.sqrt(values.reduce((sum, value) => sum + value * value, 0) / values.length);
    };
    const layer = model.layers[0]!;
    expect(await std(layer.attention.outputProjection.weight.value)).toBeCloseTo(0.02 / 4, 3);
    expect(await std(layer.feedForward.output.weight.value)).toBeCloseTo(0.02 / 4, 3);
    expect(await std(layer.feedForward.input.weight.value)).toBeCloseTo(0.02, 2);
    model.dispose();
  });

  it('gives the same logits with and without the KV cache', async () => {
    const model = new GPT2LMHeadModel(gpt2Config, Rng.fromSeed(4));
    model.eval();
    const [full, cached] = tf.tidy(() => {
      const inputIds = tf.tensor2d([[5, 17, 40, 3]], undefined, 'int32');
      const whole = model.forward({ inputIds }).logits;
      const first = model.forward({ inputIds: tf.slice(inputIds, [0, 0], [1, 3]) });
      const next = model.forward({ inputIds: tf.slice(inputIds, [0, 3], [1, 1]), pastKeyValues: first.pastKeyValues }).logits;
      return [tf.slice(whole, [0, 3, 0], [1, 1, -1]), next];
    }) as [Tensor, Tensor];
    const [a, b] = [await full.data(), await cached.data()];
    a.forEach((value, index) => expect(value).toBeCloseTo(b[index]!, 4));
    tf.dispose([full, cached]);
    model.dispose();
  });

  it('restricts odd layers to the band when attention alternates (GPT-3)', () => {
    const config = GPT2Config.with(gpt2Config, { attentionTypes: [[['global', 'local'], 1]], windowSize: 2 });
    const model = new GPT2Model(config, Rng.fromSeed(5));
    expect(model.layers.map((layer) => layer.attention.config.localWindow)).toEqual([undefined, 2]);
    model.dispose();
  });

  it('trains without leaking tensors, dropout drawn from the rng', async () => {
    const model = new GPT2LMHeadModel(gpt2Config, Rng.fromSeed(6));
    model.train();
    const [inputIds] = ids();
    const rng = Rng.fromSeed(7);
    await expectNoLeak(() => tf.memory(), () => {
      const { value, grads } = tf.variableGrads(() => tf.mean(model.forward({ inputIds: inputIds! }, { rng, useCache: false }).logits) as tf.Scalar, model.trainableVariables());
      tf.dispose([value, ...Object.values(grads)]);
    });
    tf.dispose(inputIds!);
    model.dispose();
  });

  it('rejects more positions than n_positions', () => {
    const model = new GPT2Model(gpt2Config, Rng.fromSeed(8));
    expect(() => model.forward({ inputIds: tf.zeros([1, 17], 'int32') })).toThrow(/n_positions 16/);
    model.dispose();
  });
});
