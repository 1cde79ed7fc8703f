import { registerFusedCpuKernels, registerGradients, tf } from '@pretrain/core';
import type { BackendInfo, BackendProbe } from '@pretrain/core';
// A value import: it registers tfjs-cpu's kernels, which this backend copies.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { loadAddon, type NativeAddon } from './addon.js';
import { NativeBackend } from './backend.js';
import { registerFlaggedMatMulGradient } from './gradients.js';
import { conversionKernels } from './kernels/conversions.js';
import { elementwiseKernels } from './kernels/elementwise.js';
import { fusedKernelsNative } from './kernels/fused.js';
import { backendName } from './kernels/kernel.js';
import { layoutKernels } from './kernels/layout.js';
import { matMulKernels } from './kernels/matmul.js';
import { reduceKernels } from './kernels/reduce.js';

export type { BackendInfo, BackendProbe } from '@pretrain/core';
export { NativeBackend } from './backend.js';
export { addonPath } from './addon.js';

/** The package name, as published. */
export const name = '@pretrain/backend-native';

export interface NativeOptions {
  /** Threads for GEMM and elementwise work. Default: PRETRAIN_NATIVE_THREADS, else every online core. */
  threads?: number;
  /**
   * Who parallelises GEMM: `pool` (default) splits products over this backend's
   * own threads with BLAS on one thread; `blas` lets OpenBLAS use its threads
   * (and runs the other kernels on one). Default: PRETRAIN_NATIVE_GEMM_THREADS, else `pool`.
   */
  gemmThreads?: 'pool' | 'blas';
  /** Bytes of freed tensor storage kept for reuse. Default: PRETRAIN_NATIVE_POOL_MB, else 512 MiB. */
  poolBytes?: number;
}

type Environment = Record<string, string | undefined>;
const environment = (): Environment => (globalThis as { process?: { env: Environment } }).process?.env ?? {};

/** The addon's kernels over tfjs-cpu's (and core's fused ones): every cpu kernel is registered for `native`, the native ones first. */
const nativeKernels = [...matMulKernels, ...elementwiseKernels, ...conversionKernels, ...layoutKernels, ...reduceKernels, ...fusedKernelsNative];

/** The kernels with a native implementation (every other kernel is tfjs-cpu's). */
export const nativeKernelNames: readonly string[] = nativeKernels.map((kernel) => kernel.kernelName);

function registerKernels(): void {
  // Core's fused kernels for cpu: the fallback of the native ones.
  registerFusedCpuKernels('cpu');
  const registered = new Set(tf.getKernelsForBackend(backendName).map((kernel) => kernel.kernelName));
  for (const kernel of nativeKernels) if (!registered.has(kernel.kernelName)) tf.registerKernel(kernel);
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    if (registered.has(kernel.kernelName) || nativeKernels.some((native) => native.kernelName === kernel.kernelName)) continue;
    tf.registerKernel({ ...kernel, backendName });
  }
}

/** Threads configured last (the pool's, or BLAS's when it threads the GEMMs). */
let configuredThreadCount = 1;

function configure(addon: NativeAddon, options: NativeOptions): void {
  const env = environment();
  const cores = addon.info().cores;
  const threads = options.threads ?? (Number(env.PRETRAIN_NATIVE_THREADS) > 0 ? Number(env.PRETRAIN_NATIVE_THREADS) : cores);
  const gemmThreads = options.gemmThreads ?? (env.PRETRAIN_NATIVE_GEMM_THREADS === 'blas' ? 'blas' : 'pool');
  addon.setThreads(threads, gemmThreads === 'blas');
  configuredThreadCount = threads;
}

let configuredThreads: string | undefined;

/** Registers the `native` backend with tfjs (idempotent); throws with the reason when the addon cannot load. */
export function registerNativeBackend(options: NativeOptions = {}): NativeAddon {
  const load = loadAddon();
  if (!load.ok) throw new Error(load.reason);
  const key = JSON.stringify(options);
  if (configuredThreads !== key) {
    configure(load.addon, options);
    configuredThreads = key;
  }
  // Every time: kernels registered for cpu since (fused ops) are copied too.
  registerKernels();
  if (!tf.findBackendFactory(backendName)) {
    if (!tf.findBackendFactory('cpu')) tf.registerBackend('cpu', () => new MathBackendCPU(), 1);
    const poolMb = Number(environment().PRETRAIN_NATIVE_POOL_MB);
    const poolBytes = options.poolBytes ?? (poolMb >= 0 && environment().PRETRAIN_NATIVE_POOL_MB ? poolMb : 512) * 2 ** 20;
    tf.registerBackend(backendName, () => new NativeBackend(load.addon, poolBytes), 0);
  }
  return load.addon;
}

/** A description of the addon's BLAS and threads, with the notes about OPENBLAS_CORETYPE. */
function describe(addon: NativeAddon, notes: string[]): string {
  const info = addon.info();
  const threads = info.blasThreads ? `GEMMs on ${configuredThreadCount} BLAS thread(s), other kernels on 1` : `${info.threads} thread(s), BLAS on 1`;
  return [`native kernels over ${info.blas}, ${threads}`, ...notes].join('; ');
}

export const nativeBackend = {
  name: 'native' as const,

  /** Whether the addon was built and loads here; `reason` says why not (no compiler, no OpenBLAS, …). */
  async probe(): Promise<BackendProbe> {
    const load = loadAddon();
    return load.ok ? { available: true, reason: describe(load.addon, load.notes) } : { available: false, reason: load.reason };
  },

  /** Registers and activates the `native` backend and registers gradients; throws with the reason when unavailable. */
  async setup(options: NativeOptions = {}): Promise<BackendInfo> {
    const addon = registerNativeBackend(options);
    if (!(await tf.setBackend(backendName))) throw new Error('the native backend failed to initialise (see the message above from tfjs)');
    await tf.ready();
    registerGradients();
    registerFlaggedMatMulGradient();
    const load = loadAddon();
    return { name: 'native', reason: describe(addon, load.ok ? load.notes : []), threads: configuredThreadCount };
  },
};
