import { getKernel, registerKernel, util, type DataType, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { adamwArrays, geluArrays, geluGradArrays, layerNormArrays, layerNormGradArrays } from './array_math.js';
import { attentionSoftmaxArrays, attentionSoftmaxGradArrays, crossEntropyArrays } from './array_math_softmax.js';
import {
  AttentionSoftmax, AttentionSoftmaxGrad, FusedAdamW, Gelu, GeluGrad, LayerNorm, LayerNormGrad, SoftmaxCrossEntropy, fusedKernelNames,
  type AttentionSoftmaxAttrs, type FusedAdamWAttrs, type FusedKernelName, type GeluAttrs, type LayerNormAttrs, type SoftmaxCrossEntropyAttrs,
} from './kernel_names.js';

/**
 * How array kernels reach a backend's memory. `view` returns a live typed array of a
 * tensor's values; `allocate` makes an output. An allocation may move memory (the wasm
 * heap grows), so kernels allocate every output before taking any view.
 */
export interface ArrayBackendAccess {
  view(backend: unknown, tensor: TensorInfo): Float32Array | Int32Array;
  allocate(backend: unknown, shape: number[], dtype: DataType): TensorInfo;
}

type ArrayKernel = (context: { inputs: Record<string, TensorInfo | undefined>; attrs: unknown; access: ArrayBackendAccess; backend: unknown }) => TensorInfo | TensorInfo[];

function required(inputs: Record<string, TensorInfo | undefined>, name: string): TensorInfo {
  const tensor = inputs[name];
  if (!tensor) throw new Error(`fused kernel: missing input "${name}"`);
  return tensor;
}

const lastAxis = (tensor: TensorInfo) => tensor.shape[tensor.shape.length - 1]!;

const arrayKernels: Record<FusedKernelName, ArrayKernel> = {
  [FusedAdamW]: ({ inputs, attrs, access, backend }) => {
    const names = ['parameter', 'gradient', 'firstMoment', 'secondMoment'] as const;
    const [parameter, gradient, firstMoment, secondMoment] = names.map((name) => required(inputs, name)) as [TensorInfo, TensorInfo, TensorInfo, TensorInfo];
    const outputs = [0, 1, 2].map(() => access.allocate(backend, parameter.shape, 'float32'));
    const view = (tensor: TensorInfo) => access.view(backend, tensor) as Float32Array;
    adamwArrays(
      { parameter: view(parameter), gradient: view(gradient), firstMoment: view(firstMoment), secondMoment: view(secondMoment) },
      { parameter: view(outputs[0]!), firstMoment: view(outputs[1]!), secondMoment: view(outputs[2]!) },
      attrs as FusedAdamWAttrs,
    );
    return outputs;
  },
  [LayerNorm]: ({ inputs, attrs, access, backend }) => {
    const [x, gamma, beta] = ['x', 'gamma', 'beta'].map((name) => required(inputs, name)) as [TensorInfo, TensorInfo, TensorInfo];
    const size = lastAxis(x);
    const rows = util.sizeFromShape(x.shape) / size;
    const outputs = [access.allocate(backend, x.shape, 'float32'), access.allocate(backend, [rows], 'float32'), access.allocate(backend, [rows], 'float32')];
    const view = (tensor: TensorInfo) => access.view(backend, tensor) as Float32Array;
    const [y, mean, rstd] = outputs.map(view) as [Float32Array, Float32Array, Float32Array];
    layerNormArrays(view(x), view(gamma), view(beta), { y, mean, rstd }, size, (attrs as LayerNormAttrs).epsilon);
    return outputs;
  },
  [LayerNormGrad]: ({ inputs, access, backend }) => {
    const [dy, x, mean, rstd, gamma] = ['dy', 'x', 'mean', 'rstd', 'gamma'].map((name) => required(inputs, name)) as TensorInfo[] as [TensorInfo, TensorInfo, TensorInfo, TensorInfo, TensorInfo];
    const outputs = [access.allocate(backend, x.shape, 'float32'), access.allocate(backend, gamma.shape, 'float32'), access.allocate(backend, gamma.shape, 'float32')];
    const view = (tensor: TensorInfo) => access.view(backend, tensor) as Float32Array;
    const [dx, dgamma, dbeta] = outputs.map(view) as [Float32Array, Float32Array, Float32Array];
    layerNormGradArrays({ dy: view(dy), x: view(x), mean: view(mean), rstd: view(rstd), gamma: view(gamma) }, { dx, dgamma, dbeta }, lastAxis(x));
    return outputs;
  },
  [Gelu]: ({ inputs, attrs, access, backend }) => {
    const x = required(inputs, 'x');
    const output = access.allocate(backend, x.shape, 'float32');
    geluArrays(access.view(backend, x) as Float32Array, access.view(backend, output) as Float32Array, (attrs as GeluAttrs).approximate);
    return output;
  },
  [GeluGrad]: ({ inputs, attrs, access, backend }) => {
    const [dy, x] = [required(inputs, 'dy'), required(inputs, 'x')];
    const output = access.allocate(backend, x.shape, 'float32');
    const view = (tensor: TensorInfo) => access.view(backend, tensor) as Float32Array;
    geluGradArrays(view(dy), view(x), view(output), (attrs as GeluAttrs).approximate);
    return output;
  },
  [SoftmaxCrossEntropy]: ({ inputs, attrs, access, backend }) => {
    const [logits, labels] = [required(inputs, 'logits'), required(inputs, 'labels')];
    const [loss, gradient] = [access.allocate(backend, [], 'float32'), access.allocate(backend, logits.shape, 'float32')];
    const value = crossEntropyArrays(access.view(backend, logits) as Float32Array, access.view(backend, labels), access.view(backend, gradient) as Float32Array, (attrs as SoftmaxCrossEntropyAttrs).ignoreIndex);
    access.view(backend, loss)[0] = value;
    return [loss, gradient];
  },
  [AttentionSoftmax]: ({ inputs, attrs, access, backend }) => {
    const [scores, mask] = [required(inputs, 'scores'), inputs.mask];
    const output = access.allocate(backend, scores.shape, 'float32');
    const maskValues = mask ? { values: access.view(backend, mask) as Float32Array, shape: mask.shape } : undefined;
    attentionSoftmaxArrays(access.view(backend, scores) as Float32Array, scores.shape, maskValues, access.view(backend, output) as Float32Array, (attrs as AttentionSoftmaxAttrs).scale);
    return output;
  },
  [AttentionSoftmaxGrad]: ({ inputs, attrs, access, backend }) => {
    const [dy, probabilities] = [required(inputs, 'dy'), required(inputs, 'probabilities')];
    const output = access.allocate(backend, dy.shape, 'float32');
    const view = (tensor: TensorInfo) => access.view(backend, tensor) as Float32Array;
    attentionSoftmaxGradArrays(view(dy), view(probabilities), view(output), lastAxis(dy), (attrs as AttentionSoftmaxAttrs).scale);
    return output;
  },
};

/**
 * Registers the typed-array implementation of each fused kernel in `names`
 * (default: all) for `backendName`, reaching its memory through `access`.
 * Names already registered for that backend are left as they are.
 */
export function registerFusedArrayKernels(backendName: string, access: ArrayBackendAccess, names: readonly FusedKernelName[] = fusedKernelNames): void {
  for (const kernelName of names) {
    if (!getKernel(kernelName, backendName)) registerKernel({ kernelName, backendName, kernelFunc: fusedArrayKernel(kernelName, access) });
  }
}

/** The typed-array kernel function of `name` over `access` (for backends that use it for some shapes only). */
export function fusedArrayKernel(name: FusedKernelName, access: ArrayBackendAccess): KernelFunc {
  const kernel = arrayKernels[name];
  return (({ inputs, attrs, backend }) => kernel({ inputs: inputs as Record<string, TensorInfo | undefined>, attrs, access, backend })) as KernelFunc;
}

/** Structural view of tfjs-backend-cpu's `MathBackendCPU` (core imports no backend package). */
interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values?: Float32Array | Int32Array): TensorInfo;
}

/** Memory access for tfjs-backend-cpu and backends built on its storage. */
export const cpuArrayAccess: ArrayBackendAccess = {
  view(backend, tensor) {
    const values = (backend as CpuBackendLike).data.get(tensor.dataId).values;
    if (!(values instanceof Float32Array || values instanceof Int32Array)) throw new Error(`fused kernel: a ${tensor.dtype} input has no float32/int32 values`);
    return values;
  },
  allocate(backend, shape, dtype) {
    const size = util.sizeFromShape(shape);
    return (backend as CpuBackendLike).makeTensorInfo(shape, dtype, dtype === 'int32' ? new Int32Array(size) : new Float32Array(size));
  },
};

/** Registers the typed-array fused kernels for tfjs's cpu backend (or another built on its storage, e.g. `'native'`). */
export function registerFusedCpuKernels(backendName = 'cpu'): void {
  registerFusedArrayKernels(backendName, cpuArrayAccess);
}
