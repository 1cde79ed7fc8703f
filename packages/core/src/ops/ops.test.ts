import { expectClose, expectNoLeak, numericGradients, setupTestBackend, type ReferenceFunction } from '@pretrain/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { Parameter } from '../module/parameter.js';
import { Rng } from '../rng/rng.js';
import { tf } from '../tensor/tf.js';
import { attentionSoftmax, gelu, geluTanh, layerNorm, linear, linearInOut, logSoftmax, sparseSoftmaxCrossEntropy } from './index.js';

// Float64 references, written from the definitions; rows are the last axis.
function erf64(x: number): number {
  if (Math.abs(x) > 5) return Math.sign(x);
  let term = x;
  let total = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    total += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * total;
}
const map64 = (f: (value: number) => number): ReferenceFunction => ([x]) => Float64Array.from(x!, f);
const geluExact64 = map64((x) => 0.5 * x * (1 + erf64(x / Math.SQRT2)));
const geluTanh64 = map64((x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))));

function rowsOf(values: Float64Array, size: number): Float64Array[] {
  return Array.from({ length: values.length / size }, (_, row) => values.subarray(row * size, (row + 1) * size));
}
const layerNorm64 = (size: number, eps: number): ReferenceFunction => ([x, weight, bias]) => {
  const out: number[] = [];
  for (const row of rowsOf(x!, size)) {
    const mean = row.reduce((a, b) => a + b, 0) / size;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / size;
    row.forEach((value, index) => out.push(((value - mean) / Math.sqrt(variance + eps)) * weight![index]! + bias![index]!));
  }
  return Float64Array.from(out);
};
const logSoftmax64 = (size: number): ReferenceFunction => ([x]) => {
  const out: number[] = [];
  for (const row of rowsOf(x!, size)) {
    const top = Math.max(...row);
    const logSum = Math.log(row.reduce((a, b) => a + Math.exp(b - top), 0)) + top;
    row.forEach((value) => out.push(value - logSum));
  }
  return Float64Array.from(out);
};
const crossEntropy64 = (size: number, labels: number[]): ReferenceFunction => (inputs) => {
  const logProbabilities = rowsOf(logSoftmax64(size)(inputs), size);
  const kept = labels.map((label, row) => [label, row] as const).filter(([label]) => label !== -100);
  return Float64Array.of(-kept.reduce((total, [label, row]) => total + logProbabilities[row]![label]!, 0) / Math.max(kept.length, 1));
};
const attentionMask = [0, -1e30, -1e30, 0, 0, -1e30, 0, 0, 0]; // causal [1, 1, 3, 3]
const attentionSoftmax64 = (size: number, scale: number): ReferenceFunction => ([x]) => {
  const shifted = Float64Array.from(x!, (value, index) => value * scale + attentionMask[index % attentionMask.length]!);
  return Float64Array.from(logSoftmax64(size)([shifted]), Math.exp);
};
const linear64 = (inputSize: number, outputSize: number, inOut: boolean): ReferenceFunction => ([x, weight, bias]) => {
  const out: number[] = [];
  for (const row of rowsOf(x!, inputSize)) {
    for (let o = 0; o < outputSize; o++) {
      let total = bias![o]!;
      for (let i = 0; i < inputSize; i++) total += row[i]! * weight![inOut ? i * outputSize + o : o * inputSize + i]!;
      out.push(total);
    }
  }
  return Float64Array.from(out);
};

interface Case {
  name: string;
  shapes: number[][];
  reference: ReferenceFunction;
  op: (inputs: tf.Tensor[]) => tf.Tensor;
  scale?: number;
}

function checkAgainstReference({ name, shapes, reference, op, scale = 1 }: Case, seed: number): void {
  const rng = Rng.fromSeed(seed);
  const inputs = shapes.map((shape) => Float64Array.from(rng.normal(shape.reduce((a, b) => a * b, 1), 0, scale)));
  const expectedOutput = reference(inputs);
  const outputWeights = Float64Array.from(rng.normal(expectedOutput.length));
  const expectedGradients = numericGradients(reference, inputs, outputWeights);
  tf.tidy(() => {
    const tensors = inputs.map((values, index) => tf.tensor(Float32Array.from(values), shapes[index]));
    const weights = tf.tensor(Float32Array.from(outputWeights));
    expectClose(op(tensors).dataSync(), expectedOutput, `${name} forward`);
    const gradients = tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(tf.reshape(op(args), [-1]), weights)))(tensors);
    gradients.forEach((gradient, index) => expectClose(gradient.dataSync(), expectedGradients[index]!, `${name} gradient of input ${index}`));
  });
}

