// Loading the compiled addon (build/Release/pretrain_native.node), and why it
// could not be loaded. Node only: nothing here runs at import time.

/** The addon's functions (native/addon.cc). Shapes are plain arrays; buffers are not copied. */
export interface NativeAddon {
  info(): { blas: string; threads: number; cores: number; blasThreads: boolean; avx512: boolean };
  setThreads(threads: number, useBlasThreads: boolean): number;
  gemm(a: Float32Array, b: Float32Array, c: Float32Array, batch: number, m: number, n: number, k: number, strideA: number, strideB: number, transposeA: boolean, transposeB: boolean): number;
  binary(op: number, a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], out: Float32Array): number;
  compare(op: number, a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], out: Uint8Array): number;
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number): number;
  select(condition: Uint8Array, a: Float32Array, b: Float32Array, out: Float32Array): number;
  transpose(x: Float32Array, shape: number[], permutation: number[], out: Float32Array): number;
  slice(x: Float32Array, shape: number[], begin: number[], size: number[], out: Float32Array): number;
  concat(inputs: Float32Array[], inners: number[], outer: number, out: Float32Array): number;
  /** Returns -1, or the position of the first index outside [0, axis). */
  gather(x: Float32Array, outer: number, axis: number, inner: number, indices: Int32Array, out: Float32Array): number;
  /** Returns -1, or the position of the first row outside [0, rows). */
  scatterAdd(updates: Float32Array, rowsOf: Int32Array, inner: number, rows: number, out: Float32Array): number;
  reduce(op: number, x: Float32Array, outer: number, reduced: number, inner: number, out: Float32Array): number;
  softmax(x: Float32Array, rows: number, columns: number, out: Float32Array): number;
  /** int32 or bool values to float32, exactly. */
  toFloat(x: Int32Array | Uint8Array, out: Float32Array): number;
  oneHot(indices: Int32Array, depth: number, onValue: number, offValue: number, out: Float32Array): number;
  tile(x: Float32Array, shape: number[], reps: number[], out: Float32Array): number;
  argMax(x: Float32Array, outer: number, reduced: number, inner: number, out: Int32Array): number;
  // Core's fused kernels (native/fused.cc).
  adamw(
    parameter: Float32Array, gradient: Float32Array, firstMoment: Float32Array, secondMoment: Float32Array,
    parameterOut: Float32Array, firstMomentOut: Float32Array, secondMomentOut: Float32Array,
    learningRate: number, beta1: number, beta2: number, epsilon: number, weightDecay: number, step: number,
  ): number;
  layerNorm(x: Float32Array, gamma: Float32Array, beta: Float32Array, y: Float32Array, mean: Float32Array, rstd: Float32Array, size: number, epsilon: number): number;
  layerNormGrad(dy: Float32Array, x: Float32Array, mean: Float32Array, rstd: Float32Array, gamma: Float32Array, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array, size: number): number;
  gelu(x: Float32Array, y: Float32Array, tanhForm: boolean): number;
  geluGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, tanhForm: boolean): number;
  /** Writes the loss into loss[0]; returns -1, or the row of a label outside [0, V) that is not ignored. */
  crossEntropy(logits: Float32Array, labels: Int32Array, gradient: Float32Array, loss: Float32Array, ignoreIndex: number): number;
  attentionSoftmax(scores: Float32Array, shape: number[], masked: boolean, mask: Float32Array | null, maskShape: number[] | null, scale: number, out: Float32Array): number;
  attentionSoftmaxGrad(dy: Float32Array, probabilities: Float32Array, out: Float32Array, keyLength: number, scale: number): number;
}

/** Op codes shared with native/kernels.h. */
export const binaryOps = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, Maximum: 4, Minimum: 5, SquaredDifference: 6, Pow: 7 } as const;
export const compareOps = { Equal: 0, NotEqual: 1, Less: 2, LessEqual: 3, Greater: 4, GreaterEqual: 5 } as const;
export const unaryOps = {
  Exp: 0, Log: 1, Tanh: 2, Sigmoid: 3, Erf: 4, Sqrt: 5, Rsqrt: 6, Neg: 7, Relu: 8, Abs: 9, Square: 10, Reciprocal: 11, Step: 12, Log1p: 13, Sign: 14, Relu6: 15, Softplus: 16,
} as const;
export const reduceOps = { Sum: 0, Mean: 1, Max: 2, Min: 3 } as const;

export type AddonLoad = { ok: true; addon: NativeAddon; notes: string[] } | { ok: false; reason: string };

type NodeProcess = { env: Record<string, string | undefined>; platform: string; getBuiltinModule?: (id: string) => unknown };
const nodeProcess = (globalThis as { process?: NodeProcess }).process;

function builtin<T>(id: string): T | undefined {
  return nodeProcess?.getBuiltinModule?.(id) as T | undefined;
}

/** The package root: src/ and dist/ both sit one level below it. */
function packageDirectory(): string {
  return decodeURIComponent(new URL('..', import.meta.url).pathname);
}

