import { adamwUpdate, attentionSoftmax, fusedKernelNames, fusedKernels, gelu, geluTanh, hasFusedKernel, layerNorm, setFusedKernelsEnabled, sparseSoftmaxCrossEntropy, tf } from '@pretrain/core';
import { expectClose, expectNoLeak } from '@pretrain/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isSimdKernel, registerFusedWasmKernels, wasmFusedKernelNames } from './fused.js';
import { wasmBackend } from './index.js';

const maskedScore = -3.4028234663852886e38;
const values = (size: number, scale: number, phase: number) => Float32Array.from({ length: size }, (_, index) => scale * Math.sin(1.7 * index + phase));

/** Every fused op once, forward and backward, on inputs large enough to grow the heap between allocations. */
function everyOp(): tf.Tensor[] {
  return tf.tidy(() => {
    const x = tf.tensor(values(4 * 7 * 33, 2, 0), [4, 7, 33]);
    const [weight, bias] = [tf.tensor(values(33, 1, 1)), tf.tensor(values(33, 0.5, 2))];
    const labels = tf.tensor2d([1, -100, 32, 0, 5, 6, -100, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27], [4, 7], 'int32');
    const mask = tf.tensor4d(Array.from({ length: 7 * 33 }, (_, index) => (index % 33 <= Math.floor(index / 33) ? 0 : maskedScore)), [1, 1, 7, 33]);
    const loss = (...inputs: tf.Tensor[]) => {
      const [input, gamma, beta] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor];
      const normalized = layerNorm(input, gamma, beta, 1e-5);
      const activated = tf.add(gelu(normalized), geluTanh(normalized));
      const probabilities = attentionSoftmax(tf.reshape(activated, [4, 1, 7, 33]), { scale: 0.7, mask });
      return tf.add(sparseSoftmaxCrossEntropy(tf.mul(tf.reshape(probabilities, [4, 7, 33]), 9), labels), tf.sum(activated));
    };
    const grads = tf.grads(loss)([x, weight, bias]);
    const update = adamwUpdate({ parameter: weight, gradient: grads[1]!, firstMoment: tf.onesLike(weight), secondMoment: tf.onesLike(weight) }, { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1, step: 2 });
    return [loss(x, weight, bias), ...grads, update.parameter, update.firstMoment, update.secondMoment];
  });
}

async function read(tensors: tf.Tensor[]): Promise<Float32Array[]> {
  const result = await Promise.all(tensors.map(async (tensor) => (await tensor.data()) as Float32Array));
  tf.dispose(tensors);
  return result;
}

beforeAll(async () => {
  await wasmBackend.setup();
});
afterEach(() => setFusedKernelsEnabled(true));

describe('registerFusedWasmKernels', () => {
  it('registers the kernels measured to help when the backend is set up', () => {
    expect(fusedKernelNames.filter((name) => hasFusedKernel(name)).sort()).toEqual([...wasmFusedKernelNames].sort());
    expect(wasmFusedKernelNames.every(isSimdKernel)).toBe(true);
  });

  it('gives the composites’ values and gradients from every kernel when all are registered', async () => {
    registerFusedWasmKernels(fusedKernelNames);
    expect(fusedKernelNames.every((name) => hasFusedKernel(name) && isSimdKernel(name))).toBe(true);
    const fused = await read(everyOp());
    setFusedKernelsEnabled(false);
    const composite = await read(everyOp());
    composite.forEach((expected, index) => expectClose(fused[index]!, expected, `output ${index}`, { atol: 1e-5, rtol: 1e-4 }));
  });

  it('runs AdamW as a SIMD loop that gives the composite bit for bit, the scalar tail included', async () => {
    expect(isSimdKernel(fusedKernels.FusedAdamW)).toBe(true);
    const size = 4 * 257 + 3;
    const state = { parameter: tf.tensor(values(size, 1, 0)), gradient: tf.tensor(values(size, 1e-2, 1)), firstMoment: tf.tensor(values(size, 1e-3, 2)), secondMoment: tf.abs(tf.tensor(values(size, 1e-4, 3))) };
    for (const weightDecay of [0.1, 0]) {
      const attrs = { learningRate: 3e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay, step: 5 };
      const run = async (fused: boolean) => {
        setFusedKernelsEnabled(fused);
        const update = tf.tidy(() => adamwUpdate(state, attrs));
        return read([update.parameter, update.firstMoment, update.secondMoment]);
      };
      expect(await run(true)).toEqual(await run(false));
    }
    tf.dispose(Object.values(state));
  });

  it('gives the composite layer norm from the SIMD rows when the last axis is a multiple of 4', async () => {
    expect([fusedKernels.LayerNorm, fusedKernels.LayerNormGrad].every(isSimdKernel)).toBe(true);
    const [x, weight, bias] = [tf.tensor(values(6 * 36, 3, 0), [2, 3, 36]), tf.tensor(values(36, 1, 1)), tf.tensor(values(36, 0.5, 2))];
    const run = (fused: boolean) => {
      setFusedKernelsEnabled(fused);
      return read(tf.tidy(() => {
        const dy = tf.tensor(values(6 * 36, 1, 3), [2, 3, 36]);
        const loss = (...inputs: tf.Tensor[]) => tf.sum(tf.mul(layerNorm(inputs[0]!, inputs[1]!, inputs[2]!, 1e-5), dy));
        return [layerNorm(x, weight, bias, 1e-5), ...tf.grads(loss)([x, weight, bias])];
      }));
    };
    const [fused, composite] = [await run(true), await run(false)];
    composite.forEach((expected, index) => expectClose(fused[index]!, expected, `output ${index}`, { atol: 1e-5, rtol: 1e-4 }));
    tf.dispose([x, weight, bias]);
  });

  it('gives the composite attention softmax with padding, causal and no masks', async () => {
    registerFusedWasmKernels(fusedKernelNames);
    const scores = tf.tensor(values(2 * 3 * 5 * 6, 4, 0), [2, 3, 5, 6]);
    const padding = tf.tensor4d([0, 0, 0, 0, maskedScore, maskedScore, 0, maskedScore, 0, 0, 0, 0], [2, 1, 1, 6]);
    const causal = tf.tensor4d(Array.from({ length: 30 }, (_, index) => (index % 6 <= Math.floor(index / 6) ? 0 : maskedScore)), [1, 1, 5, 6]);
    for (const mask of [padding, causal, undefined]) {
      const run = (fused: boolean) => {
        setFusedKernelsEnabled(fused);
        return read(tf.tidy(() => {
          const dy = tf.tensor(values(scores.size, 1, 5), scores.shape);
          const loss = (input: tf.Tensor) => tf.sum(tf.mul(attentionSoftmax(input, { scale: 0.4, mask }), dy));
          return [attentionSoftmax(scores, { scale: 0.4, mask }), tf.grad(loss)(scores)];
        }));
      };
      const [fused, composite] = [await run(true), await run(false)];
      composite.forEach((expected, index) => expectClose(fused[index]!, expected, `mask ${mask?.shape.join('x') ?? 'none'} output ${index}`, { atol: 1e-6, rtol: 1e-4 }));
    }
    tf.dispose([scores, padding, causal]);
  });

  it('leaks no tensor across steps', async () => {
    registerFusedWasmKernels(fusedKernelNames);
    await expectNoLeak(tf.memory, async () => read(everyOp()));
  });
});
