import { fusedArrayKernel, fusedKernels, type LayerNormAttrs } from '@pretrain/core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { address, countedLoop, f32, f32x4Constant, i32, op, v128, type FunctionDefinition } from './simd_module.js';
import { wasmArrayAccess } from './wasm_access.js';

// Per-row layer norm passes for rows whose length is a multiple of 4 (no scalar tail); the row loop is the kernel's.

/** Lanes of local `lanes` summed into one f32 on the stack. */
const lanesSum = (lanes: number) => [op.localGet(lanes), op.f32x4ExtractLane(0), ...[1, 2, 3].flatMap((lane) => [op.localGet(lanes), op.f32x4ExtractLane(lane), op.f32Add])];
/** `for (index = 0; index < size; index += 4)` with `offset = 4·index`. */
const rowLoop = (index: number, size: number, offset: number, body: number[][]) => [op.i32Const(0), op.localSet(index), ...countedLoop({ index, end: size, offset }, 4, body)];
const load = (pointer: number, offset: number) => [...address(pointer, offset), op.v128Load];

/** layerNormRow(x, gamma, beta, y, meanOut, rstdOut, size, eps): y = ((x − mean)·rstd)·gamma + beta, the row's mean and rstd stored. */
const layerNormRow: FunctionDefinition = (() => {
  const [x, gamma, beta, y, meanOut, rstdOut, size, epsilon, index, offset, total, mean, rstd, meanLanes, rstdLanes, centered] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const loop = (body: number[][]) => rowLoop(index, size, offset, body);
  const sizeAsFloat = [op.localGet(size), op.f32ConvertI32U];
  return {
    name: 'layerNormRow',
    parameters: [i32, i32, i32, i32, i32, i32, i32, f32],
    locals: [i32, i32, v128, f32, f32, v128, v128, v128],
    body: [
      ...f32x4Constant(0), op.localSet(total),
      ...loop([op.localGet(total), ...load(x, offset), op.f32x4Add, op.localSet(total)]),
      ...lanesSum(total), ...sizeAsFloat, op.f32Div, op.localSet(mean),
      op.localGet(mean), op.f32x4Splat, op.localSet(meanLanes), ...f32x4Constant(0), op.localSet(total),
      ...loop([...load(x, offset), op.localGet(meanLanes), op.f32x4Sub, op.localSet(centered), op.localGet(total), op.localGet(centered), op.localGet(centered), op.f32x4Mul, op.f32x4Add, op.localSet(total)]),
      op.f32Const(1), ...lanesSum(total), ...sizeAsFloat, op.f32Div, op.localGet(epsilon), op.f32Add, op.f32Sqrt, op.f32Div, op.localSet(rstd),
      op.localGet(rstd), op.f32x4Splat, op.localSet(rstdLanes),
      ...loop([...address(y, offset), ...load(x, offset), op.localGet(meanLanes), op.f32x4Sub, op.localGet(rstdLanes), op.f32x4Mul, ...load(gamma, offset), op.f32x4Mul, ...load(beta, offset), op.f32x4Add, op.v128Store]),
      op.localGet(meanOut), op.localGet(mean), op.f32Store,
      op.localGet(rstdOut), op.localGet(rstd), op.f32Store,
    ],
  };
})();

/**
 * layerNormGradRow(dy, x, gamma, dx, dgamma, dbeta, size, mean, rstd): with x̂ = (x − mean)·rstd and g = dy·gamma,
 * dx = rstd·((g − mean(g)) − x̂·mean(g·x̂)); dgamma += dy·x̂ and dbeta += dy (accumulated over the kernel's rows).
 */
const layerNormGradRow: FunctionDefinition = (() => {
  const [dy, x, gamma, dx, dgamma, dbeta, size, mean, rstd, index, offset, sumG, sumGX, meanLanes, rstdLanes, normalized, gradient, scaled, meanG, meanGX] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const loop = (body: number[][]) => rowLoop(index, size, offset, body);
  const normalize = [...load(x, offset), op.localGet(meanLanes), op.f32x4Sub, op.localGet(rstdLanes), op.f32x4Mul, op.localSet(normalized)];
  const meanOf = (lanes: number, into: number) => [...lanesSum(lanes), op.localGet(size), op.f32ConvertI32U, op.f32Div, op.f32x4Splat, op.localSet(into)];
  return {
    name: 'layerNormGradRow',
    parameters: [i32, i32, i32, i32, i32, i32, i32, f32, f32],
    locals: [i32, i32, ...new Array<number>(9).fill(v128)],
    body: [
      op.localGet(mean), op.f32x4Splat, op.localSet(meanLanes), op.localGet(rstd), op.f32x4Splat, op.localSet(rstdLanes),
      ...f32x4Constant(0), op.localSet(sumG), ...f32x4Constant(0), op.localSet(sumGX),
      ...loop([
        ...normalize, ...load(dy, offset), op.localSet(gradient),
        op.localGet(gradient), ...load(gamma, offset), op.f32x4Mul, op.localSet(scaled),
        op.localGet(sumG), op.localGet(scaled), op.f32x4Add, op.localSet(sumG),
        op.localGet(sumGX), op.localGet(scaled), op.localGet(normalized), op.f32x4Mul, op.f32x4Add, op.localSet(sumGX),
        ...address(dgamma, offset), ...load(dgamma, offset), op.localGet(gradient), op.localGet(normalized), op.f32x4Mul, op.f32x4Add, op.v128Store,
        ...address(dbeta, offset), ...load(dbeta, offset), op.localGet(gradient), op.f32x4Add, op.v128Store,
      ]),
      ...meanOf(sumG, meanG), ...meanOf(sumGX, meanGX),
      ...loop([
        ...normalize, ...address(dx, offset),
        ...load(dy, offset), ...load(gamma, offset), op.f32x4Mul, op.localGet(meanG), op.f32x4Sub,
        op.localGet(normalized), op.localGet(meanGX), op.f32x4Mul, op.f32x4Sub, op.localGet(rstdLanes), op.f32x4Mul, op.v128Store,
      ]),
    ],
  };
})();

