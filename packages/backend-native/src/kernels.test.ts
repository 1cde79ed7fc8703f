import { Rng, tf, type Tensor } from '@pretrain/core';
import { expectClose } from '@pretrain/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeBackend } from './index.js';

const probe = await nativeBackend.probe();

type Input = { shape: number[]; dtype?: 'float32' | 'int32'; low?: number; high?: number };
const float = (...shape: number[]): Input => ({ shape });
const ints = (shape: number[], low: number, high: number): Input => ({ shape, dtype: 'int32', low, high });

/** Runs `op` on tfjs-cpu and on native from the same seeded inputs; returns both outputs' values. */
async function onBoth(inputs: Input[], op: (...tensors: Tensor[]) => Tensor | Tensor[]): Promise<{ native: Float32Array[]; cpu: Float32Array[] }> {
  const results: Record<string, Float32Array[]> = {};
  for (const backend of ['cpu', 'native']) {
    await tf.setBackend(backend);
    const rng = Rng.fromSeed(7);
    const tensors = inputs.map(({ shape, dtype = 'float32', low = 0, high = 1 }) => {
      const size = shape.reduce((a, b) => a * b, 1);
      return dtype === 'int32' ? tf.tensor(rng.int(size, low, high), shape, 'int32') : tf.tensor(rng.normal(size, 0, 1), shape);
    });
    const output = op(...tensors);
    const outputs = Array.isArray(output) ? output : [output];
    results[backend] = await Promise.all(outputs.map(async (tensor) => Float32Array.from(await tensor.data())));
    tf.dispose([...tensors, ...outputs]);
  }
  return { native: results.native!, cpu: results.cpu! };
}

async function expectSame(what: string, inputs: Input[], op: (...tensors: Tensor[]) => Tensor | Tensor[]): Promise<void> {
  const { native, cpu } = await onBoth(inputs, op);
  expect(native.length, `${what}: outputs`).toBe(cpu.length);
  native.forEach((values, index) => expectClose(values, cpu[index]!, `${what} output ${index}`, { atol: 2e-5, rtol: 2e-5 }));
}

