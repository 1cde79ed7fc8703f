import { engine, getBackend, getKernel, type NamedAttrMap, type NamedTensorMap, type Tensor } from '@tensorflow/tfjs-core';
import type { FusedKernelName } from './kernel_names.js';

/** `PRETRAIN_FUSED_KERNELS=0` in a Node environment starts the process with fused kernels off (benchmarks' "before" column). */
function enabledByEnvironment(): boolean {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return environment?.PRETRAIN_FUSED_KERNELS !== '0';
}

let enabled = enabledByEnvironment();

/**
 * Turns dispatch to registered fused kernels on or off for the whole process
 * (default on). Off, every fused op runs its composite of tfjs ops: for
 * comparisons and for measuring what a kernel gains.
 */
export function setFusedKernelsEnabled(value: boolean): void {
  enabled = value;
}

export function fusedKernelsEnabled(): boolean {
  return enabled;
}

/** Whether the active backend has a kernel registered under `name` (and fused kernels are on). */
export function hasFusedKernel(name: FusedKernelName): boolean {
  return enabled && getKernel(name, getBackend()) !== undefined;
}

/** Runs a fused kernel on the active backend; its outputs as a list, in the order kernel_names.ts lists them. */
export function runFusedKernel(name: FusedKernelName, inputs: NamedTensorMap, attrs: object = {}): Tensor[] {
  const outputs = engine().runKernel(name, inputs, attrs as NamedAttrMap) as Tensor | Tensor[];
  return Array.isArray(outputs) ? outputs : [outputs];
}
