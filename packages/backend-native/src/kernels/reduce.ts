import { tf } from '@pretrain/core';
import { reduceOps } from '../addon.js';
import { nativeKernel, sizeOf, type NativeKernelArguments, type TensorInfo } from './kernel.js';
import { transposeOf } from './layout.js';

/**
 * `x` as `[outer, reduced, inner]` when the reduced axes (ignoring extent-1
 * axes) form one contiguous block; undefined otherwise.
 */
function blockOf(shape: number[], axes: number[]): { outer: number; reduced: number; inner: number } | undefined {
  const counted = axes.filter((axis) => shape[axis]! > 1);
  if (counted.length === 0) return { outer: sizeOf(shape), reduced: 1, inner: 1 };
  const first = Math.min(...counted);
  const last = Math.max(...counted);
  for (let axis = first; axis <= last; axis++) if (!axes.includes(axis) && shape[axis]! > 1) return undefined;
  return { outer: sizeOf(shape.slice(0, first)), reduced: sizeOf(counted.map((axis) => shape[axis]!)), inner: sizeOf(shape.slice(last + 1)) };
}

function reduceKernel(name: 'Sum' | 'Mean' | 'Max' | 'Min', op: number, axisAttribute: 'axis' | 'reductionIndices') {
  return nativeKernel(name, ({ inputs, backend, attrs }: NativeKernelArguments): TensorInfo | undefined => {
    const x = inputs.x!;
    const values = backend.floats(x);
    if (!values || values.length === 0) return undefined;
    const axes = tf.util.parseAxisParam(attrs[axisAttribute] as number | number[], x.shape);
    const keptShape = x.shape.filter((_, axis) => !axes.includes(axis));
    const shape = attrs.keepDims ? x.shape.map((extent, axis) => (axes.includes(axis) ? 1 : extent)) : keptShape;
    const block = blockOf(x.shape, axes);
    const out = backend.allocate(sizeOf(keptShape));
    if (block) {
      backend.addon.reduce(op, values, block.outer, block.reduced, block.inner, out);
      return backend.output(shape, out);
    }
    // Scattered axes: move them last (one native transpose), then reduce rows.
    const permutation = [...x.shape.keys()].filter((axis) => !axes.includes(axis)).concat(axes);
    const moved = transposeOf(backend, x, permutation)!;
    const reduced = sizeOf(axes.map((axis) => x.shape[axis]!));
    backend.addon.reduce(op, backend.floats(moved)!, sizeOf(keptShape), reduced, 1, out);
    backend.disposeIntermediateTensorInfo(moved);
    return backend.output(shape, out);
  });
}

const softmax = nativeKernel('Softmax', ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const logits = inputs.logits!;
  const values = backend.floats(logits);
  const rank = logits.shape.length;
  const dim = attrs.dim as number;
  if (!values || values.length === 0 || rank === 0 || (dim !== -1 && dim !== rank - 1)) return undefined;
  const columns = logits.shape[rank - 1]!;
  const out = backend.allocate(values.length);
  backend.addon.softmax(values, values.length / columns, columns, out);
  return backend.output(logits.shape, out);
});

/** Index of the largest element along one axis (int32), as tfjs-cpu compares. */
const argMax = nativeKernel('ArgMax', ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const x = inputs.x!;
  const values = backend.floats(x);
  if (!values || values.length === 0) return undefined;
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0]!;
  const shape = x.shape.filter((_, index) => index !== axis);
  const out = new Int32Array(sizeOf(shape));
  backend.addon.argMax(values, sizeOf(x.shape.slice(0, axis)), x.shape[axis]!, sizeOf(x.shape.slice(axis + 1)), out);
  return backend.makeTensorInfo(shape, 'int32', out);
});

export const reduceKernels = [
  argMax,
  reduceKernel('Sum', reduceOps.Sum, 'axis'),
  reduceKernel('Mean', reduceOps.Mean, 'axis'),
  reduceKernel('Max', reduceOps.Max, 'reductionIndices'),
  reduceKernel('Min', reduceOps.Min, 'axis'),
  softmax,
];
