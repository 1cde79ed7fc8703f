import { tf, type BackendInfo, type BackendProbe } from '@pretrain/core';
import { describe, expect, it } from 'vitest';
import { cpuBackend, useBackend, type BackendModule, type BackendName } from './index.js';

/** A stand-in for a backend this machine lacks (no GPU, no tfjs-node): only its availability is simulated. */
function simulated(name: BackendName, probe: BackendProbe): BackendModule & { used: boolean } {
  const module = {
    name,
    used: false,
    probe: async () => probe,
    setup: async (): Promise<BackendInfo> => {
      module.used = true;
      return { name, reason: `simulated ${name}`, threads: 1 };
    },
  };
  return module;
}

const gpuAdapter = { vendor: 'nvidia', architecture: 'hopper', description: 'H100', isCpu: false, isFallbackAdapter: false };
const softwareAdapter = { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader', isCpu: true, isFallbackAdapter: false };

describe('useBackend', () => {
  it('prefers WebGPU on a hardware adapter', async () => {
    const webgpu = simulated('webgpu', { available: true, reason: 'gpu', adapter: gpuAdapter });
    const info = await useBackend('auto', { modules: [webgpu, simulated('node', { available: true, reason: 'installed' }), cpuBackend] });
    expect(info.name).toBe('webgpu');
    expect(webgpu.used).toBe(true);
  });

  it('passes over a software WebGPU adapter for native, and says why', async () => {
    const modules = [
      simulated('webgpu', { available: true, reason: 'a software WebGPU adapter', adapter: softwareAdapter }),
      simulated('node-gpu', { available: false, reason: '@tensorflow/tfjs-node-gpu is not installed' }),
      simulated('node', { available: true, reason: 'installed' }),
      cpuBackend,
    ];
    const info = await useBackend('auto', { modules });
    expect(info.name).toBe('node');
    expect(info.reason).toContain('webgpu: passed over, a software WebGPU adapter');
    expect(info.reason).toContain('node-gpu: @tensorflow/tfjs-node-gpu is not installed');
  });

  it('falls back to cpu when nothing else is available', async () => {
    const info = await useBackend('auto', { modules: [simulated('wasm', { available: false, reason: 'no WebAssembly' }), cpuBackend] });
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.reason).toContain('wasm: no WebAssembly');
    expect(info.reason).toContain('webgpu: not among the modules passed to useBackend');
  });

  it('finds the installed packages by name on this machine and picks wasm or better', async () => {
    const info = await useBackend('auto');
    expect(['webgpu', 'native', 'wasm']).toContain(info.name);
    expect(tf.getBackend()).toBe(info.name);
    if (info.name !== 'webgpu') expect(info.reason).toMatch(/node: .*tfjs-node/);
  });

  it('passes over native to wasm when its addon was not built, and says why', async () => {
    const { nativeBackend } = await import('@pretrain/backend-native');
    const { wasmBackend } = await import('@pretrain/backend-wasm');
    process.env.PRETRAIN_NATIVE_ADDON = '/nonexistent/pretrain_native.node';
    try {
      const info = await useBackend('auto', { modules: [nativeBackend, wasmBackend, cpuBackend] });
      expect(info.name).toBe('wasm');
      expect(info.reason).toContain('native: no native addon at /nonexistent/pretrain_native.node');
      await expect(useBackend('native', { modules: [nativeBackend] })).rejects.toThrow(/no native addon/);
    } finally {
      delete process.env.PRETRAIN_NATIVE_ADDON;
    }
  });

  it('names the package to install for an explicit native choice that is absent', async () => {
    await expect(useBackend('node')).rejects.toThrow(/@tensorflow\/tfjs-node/);
  });

  it('rejects an unknown name', async () => {
    await expect(useBackend('tpu' as BackendName)).rejects.toThrow('"tpu" is not one of auto, webgpu, node-gpu, node, native, wasm, cpu');
  });
});