export const layerNormFunctions: FunctionDefinition[] = [layerNormRow, layerNormGradRow];

interface LayerNormExports {
  layerNormRow(x: number, gamma: number, beta: number, y: number, meanOut: number, rstdOut: number, size: number, epsilon: number): void;
  layerNormGradRow(dy: number, x: number, gamma: number, dx: number, dgamma: number, dbeta: number, size: number, mean: number, rstd: number): void;
}

/** `PretrainLayerNorm` / `PretrainLayerNormGrad` as SIMD rows when the last axis is a multiple of 4, else the JavaScript kernels. */
export function layerNormKernels(exports: WebAssembly.Exports): KernelConfig[] {
  const rows = exports as unknown as LayerNormExports;
  const [forwardFallback, backwardFallback] = [fusedArrayKernel(fusedKernels.LayerNorm, wasmArrayAccess), fusedArrayKernel(fusedKernels.LayerNormGrad, wasmArrayAccess)];
  const forward: KernelFunc = (context) => {
    const wasm = context.backend as BackendWasm;
    const { x, gamma, beta } = context.inputs as Record<string, TensorInfo>;
    const size = x!.shape[x!.shape.length - 1]!;
    if (size % 4 !== 0) return forwardFallback(context);
    const count = x!.shape.reduce((product, length) => product * length, 1) / size;
    const outputs = [wasm.makeOutput(x!.shape, 'float32'), wasm.makeOutput([count], 'float32'), wasm.makeOutput([count], 'float32')];
    const [xAt, gammaAt, betaAt, yAt, meanAt, rstdAt] = [x!, gamma!, beta!, ...outputs].map((tensor) => wasm.dataIdMap.get(tensor.dataId)!.memoryOffset) as number[];
    const { epsilon } = context.attrs as unknown as LayerNormAttrs;
    for (let row = 0; row < count; row++) {
      rows.layerNormRow(xAt! + 4 * row * size, gammaAt!, betaAt!, yAt! + 4 * row * size, meanAt! + 4 * row, rstdAt! + 4 * row, size, epsilon);
    }
    return outputs;
  };
  const backward: KernelFunc = (context) => {
    const wasm = context.backend as BackendWasm;
    const { dy, x, mean, rstd, gamma } = context.inputs as Record<string, TensorInfo>;
    const size = x!.shape[x!.shape.length - 1]!;
    if (size % 4 !== 0) return backwardFallback(context);
    const count = x!.shape.reduce((product, length) => product * length, 1) / size;
    const outputs = [wasm.makeOutput(x!.shape, 'float32'), wasm.makeOutput([size], 'float32'), wasm.makeOutput([size], 'float32')];
    const [dyAt, xAt, gammaAt, dxAt, dgammaAt, dbetaAt] = [dy!, x!, gamma!, ...outputs].map((tensor) => wasm.dataIdMap.get(tensor.dataId)!.memoryOffset) as number[];
    const [dgamma, dbeta, means, rstds] = [outputs[1]!, outputs[2]!, mean!, rstd!].map((tensor) => wasm.typedArrayFromHeap(tensor)) as Float32Array[];
    dgamma!.fill(0);
    dbeta!.fill(0);
    for (let row = 0; row < count; row++) {
      const rowOffset = 4 * row * size;
      rows.layerNormGradRow(dyAt! + rowOffset, xAt! + rowOffset, gammaAt!, dxAt! + rowOffset, dgammaAt!, dbetaAt!, size, means![row]!, rstds![row]!);
    }
    return outputs;
  };
  return [
    { kernelName: fusedKernels.LayerNorm, backendName: 'wasm', kernelFunc: forward },
    { kernelName: fusedKernels.LayerNormGrad, backendName: 'wasm', kernelFunc: backward },
  ];
}
