import { expectClose, expectNoLeak, setupTestBackend, testBackend } from '@pretrain/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng/rng.js';
import { tf } from '../tensor/tf.js';
import { adamwUpdate, attentionSoftmax, gelu, geluTanh, layerNorm, sparseSoftmaxCrossEntropy } from '../ops/index.js';
import { fusedKernelNames } from './kernel_names.js';
import { hasFusedKernel, setFusedKernelsEnabled } from './registry.js';

// Each fused op against its composite on the active backend: value and the gradient of every input.
// Tiny on purpose (CI runs *.conformance.test.ts on WebGPU/SwiftShader too); no synchronous readback.

const maskedScore = -3.4028234663852886e38;
const rng = Rng.fromSeed(18);
const normal = (shape: number[], scale = 1) => tf.tensor(rng.normal(shape.reduce((a, b) => a * b, 1), 0, scale), shape);

interface Case {
  name: string;
  /** Why the case is skipped on a backend (known gaps of tfjs's own kernels, which the composite uses). */
  skipOn?: Partial<Record<ReturnType<typeof testBackend>, string>>;
  inputs: () => tf.Tensor[];
  op: (inputs: tf.Tensor[]) => tf.Tensor;
}

const labels = [3, -100, 0, 10, -100, 2];
const causalWithEmptyRow = [0, maskedScore, maskedScore, maskedScore, maskedScore, 0, 0, maskedScore, maskedScore, maskedScore, ...new Array<number>(5).fill(maskedScore)];
const cases: Case[] = [
  { name: 'layerNorm', inputs: () => [normal([2, 3, 37], 2), normal([37]), normal([37])], op: ([x, w, b]) => layerNorm(x!, w!, b!, 1e-5) },
  { name: 'gelu', inputs: () => [normal([3, 37], 3)], op: ([x]) => gelu(x!) },
  { name: 'geluTanh', inputs: () => [normal([3, 37], 3)], op: ([x]) => geluTanh(x!) },
  { name: 'sparseSoftmaxCrossEntropy', inputs: () => [normal([2, 3, 11], 3)], op: ([x]) => sparseSoftmaxCrossEntropy(x!, tf.tensor2d(labels, [2, 3], 'int32')) },
  { name: 'sparseSoftmaxCrossEntropy, every label ignored', inputs: () => [normal([4, 11])], op: ([x]) => sparseSoftmaxCrossEntropy(x!, tf.fill([4], -100, 'int32')) },
  { name: 'attentionSoftmax', inputs: () => [normal([2, 2, 3, 5], 3)], op: ([x]) => attentionSoftmax(x!, { scale: 0.3 }) },
  {
    name: 'attentionSoftmax, padding mask',
    inputs: () => [normal([2, 2, 3, 5], 3)],
    op: ([x]) => attentionSoftmax(x!, { scale: 0.3, mask: tf.tensor4d([0, 0, 0, maskedScore, maskedScore, 0, maskedScore, 0, 0, 0], [2, 1, 1, 5]) }),
  },
  {
    name: 'attentionSoftmax, causal mask with a fully masked row',
    skipOn: { webgpu: "tfjs-webgpu's Softmax gives NaN for a row whose scores are all the float32 minimum (cpu and wasm give a uniform row)" },
    inputs: () => [normal([2, 2, 3, 5], 3)],
    op: ([x]) => attentionSoftmax(x!, { scale: 0.3, mask: tf.tensor4d(causalWithEmptyRow, [1, 1, 3, 5]) }),
  },
];

/** Value and input gradients of `sum(op(inputs) · weights)`, read back. */
async function valueAndGradients({ op }: Case, tensors: tf.Tensor[], fused: boolean): Promise<Float32Array[]> {
  setFusedKernelsEnabled(fused);
  const results = tf.tidy(() => {
    const value = op(tensors);
    const weights = tf.tensor(Float32Array.from({ length: value.size }, (_, index) => Math.sin(index + 1)), value.shape);
    return [value, ...tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(op(args), weights)))(tensors)];
  });
  const values = await Promise.all(results.map(async (tensor) => (await tensor.data()) as Float32Array));
  tf.dispose(results);
  return values;
}

beforeAll(async () => {
  await setupTestBackend();
});
afterEach(() => setFusedKernelsEnabled(true));

describe('fused ops', () => {
  it('have every kernel registered on cpu', () => {
    if (testBackend() === 'cpu') expect(fusedKernelNames.filter((name) => !hasFusedKernel(name))).toEqual([]);
  });

  for (const testCase of cases) {
    it.skipIf(testCase.skipOn?.[testBackend()] !== undefined)(`match the composite when ${testCase.name} runs fused${testCase.skipOn?.[testBackend()] ? ` (skipped on ${testBackend()}: ${testCase.skipOn[testBackend()]})` : ''}`, async () => {
      const tensors = testCase.inputs();
      const [fused, composite] = [await valueAndGradients(testCase, tensors, true), await valueAndGradients(testCase, tensors, false)];
      composite.forEach((expected, index) => expectClose(fused[index]!, expected, `${testCase.name} ${index === 0 ? 'value' : `gradient ${index - 1}`}`, { atol: 1e-5, rtol: 1e-4 }));
      tf.dispose(tensors);
    });
  }

  it('match the composite AdamW update bit for bit', async () => {
    const state = { parameter: normal([3, 7]), gradient: normal([3, 7], 1e-2), firstMoment: normal([3, 7], 1e-3), secondMoment: tf.abs(normal([3, 7], 1e-4)) };
    const attrs = { learningRate: 1e-2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1, step: 3 };
    const run = async (fused: boolean) => {
      setFusedKernelsEnabled(fused);
      const update = tf.tidy(() => adamwUpdate(state, attrs));
      const values = await Promise.all([update.parameter, update.firstMoment, update.secondMoment].map((tensor) => tensor.data()));
      tf.dispose(update);
      return values;
    };
    expect(await run(true)).toEqual(await run(false));
    tf.dispose(Object.values(state));
  });

  it('leak no tensor across forward and backward steps', async () => {
    const tensors = cases.map((testCase) => testCase.inputs());
    await expectNoLeak(tf.memory, async () => {
      for (const [index, testCase] of cases.entries()) await valueAndGradients(testCase, tensors[index]!, true);
    });
    tf.dispose(tensors.flat());
  });
});
