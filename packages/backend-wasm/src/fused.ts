import { fusedKernels, registerFusedArrayKernels, type ArrayBackendAccess, type FusedKernelName } from '@pretrain/core';
import { backend as activeBackend, getBackend, getKernel, registerKernel } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdAdamWKernel } from './simd_adamw.js';

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
 * AdamW is a WebAssembly SIMD loop on the backend's memory when wasm is the active backend and its
 * memory can be imported (not the threaded build), else the JavaScript kernel; the rest are JavaScript.
 */
export function registerFusedWasmKernels(names: readonly FusedKernelName[] = wasmFusedKernelNames): void {
  const wantsAdamW = names.includes(fusedKernels.FusedAdamW) && !getKernel(fusedKernels.FusedAdamW, 'wasm');
  const simd = wantsAdamW && getBackend() === 'wasm' ? simdAdamWKernel(activeBackend() as BackendWasm) : undefined;
  if (simd) registerKernel(simd);
  if (wantsAdamW) adamwImplementation = simd ? 'simd' : 'javascript';
  registerFusedArrayKernels('wasm', wasmArrayAccess, names);
}

let adamwImplementation: 'simd' | 'javascript' | undefined;

/** Which `PretrainFusedAdamW` kernel {@link registerFusedWasmKernels} registered, if any. */
export function wasmAdamWImplementation(): 'simd' | 'javascript' | undefined {
  return adamwImplementation;
}
