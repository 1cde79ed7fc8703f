import { registerFusedCpuKernels, registerGradients, tf, type BackendInfo, type BackendProbe } from '@pretrain/core';
// A value import: a bare `import '@tensorflow/tfjs-backend-cpu'` is dropped by bundlers that
// read its `sideEffects` list (its Node build is not on it), leaving no cpu backend.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

export type { AdapterInfo, BackendInfo, BackendProbe } from '@pretrain/core';

export const backendNames = ['webgpu', 'node-gpu', 'node', 'native', 'wasm', 'cpu'] as const;
export type BackendName = (typeof backendNames)[number];
export type BackendChoice = 'auto' | BackendName;

/** What each backend package exports (`wasmBackend`, `webgpuBackend`, `nodeBackend`, `nodeGpuBackend`, `nativeBackend`). */
export interface BackendModule {
  name: BackendName;
  probe(options?: object): Promise<BackendProbe>;
  setup(options?: object): Promise<BackendInfo>;
}

export interface UseBackendOptions {
  /**
   * Backend modules to choose from. In Node they are found by package name when
   * omitted; in a bundled app pass the ones you import, e.g.
   * `{modules: [webgpuBackend, wasmBackend]}`, so the bundler sees them.
   */
  modules?: BackendModule[];
  /** Options passed to the chosen module's `setup` (e.g. `{wasmPaths, threads}` or `{powerPreference}`). */
  setupOptions?: Partial<Record<BackendName, object>>;
}

/** Registers tfjs's cpu backend if its import-time registration did not run (bundled builds), and core's fused kernels for it. */
export function ensureCpuRegistered(): void {
  if (!tf.findBackendFactory('cpu')) tf.registerBackend('cpu', () => new MathBackendCPU(), 1);
  registerFusedCpuKernels('cpu');
}

/** The pure-JavaScript backend, always available: slow (~1 GFLOP/s), but exact. */
export const cpuBackend: BackendModule = {
  name: 'cpu',
  async probe() {
    return { available: true, reason: 'pure JavaScript, always available' };
  },
  async setup() {
    ensureCpuRegistered();
    if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
    await tf.ready();
    registerGradients();
    return { name: 'cpu', reason: 'pure JavaScript (tfjs-backend-cpu)', threads: 1 };
  },
};

const packages: Record<Exclude<BackendName, 'cpu'>, { packageName: string; exportName: string }> = {
  webgpu: { packageName: '@pretrain/backend-webgpu', exportName: 'webgpuBackend' },
  'node-gpu': { packageName: '@pretrain/backend-node', exportName: 'nodeGpuBackend' },
  node: { packageName: '@pretrain/backend-node', exportName: 'nodeBackend' },
  native: { packageName: '@pretrain/backend-native', exportName: 'nativeBackend' },
  wasm: { packageName: '@pretrain/backend-wasm', exportName: 'wasmBackend' },
};

/** Finds the module for `name`: among `modules` if given, else by importing its package. */
async function findModule(name: BackendName, modules: BackendModule[] | undefined): Promise<BackendModule | string> {
  if (name === 'cpu') return modules?.find((module) => module.name === 'cpu') ?? cpuBackend;
  if (modules) return modules.find((module) => module.name === name) ?? `not among the modules passed to useBackend`;
  const { packageName, exportName } = packages[name];
  try {
    const loaded = (await import(/* @vite-ignore */ packageName)) as Record<string, BackendModule>;
    return loaded[exportName] ?? `${packageName} has no export ${exportName}`;
  } catch {
    return `${packageName} is not installed (npm install ${packageName})`;
  }
}

/** Probes backends in auto's order of preference: a real GPU, then native, then wasm, then cpu. */
async function chooseAutomatically(options: UseBackendOptions): Promise<{ module: BackendModule; notes: string[] }> {
  const notes: string[] = [];
  for (const name of backendNames) {
    const module = await findModule(name, options.modules);
    if (typeof module === 'string') {
      notes.push(`${name}: ${module}`);
      continue;
    }
    const probe = await module.probe(options.setupOptions?.[name]);
    if (!probe.available) notes.push(`${name}: ${probe.reason}`);
    else if (name === 'webgpu' && probe.adapter?.isCpu) notes.push(`${name}: passed over, ${probe.reason}`);
    else return { module, notes };
  }
  throw new Error(`no backend is available: ${notes.join('; ')}`);
}

/**
 * Makes `choice` the active tensor backend, registers gradients, and reports
 * `{name, reason, adapter, threads}`. `auto` prefers a real GPU (WebGPU on a
 * hardware adapter, then tfjs-node-gpu), then native tfjs-node, then
 * @pretrain/backend-native's kernels (when its addon built), then wasm, then
 * cpu; its `reason` says why each better one was passed over.
 */
export async function useBackend(choice: BackendChoice = 'auto', options: UseBackendOptions = {}): Promise<BackendInfo> {
  // The cpu backend is always there as the reference and the fallback.
  ensureCpuRegistered();
  if (choice !== 'auto' && !(backendNames as readonly string[]).includes(choice)) {
    throw new Error(`useBackend: "${String(choice)}" is not one of auto, ${backendNames.join(', ')}`);
  }
  if (choice === 'auto') {
    const { module, notes } = await chooseAutomatically(options);
    const info = await module.setup(options.setupOptions?.[module.name]);
    return notes.length === 0 ? info : { ...info, reason: `${info.reason} (auto: ${notes.join('; ')})` };
  }
  const module = await findModule(choice, options.modules);
  if (typeof module === 'string') throw new Error(`useBackend('${choice}'): ${module}`);
  return module.setup(options.setupOptions?.[choice]);
}
