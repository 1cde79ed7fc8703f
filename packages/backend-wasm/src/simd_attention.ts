import { fusedArrayKernel, fusedKernels, type AttentionSoftmaxAttrs } from '@pretrain/core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { SoftmaxExports } from './simd_softmax.js';
import { wasmArrayAccess } from './wasm_access.js';

/** Row index in a mask of `maskShape` for each row of `rowShape` (same rank; axes of 1 broadcast). */
function maskRowOffsets(rowShape: readonly number[], maskShape: readonly number[]): Int32Array {
  const strides = new Array<number>(maskShape.length).fill(0);
  for (let axis = maskShape.length - 1, stride = 1; axis >= 0; axis--) {
    strides[axis] = maskShape[axis] === 1 ? 0 : stride;
    stride *= maskShape[axis]!;
  }
  const count = rowShape.reduce((product, length) => product * length, 1);
  const offsets = new Int32Array(count);
  for (let row = 0; row < count; row++) {
    let [rest, offset] = [row, 0];
    for (let axis = rowShape.length - 1; axis >= 0; axis--) {
      offset += (rest % rowShape[axis]!) * strides[axis]!;
      rest = Math.floor(rest / rowShape[axis]!);
    }
    offsets[row] = offset;
  }
  return offsets;
}

const addressOf = (wasm: BackendWasm, tensor: TensorInfo) => wasm.dataIdMap.get(tensor.dataId)!.memoryOffset;

/**
 * `PretrainAttentionSoftmax` / `…Grad`, one wasm call each, SIMD rows: `scores·scale + mask` (float32,
 * as the composite rounds it), row max, flushed exp and sum, normalisation; backward
 * `(dy·p − (dy·p summed)·p)·scale`. A mask whose last axis broadcasts (size 1 against keys) takes the
 * JavaScript kernel.
 */
export function attentionKernels(rows: SoftmaxExports): KernelConfig[] {
  const fallback = fusedArrayKernel(fusedKernels.AttentionSoftmax, wasmArrayAccess);
  const forward: KernelFunc = (context) => {
    const wasm = context.backend as BackendWasm;
    const { scores, mask } = context.inputs as Record<string, TensorInfo | undefined>;
    const keyLength = scores!.shape[scores!.shape.length - 1]!;
    if (mask && mask.shape[mask.shape.length - 1] !== keyLength) return fallback(context);
    const count = scores!.shape.reduce((product, length) => product * length, 1) / keyLength;
    const output = wasm.makeOutput(scores!.shape, 'float32');
    // Each row's mask row, as int32 on the heap for the one wasm call (freed after it).
    const maskRows = mask ? wasm.makeOutput([count], 'int32') : undefined;
    if (maskRows) wasm.typedArrayFromHeap(maskRows).set(maskRowOffsets(scores!.shape.slice(0, -1), mask!.shape.slice(0, -1)));
    const { scale } = context.attrs as unknown as AttentionSoftmaxAttrs;
    rows.attentionSoftmaxRows(addressOf(wasm, scores!), mask ? addressOf(wasm, mask) : 0, maskRows ? addressOf(wasm, maskRows) : 0, addressOf(wasm, output), count, keyLength, scale);
    if (maskRows) wasm.disposeData(maskRows.dataId);
    return output;
  };
  const backward: KernelFunc = (context) => {
    const wasm = context.backend as BackendWasm;
    const { dy, probabilities } = context.inputs as Record<string, TensorInfo>;
    const keyLength = dy!.shape[dy!.shape.length - 1]!;
    const output = wasm.makeOutput(dy!.shape, 'float32');
    const { scale } = context.attrs as unknown as AttentionSoftmaxAttrs;
    const count = dy!.shape.reduce((product, length) => product * length, 1) / keyLength;
    rows.attentionSoftmaxGradRows(addressOf(wasm, dy!), addressOf(wasm, probabilities!), addressOf(wasm, output), count, keyLength, scale);
    return output;
  };
  return [
    { kernelName: fusedKernels.AttentionSoftmax, backendName: 'wasm', kernelFunc: forward },
    { kernelName: fusedKernels.AttentionSoftmaxGrad, backendName: 'wasm', kernelFunc: backward },
  ];
}
