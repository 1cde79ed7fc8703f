import { tf } from '@pretrain/core';
import type { NativeBackend } from '../backend.js';
import { floatInputs, nativeKernel, sizeOf, type NativeKernelArguments, type TensorInfo } from './kernel.js';

function int32Values(backend: NativeBackend, tensor: TensorInfo): Int32Array | undefined {
  const values = backend.data.get(tensor.dataId)?.values;
  return tensor.dtype === 'int32' && values instanceof Int32Array ? values : undefined;
}

export function transposeOf(backend: NativeBackend, x: TensorInfo, permutation: number[]): TensorInfo | undefined {
  const values = backend.floats(x);
  if (!values || values.length === 0 || permutation.length !== x.shape.length) return undefined;
  const out = backend.allocate(values.length);
  backend.addon.transpose(values, x.shape, permutation, out);
  return backend.output(
    permutation.map((axis) => x.shape[axis]!),
    out,
  );
}

const transpose = nativeKernel('Transpose', ({ inputs, backend, attrs }: NativeKernelArguments) => transposeOf(backend, inputs.x!, attrs.perm as number[]));

function sliceOf(backend: NativeBackend, x: TensorInfo, values: Float32Array, begin: number[], size: number[]): TensorInfo {
  const out = backend.allocate(sizeOf(size));
  backend.addon.slice(values, x.shape, begin, size, out);
  return backend.output(size, out);
}

const slice = nativeKernel('Slice', ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const x = inputs.x!;
  const values = backend.floats(x);
  if (!values) return undefined;
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin as number | number[], attrs.size as number | number[]) as [number[], number[]];
  if (begin.some((start, axis) => start < 0 || size[axis]! < 0 || start + size[axis]! > x.shape[axis]!)) return undefined;
  return sliceOf(backend, x, values, begin, size);
});

const splitV = nativeKernel('SplitV', ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const x = inputs.x!;
  const values = backend.floats(x);
  if (!values) return undefined;
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0]!;
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs.numOrSizeSplits as number | number[], axis);
  const begin = x.shape.map(() => 0);
  return sizes.map((extent) => {
    const size = [...x.shape];
    size[axis] = extent;
    const piece = sliceOf(backend, x, values, [...begin], size);
    begin[axis]! += extent;
    return piece;
  });
});

const concat = nativeKernel('Concat', ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const tensors = (inputs as TensorInfo[]).filter((tensor) => sizeOf(tensor.shape) > 0);
  if (tensors.length === 0) return undefined;
  const values = floatInputs(backend, tensors);
  if (!values) return undefined;
  const axis = tf.util.parseAxisParam(attrs.axis as number, tensors[0]!.shape)[0]!;
  let shape: number[];
  try {
    shape = tf.backend_util.computeOutShape(tensors.map((tensor) => tensor.shape), axis);
  } catch {
    return undefined;
  }
  const outer = sizeOf(shape.slice(0, axis));
  const out = backend.allocate(sizeOf(shape));
  backend.addon.concat(values, tensors.map((tensor) => sizeOf(tensor.shape.slice(axis))), outer, out);
  return backend.output(shape, out);
});

const gatherV2 = nativeKernel('GatherV2', ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const { x, indices } = inputs;
  const values = backend.floats(x!);
  const indexValues = int32Values(backend, indices!);
  if (!values || !indexValues || ((attrs.batchDims as number | undefined) ?? 0) !== 0) return undefined;
  const axis = tf.util.parseAxisParam(attrs.axis as number, x!.shape)[0]!;
  const shape = [...x!.shape.slice(0, axis), ...indices!.shape, ...x!.shape.slice(axis + 1)];
  const out = backend.allocate(sizeOf(shape));
  const bad = backend.addon.gather(values, sizeOf(x!.shape.slice(0, axis)), x!.shape[axis]!, sizeOf(x!.shape.slice(axis + 1)), indexValues, out);
  return bad < 0 ? backend.output(shape, out) : undefined; // tfjs-cpu reports the bad index
});

/** Output rows `[rows, inner]` of an add-scatter, from `[count, depth]` indices into `shape`'s first `depth` axes. */
function flatRows(indexValues: Int32Array, depth: number, shape: number[]): Int32Array {
  if (depth === 1) return indexValues;
  const count = indexValues.length / depth;
  const rows = new Int32Array(count);
  for (let item = 0; item < count; item++) {
    let row = 0;
    for (let axis = 0; axis < depth; axis++) {
      const index = indexValues[item * depth + axis]!;
      if (index < 0 || index >= shape[axis]!) {
        row = -1;
        break;
      }
      row = row * shape[axis]! + index;
    }
    rows[item] = row;
  }
  return rows;
}

const scatterNd = nativeKernel('ScatterNd', ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const { indices, updates } = inputs;
  const values = backend.floats(updates!);
  const indexValues = int32Values(backend, indices!);
  const shape = attrs.shape as number[];
  const depth = indices!.shape[indices!.shape.length - 1] ?? 1;
  if (!values || !indexValues || indices!.shape.length < 1 || depth > shape.length || depth < 1) return undefined;
  const inner = sizeOf(shape.slice(depth));
  const rows = sizeOf(shape.slice(0, depth));
  const rowsOf = flatRows(indexValues, depth, shape);
  if (rowsOf.length * inner !== values.length) return undefined;
  const out = backend.allocate(sizeOf(shape));
  return backend.addon.scatterAdd(values, rowsOf, inner, rows, out) < 0 ? backend.output(shape, out) : undefined;
});

const unsortedSegmentSum = nativeKernel('UnsortedSegmentSum', ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const { x, segmentIds } = inputs;
  const values = backend.floats(x!);
  const ids = int32Values(backend, segmentIds!);
  if (!values || !ids || ids.length === 0) return undefined;
  const numSegments = attrs.numSegments as number;
  const inner = values.length / ids.length;
  if (!Number.isInteger(inner)) return undefined;
  const shape = [numSegments, ...x!.shape.slice(segmentIds!.shape.length)];
  const out = backend.allocate(sizeOf(shape));
  return backend.addon.scatterAdd(values, ids, inner, numSegments, out) < 0 ? backend.output(shape, out) : undefined;
});

const tile = nativeKernel('Tile', ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const x = inputs.x!;
  const values = backend.floats(x);
  const reps = attrs.reps as number[];
  if (!values || values.length === 0 || x.shape.length === 0 || reps.length !== x.shape.length) return undefined;
  const shape = x.shape.map((extent, axis) => extent * reps[axis]!);
  const out = backend.allocate(sizeOf(shape));
  backend.addon.tile(values, x.shape, reps, out);
  return backend.output(shape, out);
});

export const layoutKernels = [transpose, slice, splitV, concat, gatherV2, scatterNd, unsortedSegmentSum, tile];