describe.runIf(probe.available)(`native kernels against tfjs-cpu (${probe.reason})`, () => {
  beforeAll(async () => {
    await nativeBackend.setup();
  });

  it('multiplies matrices with every transpose flag, batched and broadcast', async () => {
    await expectSame('2-D', [float(7, 37), float(37, 13)], (a, b) => tf.matMul(a!, b!));
    await expectSame('transposeA', [float(37, 7), float(37, 13)], (a, b) => tf.matMul(a!, b!, true));
    await expectSame('transposeB', [float(7, 37), float(13, 37)], (a, b) => tf.matMul(a!, b!, false, true));
    await expectSame('both', [float(3, 37, 7), float(3, 13, 37)], (a, b) => tf.matMul(a!, b!, true, true));
    await expectSame('batch broadcast', [float(2, 3, 7, 16), float(16, 5)], (a, b) => tf.matMul(a!, b!));
    await expectSame('large', [float(130, 300), float(300, 70)], (a, b) => tf.matMul(a!, b!));
  });

  it('fuses bias and activation into the product', async () => {
    await expectSame('fused relu', [float(2, 7, 37), float(37, 13), float(13)], (x, w, b) => tf.fused.matMul({ a: x!, b: w!, bias: b!, activation: 'relu' }));
    await expectSame('fused linear, transposed', [float(7, 37), float(13, 37), float(13)], (x, w, b) => tf.fused.matMul({ a: x!, b: w!, transposeB: true, bias: b! }));
    await expectSame('fused elu (cpu fallback)', [float(7, 37), float(37, 13)], (x, w) => tf.fused.matMul({ a: x!, b: w!, activation: 'elu' }));
  });

  it('broadcasts binary ops and compares', async () => {
    const shapes: Array<[number[], number[]]> = [[[2, 7, 16], [16]], [[2, 1, 16], [2, 7, 1]], [[7, 16], []], [[1], [3, 5]], [[4, 1, 3, 1], [1, 5, 1, 6]]];
    for (const [aShape, bShape] of shapes) {
      for (const op of [tf.add, tf.sub, tf.mul, tf.div, tf.maximum, tf.minimum, tf.squaredDifference]) {
        await expectSame(`${op.name} ${aShape} ${bShape}`, [float(...aShape), float(...bShape)], (a, b) => op(a!, b!));
      }
      await expectSame(`greater ${aShape} ${bShape}`, [float(...aShape), float(...bShape)], (a, b) => tf.cast(tf.greater(a!, b!), 'float32'));
    }
    await expectSame('pow', [float(5, 4)], (a) => tf.pow(tf.abs(a!), tf.scalar(1.7)));
    await expectSame('int32 add (cpu fallback)', [ints([5], 0, 9), ints([5], 0, 9)], (a, b) => tf.add(a!, b!));
  });

  it('computes unary ops across their ranges', async () => {
    const ops: Array<(x: Tensor) => Tensor> = [tf.exp, tf.tanh, tf.sigmoid, tf.erf, tf.neg, tf.relu, tf.abs, tf.square, tf.sign, tf.relu6, tf.softplus, (x) => tf.step(x, 0.3)];
    for (const op of ops) await expectSame(op.name, [float(3, 333)], (x) => op(tf.mul(x!, 6)));
    for (const op of [tf.log, tf.sqrt, tf.rsqrt, tf.reciprocal, tf.log1p]) await expectSame(op.name, [float(3, 333)], (x) => op(tf.add(tf.abs(x!), 0.01)));
    await expectSame('exp at the extremes', [float(1)], () => tf.exp(tf.tensor1d([-200, -87, -1e-8, 0, 1e-8, 88])));
    const { native } = await onBoth([float(1)], () => tf.exp(tf.tensor1d([200, Number.NaN])));
    expect([...native[0]!]).toEqual([Infinity, Number.NaN]);
  });

  it('transposes any permutation', async () => {
    for (const perm of [[1, 0], [0, 2, 1, 3], [2, 0, 1, 3], [3, 2, 1, 0], [0, 1, 3, 2]]) {
      await expectSame(`perm ${perm}`, [perm.length === 2 ? float(37, 45) : float(3, 5, 4, 7)], (x) => tf.transpose(x!, perm));
    }
  });

  it('reduces over leading, middle, trailing and scattered axes', async () => {
    const axes: Array<number | number[]> = [-1, 0, 1, [0, 1], [0, 2], [1, 2], [0, 1, 2]];
    for (const axis of axes) {
      for (const op of [tf.sum, tf.mean, tf.max, tf.min]) await expectSame(`${op.name} ${axis}`, [float(4, 7, 33)], (x) => op(x!, axis, axis === 1));
    }
    await expectSame('softmax', [float(2, 4, 7, 99)], (x) => tf.softmax(tf.mul(x!, 5)));
    await expectSame('softmax with -1e9 mask', [float(4, 7)], (x) => tf.softmax(tf.where(tf.greater(x!, 0), x!, tf.fill([4, 7], -1e9))));
  });

  it('slices, concatenates and splits', async () => {
    await expectSame('slice', [float(2, 7, 16)], (x) => tf.slice(x!, [1, 2, 3], [1, 4, 9]));
    await expectSame('slice whole rows', [float(4, 7, 16)], (x) => tf.slice(x!, [1, 2, 0], [2, 4, -1]));
    await expectSame('concat -1', [float(2, 7, 16), float(2, 7, 5)], (a, b) => tf.concat([a!, b!], -1));
    await expectSame('concat 0', [float(2, 7, 16), float(3, 7, 16)], (a, b) => tf.concat([a!, b!], 0));
    await expectSame('split', [float(2, 7, 48)], (x) => tf.split(x!, 3, -1));
    await expectSame('split sizes', [float(9, 4)], (x) => tf.split(x!, [2, 3, 4], 0));
  });

  it('gathers, scatters and sums segments', async () => {
    await expectSame('gather rows', [float(99, 16), ints([2, 7], 0, 99)], (table, ids) => tf.gather(table!, ids!));
    await expectSame('gather axis 1', [float(3, 10, 4), ints([5], 0, 10)], (x, ids) => tf.gather(x!, ids!, 1));
    await expectSame('scatterND', [ints([14, 1], 0, 9), float(14, 6)], (ids, updates) => tf.scatterND(ids!, updates!, [9, 6]));
    await expectSame('scatterND depth 2', [ints([14, 2], 0, 3), float(14, 6)], (ids, updates) => tf.scatterND(ids!, updates!, [3, 3, 6]));
    await expectSame('unsortedSegmentSum', [float(14, 6), ints([14], 0, 5)], (x, ids) => tf.unsortedSegmentSum(x!, ids as tf.Tensor1D, 5));
    await expect(onBoth([float(5, 3)], (x) => tf.gather(x!, tf.tensor1d([7], 'int32')))).rejects.toThrow();
  });

  it('tiles and finds the largest element along an axis', async () => {
    await expectSame('tile', [float(2, 1, 3)], (x) => tf.tile(x!, [2, 4, 3]));
    await expectSame('tile 1-D', [float(5)], (x) => tf.tile(x!, [3]));
    for (const axis of [0, 1, -1]) await expectSame(`argMax ${axis}`, [float(4, 7, 33)], (x) => tf.cast(tf.argMax(x!, axis), 'float32'));
    await expectSame('argMax with ties', [float(1)], () => tf.cast(tf.argMax(tf.tensor2d([[1, 3, 3, 0], [2, 2, 2, 2]]), 1), 'float32'));
  });

  it('splits large ops over threads with the results of one thread', async () => {
    await expectSame('large broadcast add', [float(64, 33, 100), float(33, 1)], (a, b) => tf.add(a!, b!));
    await expectSame('large exp', [float(300, 700)], (x) => tf.exp(x!));
    await expectSame('large transpose', [float(37, 300, 29)], (x) => tf.transpose(x!, [2, 0, 1]));
    await expectSame('large slice', [float(40, 300, 30)], (x) => tf.slice(x!, [1, 7, 2], [38, 290, 25]));
    await expectSame('large column sum', [float(3000, 70)], (x) => tf.sum(x!, 0));
    await expectSame('large layer of gathers', [float(5000, 64), ints([4000], 0, 5000)], (table, ids) => tf.gather(table!, ids!));
  });

  it('hands empty tensors to tfjs-cpu', async () => {
    await expectSame('empty add', [float(0, 5), float(5)], (a, b) => tf.add(a!, b!));
    await expectSame('empty transpose', [float(3, 0, 2)], (x) => tf.transpose(x!, [2, 0, 1]));
    await expectSame('empty matMul', [float(0, 5), float(5, 3)], (a, b) => tf.matMul(a!, b!));
    await expectSame('empty sum', [float(0, 4)], (x) => tf.sum(x!, 0));
  });

  it('casts int32 and bool to float32 and builds float32 one-hot rows', async () => {
    await expectSame('cast int32', [ints([3, 33], -50, 50)], (x) => tf.cast(x!, 'float32'));
    await expectSame('cast bool', [float(3, 33)], (x) => tf.cast(tf.greater(x!, 0), 'float32'));
    await expectSame('cast float to int32 (cpu fallback)', [float(3, 33)], (x) => tf.cast(tf.cast(tf.mul(x!, 9), 'int32'), 'float32'));
    await expectSame('oneHot float32', [ints([2, 7], -1, 14)], (ids) => tf.oneHot(ids!, 13, 2, -1, 'float32'));
    await expectSame('oneHot int32 (cpu fallback)', [ints([7], 0, 13)], (ids) => tf.cast(tf.oneHot(ids!, 13), 'float32'));
  });

  it('gives the same products with BLAS threads as with the pool', async () => {
    const pooledThreads = (await nativeBackend.setup()).threads;
    const pooled = await onBoth([float(300, 200), float(200, 150)], (a, b) => tf.matMul(a!, b!));
    await nativeBackend.setup({ gemmThreads: 'blas' });
    const blas = await onBoth([float(300, 200), float(200, 150)], (a, b) => tf.matMul(a!, b!));
    await nativeBackend.setup({ threads: 1 });
    const single = await onBoth([float(300, 200), float(200, 150)], (a, b) => tf.matMul(a!, b!));
    const restored = await nativeBackend.setup();
    expect(restored.threads).toBe(pooledThreads);
    expectClose(blas.native[0]!, pooled.native[0]!, 'blas threads vs pool', { atol: 1e-5, rtol: 1e-5 });
    expectClose(single.native[0]!, pooled.native[0]!, 'one thread vs pool', { atol: 1e-5, rtol: 1e-5 });
  });
});
