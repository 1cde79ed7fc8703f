import { fusedKernels, registerFusedArrayKernels, type ArrayBackendAccess, type FusedKernelName } from '@pretrain/core';
import { backend as activeBackend, getBackend, getKernel, registerKernel } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdKernels } from './simd_kernels.js';

/**
 * Core's fused kernels on tfjs-backend-wasm, computed in JavaScript straight on the
 * wasm heap: inputs are read through views of the heap and outputs are allocated there
 * with the backend's own `makeOutput`, so one kernel replaces a chain of tfjs ops, each
 * of which would allocate and traverse a full-size tensor.
 */
export const wasmArrayAccess: ArrayBackendAccess = {
  view(backend, tensor) {
    const view = (backend as BackendWasm).typedArrayFromHeap(tensor);
    if (!(view instanceof Float32Array || view instanceof Int32Array)) throw new Error(`fused kernel: a ${tensor.dtype} input is not float32/int32`);
    return view;
  },
  allocate(backend, shape, dtype) {
    return (backend as BackendWasm).makeOutput(shape, dtype);
  },
};

/**
 * The kernels measured to beat their composites on wasm (tools/bench/fused-ops, BENCHMARKS.md):
 * AdamW, layer norm and cross-entropy, which are memory-bound chains of many tfjs ops. GELU and
 * the attention softmax are not registered: they are bound by `exp`, which tfjs-wasm's kernels
 * compute faster than JavaScript's `Math.exp`, and measured 2–3× slower as JavaScript kernels.
 */
export const wasmFusedKernelNames: readonly FusedKernelName[] = [fusedKernels.FusedAdamW, fusedKernels.LayerNorm, fusedKernels.LayerNormGrad, fusedKernels.SoftmaxCrossEntropy];

/**
 * Registers core's fused kernels for `'wasm'` (`names`, default {@link wasmFusedKernelNames}); idempotent.
 * AdamW and cross-entropy are WebAssembly SIMD on the backend's memory when wasm is the active backend
 * and its memory can be imported (not the threaded build), else JavaScript kernels, as are the rest.
 */
export function registerFusedWasmKernels(names: readonly FusedKernelName[] = wasmFusedKernelNames): void {
  const missing = names.filter((name) => !getKernel(name, 'wasm'));
  const simd = missing.length > 0 && getBackend() === 'wasm' ? simdKernels(activeBackend() as BackendWasm) : [];
  for (const config of simd) {
    if (!missing.includes(config.kernelName as FusedKernelName)) continue;
    registerKernel(config);
    simdKernelNames.add(config.kernelName);
  }
  registerFusedArrayKernels('wasm', wasmArrayAccess, names);
}

const simdKernelNames = new Set<string>();

/** Whether {@link registerFusedWasmKernels} registered `name` as a WebAssembly SIMD kernel (else JavaScript, or none). */
export function isSimdKernel(name: FusedKernelName): boolean {
  return simdKernelNames.has(name);
}
