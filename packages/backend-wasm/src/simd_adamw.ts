import { fusedKernels, type FusedAdamWAttrs } from '@pretrain/core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { address, countedLoop, f32, i32, op, v128, type FunctionDefinition } from './simd_module.js';

// adamw(parameter, gradient, m, v, outParameter, outM, outV: byte offsets; count; then the float32 scalars)
const [parameterAt, gradientAt, firstAt, secondAt, outParameterAt, outFirstAt, outSecondAt, count] = [0, 1, 2, 3, 4, 5, 6, 7];
const [beta1, beta2, keep1, keep2, decay, stepSize, correction2, epsilon] = [8, 9, 10, 11, 12, 13, 14, 15];
const [index, vectorEnd, offset] = [16, 17, 18];
const splatOf = (scalar: number) => scalar + 11; // locals 19–26: each scalar in four lanes
const [gradientLanes, firstLanes, secondLanes] = [27, 28, 29];
const [gradientScalar, firstScalar, secondScalar] = [30, 31, 32];

const at = (pointer: number) => address(pointer, offset);
const loopLocals = (end: number) => ({ index, end, offset });

/**
 * One element group, in the composite's operation order (so float32 rounding matches it bit for bit):
 * m′ = m·β1 + g·(1−β1), v′ = v·β2 + (g·g)·(1−β2), p′ = p·decay − (m′ / (√v′ / c2 + ε))·stepSize.
 */
function update(lanes: boolean): number[][] {
  const [load, store, add, sub, mul, div, sqrt] = lanes
    ? [op.v128Load, op.v128Store, op.f32x4Add, op.f32x4Sub, op.f32x4Mul, op.f32x4Div, op.f32x4Sqrt]
    : [op.f32Load, op.f32Store, op.f32Add, op.f32Sub, op.f32Mul, op.f32Div, op.f32Sqrt];
  const constant = (scalar: number) => op.localGet(lanes ? splatOf(scalar) : scalar);
  const [g, m, v] = lanes ? [gradientLanes, firstLanes, secondLanes] : [gradientScalar, firstScalar, secondScalar];
  return [
    ...at(gradientAt), load, op.localSet(g),
    ...at(firstAt), load, constant(beta1), mul, op.localGet(g), constant(keep1), mul, add, op.localSet(m),
    ...at(secondAt), load, constant(beta2), mul, op.localGet(g), op.localGet(g), mul, constant(keep2), mul, add, op.localSet(v),
    ...at(outFirstAt), op.localGet(m), store,
    ...at(outSecondAt), op.localGet(v), store,
    ...at(outParameterAt), ...at(parameterAt), load, constant(decay), mul,
    op.localGet(m), op.localGet(v), sqrt, constant(correction2), div, constant(epsilon), add, div, constant(stepSize), mul, sub, store,
  ];
}

export const adamwFunction: FunctionDefinition = {
  name: 'adamw',
  parameters: [...new Array<number>(8).fill(i32), ...new Array<number>(8).fill(f32)],
  locals: [i32, i32, i32, ...new Array<number>(11).fill(v128), f32, f32, f32],
  body: [
    ...[beta1, beta2, keep1, keep2, decay, stepSize, correction2, epsilon].flatMap((scalar) => [op.localGet(scalar), op.f32x4Splat, op.localSet(splatOf(scalar))]),
    op.localGet(count), op.i32Const(-4), op.i32And, op.localSet(vectorEnd),
    ...countedLoop(loopLocals(vectorEnd), 4, update(true)),
    ...countedLoop(loopLocals(count), 1, update(false)),
  ],
};

export type AdamwExport = (...arguments_: number[]) => void;

/** `PretrainFusedAdamW` through the module's `adamw` export, on tensors of the backend's memory. */
export function adamwKernel(adamw: AdamwExport): KernelConfig {
  return {
    kernelName: fusedKernels.FusedAdamW,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend: kernelBackend }) => {
      const wasm = kernelBackend as BackendWasm;
      const { parameter, gradient, firstMoment, secondMoment } = inputs as Record<string, TensorInfo>;
      const outputs = [0, 1, 2].map(() => wasm.makeOutput(parameter!.shape, 'float32'));
      const address = (tensor: TensorInfo) => wasm.dataIdMap.get(tensor.dataId)!.memoryOffset;
      const { learningRate, beta1: b1, beta2: b2, epsilon: eps, weightDecay, step } = attrs as unknown as FusedAdamWAttrs;
      const size = outputs[0]!.shape.reduce((product, length) => product * length, 1);
      adamw(
        ...[parameter!, gradient!, firstMoment!, secondMoment!, ...outputs].map(address), size,
        b1, b2, 1 - b1, 1 - b2, weightDecay > 0 ? 1 - learningRate * weightDecay : 1, learningRate / (1 - b1 ** step), Math.sqrt(1 - b2 ** step), eps,
      );
      return outputs;
    },
  };
}
