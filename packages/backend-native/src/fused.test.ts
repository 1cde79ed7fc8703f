import { adamwUpdate, attentionSoftmax, gelu, geluTanh, layerNorm, Rng, sparseSoftmaxCrossEntropy, tf, type Tensor } from '@pretrain/core';
import { expectClose } from '@pretrain/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeBackend, nativeKernelNames } from './index.js';

const probe = await nativeBackend.probe();

/** Values and input gradients of Σ op(inputs)·w on `backend`, from seeded inputs. */
async function valuesAndGradients(backend: string, shapes: number[][], op: (...inputs: Tensor[]) => Tensor): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const rng = Rng.fromSeed(3);
  const inputs = shapes.map((shape) => tf.tensor(rng.normal(shape.reduce((a, b) => a * b, 1), 0, 1), shape));
  const weights = tf.tidy(() => tf.tensor(rng.normal(op(...inputs).size, 0, 1), op(...inputs).shape));
  const output = op(...inputs);
  const gradients = tf.grads((...xs: Tensor[]) => tf.sum(tf.mul(op(...xs), weights)))(inputs);
  const results = await Promise.all([output, ...gradients].map(async (tensor) => Float32Array.from(await tensor.data())));
  tf.dispose([...inputs, weights, output, ...gradients]);
  return results;
}

async function expectLikeCpu(what: string, shapes: number[][], op: (...inputs: Tensor[]) => Tensor): Promise<void> {
  const expected = await valuesAndGradients('cpu', shapes, op);
  const actual = await valuesAndGradients('native', shapes, op);
  actual.forEach((values, index) => expectClose(values, expected[index]!, `${what} ${index === 0 ? 'output' : `gradient ${index}`}`));
}

describe.runIf(probe.available)(`fused kernels on native against core’s cpu kernels (needs the built addon: ${probe.reason})`, () => {
  beforeAll(async () => {
    await nativeBackend.setup();
  });

  it('registers every native kernel under a name tfjs-cpu or core defines', () => {
    for (const name of nativeKernelNames) expect(tf.getKernel(name, 'cpu'), name).toBeDefined();
    for (const name of nativeKernelNames) expect(tf.getKernel(name, 'native'), name).toBeDefined();
  });

  it('normalises layers, forward and backward', async () => {
    await expectLikeCpu('layerNorm', [[2, 7, 37], [37], [37]], (x, w, b) => layerNorm(tf.add(tf.mul(x!, 3), 1), w!, b!, 1e-5));
  });

  it('computes GELU in both forms, forward and backward', async () => {
    await expectLikeCpu('gelu', [[7, 333]], (x) => gelu(tf.mul(x!, 3)));
    await expectLikeCpu('geluTanh', [[7, 333]], (x) => geluTanh(tf.mul(x!, 3)));
  });

  it('computes attention softmax with a broadcast mask, forward and backward', async () => {
    const mask = () => tf.where(tf.greater(tf.reshape(tf.linspace(-1, 1, 7), [1, 1, 1, 7]), 0.5), tf.fill([1, 1, 1, 7], -1e9), tf.zeros([1, 1, 1, 7]));
    await expectLikeCpu('attentionSoftmax', [[2, 3, 5, 7]], (scores) => attentionSoftmax(scores!, { scale: 0.125, mask: mask() }));
    await expectLikeCpu('attentionSoftmax unmasked', [[2, 3, 5, 7]], (scores) => attentionSoftmax(scores!, { scale: 0.5 }));
  });

  it('computes the cross-entropy and its gradient, ignoring -100', async () => {
    const labels = () => tf.tensor1d([3, -100, 98, 0, 5, -100, 7], 'int32');
    await expectLikeCpu('sparseSoftmaxCrossEntropy', [[7, 99]], (logits) => sparseSoftmaxCrossEntropy(tf.mul(logits!, 4), labels()));
    await tf.setBackend('native');
    expect(() => sparseSoftmaxCrossEntropy(tf.zeros([2, 5]), tf.tensor1d([1, 9], 'int32'))).toThrow(/outside \[0, 5\)/);
  });

  it('takes the AdamW step the cpu kernel takes, bit for bit', async () => {
    const step = async (backend: string) => {
      await tf.setBackend(backend);
      const rng = Rng.fromSeed(5);
      const [parameter, gradient, firstMoment] = [0, 1, 2].map(() => tf.tensor(rng.normal(1000, 0, 1), [10, 100]));
      const secondMoment = tf.tensor(rng.uniform(1000), [10, 100]);
      const state = { parameter: parameter!, gradient: gradient!, firstMoment: firstMoment!, secondMoment };
      const update = adamwUpdate(state, { learningRate: 3e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01, step: 7 });
      const values = await Promise.all([update.parameter, update.firstMoment, update.secondMoment].map(async (tensor) => Array.from(await tensor.data())));
      tf.dispose([parameter!, gradient!, firstMoment!, secondMoment, update.parameter, update.firstMoment, update.secondMoment]);
      return values;
    };
    expect(await step('native')).toEqual(await step('cpu'));
  });
});

describe.runIf(probe.available)(`the BatchMatMul gradient on native (needs the built addon: ${probe.reason})`, () => {
  it('reads transpose flags instead of materialising transposes, with the gradients cpu computes', async () => {
    await nativeBackend.setup();
    for (const [transposeA, transposeB] of [[false, false], [false, true], [true, false], [true, true]] as const) {
      const shapes = [transposeA ? [3, 16, 7] : [3, 7, 16], transposeB ? [3, 5, 16] : [3, 16, 5]];
      await expectLikeCpu(`matMul ${transposeA} ${transposeB}`, shapes, (a, b) => tf.matMul(a!, b!, transposeA, transposeB));
    }
    await tf.setBackend('native');
    const [a, b] = [tf.ones([7, 16]), tf.ones([16, 5])];
    const profile = await tf.profile(() => tf.grads((x: Tensor, y: Tensor) => tf.sum(tf.matMul(x, y)))([a, b]));
    expect(profile.kernels.map((kernel) => kernel.name)).not.toContain('Transpose');
    tf.dispose([a, b]);
  });
});
