import { fusedArrayKernel, fusedKernels, type AttentionSoftmaxAttrs } from '@pretrain/core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { SoftmaxExports } from './simd_softmax.js';
import { wasmArrayAccess } from './wasm_access.js';

/** Element offset of each row of `rowShape` in a mask of `maskShape` (same rank; axes of 1 broadcast). */
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
 * `PretrainAttentionSoftmax` / `…Grad` with SIMD rows: `scores·scale + mask` (float32, as the composite
 * rounds it), row max, flushed exp and sum, normalisation; backward `(dy·p − (dy·p summed)·p)·scale`.
 * A mask whose last axis broadcasts (size 1 against keys) takes the JavaScript kernel.
 */
export function attentionKernels(rows: SoftmaxExports): KernelConfig[] {
  const fallback = fusedArrayKernel(fusedKernels.AttentionSoftmax, wasmArrayAccess);
  const forward: KernelFunc = (context) => {
    const wasm = context.backend as BackendWasm;
    const { scores, mask } = context.inputs as Record<string, TensorInfo | undefined>;
    const keyLength = scores!.shape[scores!.shape.length - 1]!;
    if (mask && mask.shape[mask.shape.length - 1] !== keyLength) return fallback(context);
    const output = wasm.makeOutput(scores!.shape, 'float32');
    const [scoresAt, outputAt] = [addressOf(wasm, scores!), addressOf(wasm, output)];
    const maskAt = mask ? addressOf(wasm, mask) : 0;
    const offsets = mask ? maskRowOffsets(scores!.shape.slice(0, -1), mask.shape.slice(0, -1)) : undefined;
    const { scale } = context.attrs as unknown as AttentionSoftmaxAttrs;
    const count = scores!.shape.reduce((product, length) => product * length, 1) / keyLength;
    for (let row = 0; row < count; row++) {
      const rowOffset = 4 * row * keyLength;
      if (offsets) rows.attentionScaleMask(scoresAt + rowOffset, maskAt + 4 * offsets[row]! * keyLength, outputAt + rowOffset, keyLength, scale);
      else rows.attentionScale(scoresAt + rowOffset, outputAt + rowOffset, keyLength, scale);
      const maximum = rows.rowMax(outputAt + rowOffset, keyLength);
      const sum = rows.expShiftSum(outputAt + rowOffset, outputAt + rowOffset, keyLength, maximum);
      rows.scaleInPlace(outputAt + rowOffset, keyLength, 1 / sum);
    }
    return output;
  };
  const backward: KernelFunc = (context) => {
    const wasm = context.backend as BackendWasm;
    const { dy, probabilities } = context.inputs as Record<string, TensorInfo>;
    const keyLength = dy!.shape[dy!.shape.length - 1]!;
    const output = wasm.makeOutput(dy!.shape, 'float32');
    const [dyAt, probabilitiesAt, outputAt] = [dy!, probabilities!, output].map((tensor) => addressOf(wasm, tensor)) as [number, number, number];
    const { scale } = context.attrs as unknown as AttentionSoftmaxAttrs;
    const count = dy!.shape.reduce((product, length) => product * length, 1) / keyLength;
    for (let row = 0; row < count; row++) {
      const rowOffset = 4 * row * keyLength;
      const dot = rows.rowDot(dyAt + rowOffset, probabilitiesAt + rowOffset, keyLength);
      rows.attentionSoftmaxGradRow(dyAt + rowOffset, probabilitiesAt + rowOffset, outputAt + rowOffset, keyLength, dot, scale);
    }
    return output;
  };
  return [
    { kernelName: fusedKernels.AttentionSoftmax, backendName: 'wasm', kernelFunc: forward },
    { kernelName: fusedKernels.AttentionSoftmaxGrad, backendName: 'wasm', kernelFunc: backward },
  ];
}
