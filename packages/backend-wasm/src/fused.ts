import { fusedKernelNames, fusedKernels, registerFusedArrayKernels, type FusedKernelName } from '@pretrain/core';
import { backend as activeBackend, getBackend, getKernel, registerKernel } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdKernels } from './simd_kernels.js';
import { wasmArrayAccess } from './wasm_access.js';

export { wasmArrayAccess } from './wasm_access.js';

/**
 * The kernels measured to beat their composites on wasm (tools/bench/fused-ops, BENCHMARKS.md), all
 * as WebAssembly SIMD: every fused kernel (AdamW, layer norm, GELU in both forms, cross-entropy, and
 * the attention softmax, whose margin over tfjs-wasm's XNNPACK softmax is the smallest, 1.05–1.1×).
 */
export const wasmFusedKernelNames: readonly FusedKernelName[] = fusedKernelNames;

/** Without SIMD, the JavaScript kernels that still beat the composites (GELU and the softmax are exp-bound: 0.4–0.5×). */
const javascriptWinners: readonly string[] = [fusedKernels.FusedAdamW, fusedKernels.LayerNorm, fusedKernels.LayerNormGrad, fusedKernels.SoftmaxCrossEntropy];

/**
 * Registers core's fused kernels for `'wasm'` (`names`, default {@link wasmFusedKernelNames}); idempotent.
 * Hand-assembled WebAssembly SIMD on the backend's own memory when wasm is the active backend and its
 * memory can be imported; otherwise (the threaded build's shared memory, no SIMD) JavaScript kernels on
 * the heap for AdamW, layer norm and cross-entropy only, the ones that beat the composites without SIMD.
 */
export function registerFusedWasmKernels(names: readonly FusedKernelName[] = wasmFusedKernelNames): void {
  const missing = names.filter((name) => !getKernel(name, 'wasm'));
  const simd = missing.length > 0 && getBackend() === 'wasm' ? simdKernels(activeBackend() as BackendWasm) : [];
  for (const config of simd) {
    if (!missing.includes(config.kernelName as FusedKernelName)) continue;
    registerKernel(config);
    simdKernelNames.add(config.kernelName);
  }
  const javascript = simd.length > 0 ? names : names.filter((name) => javascriptWinners.includes(name));
  registerFusedArrayKernels('wasm', wasmArrayAccess, javascript);
}

const simdKernelNames = new Set<string>();

/** Whether {@link registerFusedWasmKernels} registered `name` as a WebAssembly SIMD kernel (else JavaScript, or none). */
export function isSimdKernel(name: string): boolean {
  return simdKernelNames.has(name);
}
