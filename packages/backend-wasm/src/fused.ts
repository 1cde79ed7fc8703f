import { fusedKernelNames, fusedKernels, registerFusedArrayKernels, type FusedKernelName } from '@pretrain/core';
import { backend as activeBackend, getBackend, getKernel, registerKernel } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdKernels } from './simd_kernels.js';
import { wasmArrayAccess } from './wasm_access.js';

export { wasmArrayAccess } from './wasm_access.js';

/**
 * The kernels measured to beat their composites on wasm (tools/bench/fused-ops, BENCHMARKS.md), all
 * as WebAssembly SIMD: AdamW, layer norm, GELU (both forms) and cross-entropy. The attention softmax
 * is left out: its SIMD kernel (four passes over the scores) measured 0.95× tfjs-wasm's composite,
 * whose Softmax is XNNPACK's; `registerFusedWasmKernels(fusedKernelNames)` opts in.
 */
export const wasmFusedKernelNames: readonly FusedKernelName[] = fusedKernelNames.filter(
  (name) => name !== fusedKernels.AttentionSoftmax && name !== fusedKernels.AttentionSoftmaxGrad,
);

/**
 * Registers core's fused kernels for `'wasm'` (`names`, default {@link wasmFusedKernelNames}); idempotent.
 * Hand-assembled WebAssembly SIMD on the backend's own memory when wasm is the active backend and its
 * memory can be imported (not the threaded build's shared memory); JavaScript kernels on the heap otherwise
 * and for the attention softmax.
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
export function isSimdKernel(name: string): boolean {
  return simdKernelNames.has(name);
}