/** Where the addon is looked for: PRETRAIN_NATIVE_ADDON, else the package's node-gyp output. */
export function addonPath(): string {
  return nodeProcess?.env.PRETRAIN_NATIVE_ADDON ?? `${packageDirectory()}build/Release/pretrain_native.node`;
}

/** The install script's record of why it did not build: build/install-status.json beside build/Release/. */
function installStatus(fs: typeof import('node:fs'), path: string): string | undefined {
  const buildDirectory = path.slice(0, path.lastIndexOf('/', path.lastIndexOf('/') - 1) + 1);
  try {
    const status = JSON.parse(fs.readFileSync(`${buildDirectory}install-status.json`, 'utf8')) as { built?: boolean; reason?: string };
    return status.built === false ? status.reason : undefined;
  } catch {
    return undefined;
  }
}

/** The CPU's feature flags, from /proc/cpuinfo (Linux only). */
function cpuFlags(fs: typeof import('node:fs')): Set<string> {
  try {
    const line = /^flags\s*:(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    return new Set((line?.[1] ?? '').trim().split(/\s+/));
  } catch {
    return new Set();
  }
}

/**
 * OpenBLAS's core type for this process, chosen before the library loads (it
 * reads OPENBLAS_CORETYPE once, at load). A user's setting is kept, with a note
 * when it is Haswell on an AVX-512 CPU; when unset, the core follows the CPU's
 * flags, because OpenBLAS 0.3.21's own cpuid table does not know recent CPUs
 * and falls back to Prescott (SSE3), 10–20× slower (measured here).
 * `PRETRAIN_NATIVE_CORETYPE=cpuid` leaves the choice to OpenBLAS.
 */
export function coreTypeFor(env: Record<string, string | undefined>, flags: Set<string>): { set?: string; notes: string[] } {
  const avx512 = ['avx512f', 'avx512bw', 'avx512dq', 'avx512vl'].every((flag) => flags.has(flag));
  const chosen = env.OPENBLAS_CORETYPE;
  if (chosen !== undefined) {
    const notes = [`OPENBLAS_CORETYPE=${chosen} (set in the environment)`];
    if (/^haswell$/i.test(chosen) && avx512) notes.push('this CPU has AVX-512: OPENBLAS_CORETYPE=Haswell halves the GEMM rate (unset it or set SkylakeX)');
    return { notes };
  }
  if (env.PRETRAIN_NATIVE_CORETYPE === 'cpuid') return { notes: ["OpenBLAS's own cpuid detection (PRETRAIN_NATIVE_CORETYPE=cpuid)"] };
  const core = avx512 ? 'SkylakeX' : flags.has('avx2') && flags.has('fma') ? 'Haswell' : undefined;
  if (!core) return { notes: [] };
  return { set: core, notes: [`OPENBLAS_CORETYPE=${core}, from the CPU's flags (set it to override; PRETRAIN_NATIVE_CORETYPE=cpuid lets OpenBLAS detect)`] };
}

/** Load results by path (PRETRAIN_NATIVE_ADDON may point elsewhere later, as tests do). */
const loads = new Map<string, AddonLoad>();

/** Loads the addon once per path; never throws: a failure is reported with its reason. */
export function loadAddon(): AddonLoad {
  const path = addonPath();
  const known = loads.get(path);
  if (known) return known;
  const result = loadFrom(path);
  loads.set(path, result);
  return result;
}

function loadFrom(path: string): AddonLoad {
  const fs = builtin<typeof import('node:fs')>('node:fs');
  const module = builtin<typeof import('node:module')>('node:module');
  if (!fs || !module) return { ok: false, reason: 'the native backend needs Node.js (it loads a compiled addon)' };
  if (!fs.existsSync(path)) {
    // No status file: the install script never ran (npm --ignore-scripts, or pnpm ≥ 10, which runs only approved builds).
    const why = installStatus(fs, path) ?? 'its install script did not run (pnpm ≥ 10 needs `pnpm approve-builds` or onlyBuiltDependencies; npm --ignore-scripts skips it)';
    return {
      ok: false,
      reason: `no native addon at ${path}: ${why} (rebuild with \`npm rebuild @pretrain/backend-native\`; it needs a C++ compiler, make, python3 and OpenBLAS: apt-get install g++ make python3 libopenblas-dev)`,
    };
  }
  const { set, notes } = nodeProcess?.platform === 'linux' ? coreTypeFor(nodeProcess.env, cpuFlags(fs)) : { set: undefined, notes: [] };
  // Set only while OpenBLAS loads (it reads the variable once): the user's environment is left as it was.
  if (set !== undefined && nodeProcess) nodeProcess.env.OPENBLAS_CORETYPE = set;
  try {
    const addon = module.createRequire(import.meta.url)(path) as NativeAddon;
    return { ok: true, addon, notes };
  } catch (error) {
    return { ok: false, reason: `the native addon at ${path} failed to load: ${(error as Error).message}` };
  } finally {
    if (set !== undefined && nodeProcess) delete nodeProcess.env.OPENBLAS_CORETYPE;
  }
}

/** Forgets the cached load result (tests point PRETRAIN_NATIVE_ADDON elsewhere). */
export function resetAddonCache(): void {
  loads.clear();
}
