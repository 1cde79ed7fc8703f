import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, setFusedKernelsEnabled, tf, type LayerPast, type Tensor } from '@pretrain/core';
import { expectClose, expectNoLeak, setupTestBackend } from '@pretrain/testing';
import { GPT2Config, OpenAIGPTConfig } from './config.js';
import { GPT2LMHeadModel, OpenAIGPTLMHeadModel } from './heads.js';

// Awkward sizes so a transposed weight or a head mix-up cannot pass; large weights so attention is far from uniform.
const gpt2 = GPT2Config.create({ vocabSize: 61, nPositions: 16, nEmbd: 24, nLayer: 2, nHead: 3, nInner: 29, initializerRange: 0.4 });
const models = {
  'GPT-2 (pre-LN)': () => new GPT2LMHeadModel(gpt2, Rng.fromSeed(1)),
  'GPT-1 (post-LN)': () => new OpenAIGPTLMHeadModel(OpenAIGPTConfig.create({ vocabSize: 53, nPositions: 16, nEmbd: 24, nLayer: 2, nHead: 2, initializerRange: 0.4 }), Rng.fromSeed(2)),
  'GPT-3 banded layers, scores scaled by 1/(layer + 1)': () =>
    new GPT2LMHeadModel(GPT2Config.with(gpt2, { attentionTypes: [[['global', 'local'], 1]], windowSize: 3, scaleAttnByInverseLayerIdx: true }), Rng.fromSeed(3)),
};

type Model = GPT2LMHeadModel | OpenAIGPTLMHeadModel;
type Step = { logits: Tensor; past: LayerPast[] };

/** Prefill of a left-padded batch, then one token per row: through the one-token path, or through the layers' own forward (`outputHiddenStates` takes that one). */
function twoCalls(model: Model, generic: boolean, withMask: boolean, rows = 2): Step {
  return tf.tidy(() => {
    const prompt = tf.tensor2d([[5, 17, 40, 3, 8, 1], [0, 0, 9, 2, 7, 4]].slice(0, rows), undefined, 'int32');
    const promptMask = tf.tensor2d([[1, 1, 1, 1, 1, 1], [0, 0, 1, 1, 1, 1]].slice(0, rows), undefined, 'int32');
    const first = model.forward({ inputIds: prompt, attentionMask: withMask ? promptMask : undefined });
    const next = model.forward(
      {
        inputIds: tf.tensor2d([[11], [6]].slice(0, rows), undefined, 'int32'),
        attentionMask: withMask ? tf.concat([promptMask, tf.ones([rows, 1], 'int32')], 1) : undefined,
        positionIds: withMask ? tf.tensor2d([[6], [4]].slice(0, rows), undefined, 'int32') : undefined,
        pastKeyValues: first.pastKeyValues,
      },
      { outputHiddenStates: generic },
    );
    return { logits: next.logits, past: next.pastKeyValues } as unknown as tf.TensorContainer;
  }) as unknown as Step;
}

async function expectSameStep(actual: Step, expected: Step): Promise<void> {
  expectClose(await actual.logits.data(), await expected.logits.data(), 'logits', { atol: 1e-5, rtol: 1e-5 });
  expect(actual.past.map(({ key }) => key.shape)).toEqual(expected.past.map(({ key }) => key.shape));
  for (const [index, { key, value }] of actual.past.entries()) {
    expectClose(await key.data(), await expected.past[index]!.key.data(), `past[${index}].key`, { atol: 1e-5, rtol: 1e-5 });
    expectClose(await value.data(), await expected.past[index]!.value.data(), `past[${index}].value`, { atol: 1e-5, rtol: 1e-5 });
  }
}

const disposeStep = ({ logits, past }: Step) => tf.dispose([logits, ...past.flatMap(({ key, value }) => [key, value])]);

describe('the one-token decoding step', () => {
  beforeAll(async () => {
    await setupTestBackend();
  });

  for (const [name, build] of Object.entries(models)) {
    it(`gives the layers' own logits and cache: ${name}, left padding`, async () => {
      const model = build().eval();
      for (const withMask of [true, false]) {
        const [fast, generic] = [twoCalls(model, false, withMask), twoCalls(model, true, withMask)];
        await expectSameStep(fast, generic);
        [fast, generic].forEach(disposeStep);
      }
      model.dispose();
    });
  }

  it("gives the layers' own logits and cache for a single row", async () => {
    const model = models['GPT-2 (pre-LN)']().eval();
    const [fast, generic] = [twoCalls(model, false, false, 1), twoCalls(model, true, false, 1)];
    await expectSameStep(fast, generic);
    [fast, generic].forEach(disposeStep);
    model.dispose();
  });

  it("gives the layers' own values with core's fused kernels off (their composites run)", async () => {
    const model = models['GPT-2 (pre-LN)']().eval();
    setFusedKernelsEnabled(false);
    try {
      const [fast, generic] = [twoCalls(model, false, true), twoCalls(model, true, true)];
      await expectSameStep(fast, generic);
      [fast, generic].forEach(disposeStep);
    } finally {
      setFusedKernelsEnabled(true);
    }
    model.dispose();
  });

  it('is taken in training mode only when every dropout rate is 0', async () => {
    const model = new GPT2LMHeadModel(GPT2Config.with(gpt2, { residPdrop: 0, embdPdrop: 0, attnPdrop: 0 }), Rng.fromSeed(4));
    model.train();
    const [fast, generic] = [twoCalls(model, false, true), twoCalls(model, true, true)];
    await expectSameStep(fast, generic);
    [fast, generic].forEach(disposeStep);
    model.dispose();
    const dropping = new GPT2LMHeadModel(gpt2, Rng.fromSeed(4)); // dropout 0.1, training mode: the layers' path, which asks for an rng
    expect(() => twoCalls(dropping, false, true)).toThrow(/rng/);
    dropping.dispose();
  });

  it('leaves one-token calls under a gradient tape to the layers (the step has no gradient)', async () => {
    const model = new GPT2LMHeadModel(gpt2, Rng.fromSeed(6)).eval();
    const inputIds = tf.tensor2d([[7]], undefined, 'int32');
    const { value, grads } = tf.variableGrads(() => tf.sum(model.forward({ inputIds }).logits) as tf.Scalar, model.trainableVariables());
    const gradient = grads[model.transformer.layers[0]!.feedForward.input.weight.variable.name]!;
    expect(gradient.shape).toEqual([24, 29]);
    expect(Math.max(...Array.from(await tf.abs(gradient).data()))).toBeGreaterThan(0);
    tf.dispose([value, inputIds, ...Object.values(grads)]);
    model.dispose();
  });

  it('leaves no tensor behind', async () => {
    const model = new GPT2LMHeadModel(gpt2, Rng.fromSeed(5)).eval();
    await expectNoLeak(() => tf.memory(), () => disposeStep(twoCalls(model, false, true)));
    model.dispose();
  });
});
