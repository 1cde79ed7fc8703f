import { registerGradients, tf } from '@pretrain/core';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendInfo, BackendProbe } from '@pretrain/core';
import { registerFusedWasmKernels } from './fused.js';

export { isSimdKernel, registerFusedWasmKernels, wasmArrayAccess, wasmFusedKernelNames } from './fused.js';

export type { BackendInfo, BackendProbe } from '@pretrain/core';

export interface WasmOptions {
  /**
   * Where the `.wasm` files are served from: a URL prefix ending in `/`, or a
   * map from file name (`tfjs-backend-wasm.wasm`, `-simd.wasm`,
   * `-threaded-simd.wasm`) to URL. In Node the package's own files are used.
   */
  wasmPaths?: string | Record<string, string>;
  /** Threads for the browser's threaded build (needs cross-origin isolation). Default: all cores, but tfjs itself caps its pool at ⌊hardwareConcurrency / 2⌋. */
  threads?: number;
}

/** Node's builtins without importing them, so browser bundles stay free of `node:` imports. */
function nodeModuleBuiltin(): typeof import('node:module') | undefined {
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return processLike?.getBuiltinModule?.('node:module') as typeof import('node:module') | undefined;
}

/** The directory holding tfjs-backend-wasm's `.wasm` files, as Node resolves it from here. */
export function nodeWasmDirectory(): string | undefined {
  const module = nodeModuleBuiltin();
  if (!module) return undefined;
  const entry = module.createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return `${entry.slice(0, entry.lastIndexOf('/') + 1)}`;
}

const inNode = () => nodeModuleBuiltin() !== undefined;

/** Threads the platform allows: tfjs's threaded build needs SharedArrayBuffer + cross-origin isolation, and cannot start its workers in Node. */
function threadSupport(): { allowed: boolean; why: string } {
  if (inNode()) {
    return { allowed: false, why: "tfjs-backend-wasm's threaded build starts its workers from blob: URLs, which Node's Worker refuses" };
  }
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return isolated
    ? { allowed: true, why: 'cross-origin isolated page' }
    : { allowed: false, why: 'the page is not cross-origin isolated (serve it with COOP: same-origin and COEP: require-corp)' };
}

export const wasmBackend = {
  name: 'wasm' as const,

  async probe(): Promise<BackendProbe> {
    return typeof WebAssembly === 'object'
      ? { available: true, reason: 'WebAssembly is available' }
      : { available: false, reason: 'this runtime has no WebAssembly' };
  },

  /** Sets tfjs's wasm backend up as the active backend and registers gradients and core's fused kernels. */
  async setup(options: WasmOptions = {}): Promise<BackendInfo> {
    const paths = options.wasmPaths ?? nodeWasmDirectory();
    if (paths !== undefined) setWasmPaths(paths);
    const threads = threadSupport();
    const hardware = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
    if (threads.allowed) setThreadsCount(Math.max(1, options.threads ?? hardware));
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise (see the message above from tfjs)');
    await tf.ready();
    registerGradients();
    registerFusedWasmKernels();
    const count = threads.allowed ? getThreadsCount() : 1;
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    const threadNote = threads.allowed ? `${count} thread(s)` : `1 thread (${threads.why})`;
    return { name: 'wasm', reason: `WebAssembly${simd ? ' with SIMD' : ' without SIMD'}, ${threadNote}`, threads: count };
  },
};