const labels = [3, -100, 0, 6, -100, 2];
const cases: Case[] = [
  { name: 'gelu', shapes: [[3, 7]], reference: geluExact64, op: ([x]) => gelu(x!), scale: 2 },
  { name: 'geluTanh', shapes: [[3, 7]], reference: geluTanh64, op: ([x]) => geluTanh(x!), scale: 2 },
  { name: 'layerNorm', shapes: [[2, 3, 5], [5], [5]], reference: layerNorm64(5, 1e-5), op: ([x, w, b]) => layerNorm(x!, w!, b!, 1e-5) },
  { name: 'logSoftmax', shapes: [[2, 3, 7]], reference: logSoftmax64(7), op: ([x]) => logSoftmax(x!), scale: 3 },
  {
    name: 'sparseSoftmaxCrossEntropy',
    shapes: [[2, 3, 7]],
    reference: crossEntropy64(7, labels),
    op: ([x]) => sparseSoftmaxCrossEntropy(x!, tf.tensor2d(labels, [2, 3], 'int32')),
    scale: 3,
  },
  {
    name: 'attentionSoftmax',
    shapes: [[2, 2, 3, 3]],
    reference: attentionSoftmax64(3, 0.5),
    op: ([x]) => attentionSoftmax(x!, { scale: 0.5, mask: tf.tensor4d(attentionMask, [1, 1, 3, 3]) }),
    scale: 2,
  },
  { name: 'linear', shapes: [[2, 3, 5], [4, 5], [4]], reference: linear64(5, 4, false), op: ([x, w, b]) => linear(x!, w!, b) },
  { name: 'linearInOut', shapes: [[2, 3, 5], [5, 4], [4]], reference: linear64(5, 4, true), op: ([x, w, b]) => linearInOut(x!, w!, b) },
];

describe('ops', () => {
  beforeAll(async () => {
    await setupTestBackend();
  });

  it.each(cases.map((testCase, index) => [testCase.name, testCase, index] as const))(
    '%s matches its float64 reference and central differences',
    (_, testCase, index) => checkAgainstReference(testCase, 100 + index),
  );

  it('sparseSoftmaxCrossEntropy is 0 with a zero gradient when every label is ignored', () => {
    tf.tidy(() => {
      const logits = tf.ones([2, 4]);
      const [gradient] = tf.grads((x: tf.Tensor) => sparseSoftmaxCrossEntropy(x, tf.tensor1d([-100, -100], 'int32')))([logits]);
      expect(Math.abs(sparseSoftmaxCrossEntropy(logits, tf.tensor1d([-100, -100], 'int32')).dataSync()[0]!)).toBe(0);
      expect(Array.from(gradient!.dataSync(), Math.abs)).toEqual(new Array(8).fill(0));
    });
  });

  it('logSoftmax stays finite for logits far from zero', () => {
    tf.tidy(() => expectClose(logSoftmax(tf.tensor1d([1000, 0, -1000])).dataSync(), [0, -1000, -2000], 'logSoftmax'));
  });
});

describe('linear with a Parameter', () => {
  beforeAll(async () => {
    await setupTestBackend();
  });

  it('trains the parameter through the cached transpose and sees each new value', () => {
    const weight = new Parameter(tf.tensor2d([[1, 2, 3], [4, 5, 6]]));
    const x = tf.tensor2d([[1, 1, 1]]);
    const optimizer = tf.train.sgd(0.1);
    expect(Array.from(linear(x, weight).dataSync())).toEqual([6, 15]);
    tf.dispose(optimizer.minimize(() => tf.sum(linear(x, weight)) as tf.Scalar, false, [weight.variable]) ?? []);
    // d/dW Σ(x Wᵀ) = 1 everywhere, so each weight drops by 0.1 and each output by 0.3.
    expectClose(linear(x, weight).dataSync(), [5.7, 14.7], 'after one step');
    weight.dispose();
    x.dispose();
    optimizer.dispose();
  });

  it('leaks no tensor across training steps', async () => {
    const weight = new Parameter(tf.ones([4, 3]));
    const bias = new Parameter(tf.zeros([4]));
    const x = tf.ones([2, 3]);
    const optimizer = tf.train.sgd(0.01);
    await expectNoLeak(() => tf.memory(), () => tf.dispose(optimizer.minimize(() => tf.sum(linear(x, weight, bias)) as tf.Scalar, true, [weight.variable, bias.variable]) ?? []));
    [weight, bias].forEach((parameter) => parameter.dispose());
    x.dispose();
    optimizer.dispose();
  });
});
