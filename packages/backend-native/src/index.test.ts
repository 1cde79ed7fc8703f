import { tf } from '@pretrain/core';
import { describe, expect, it } from 'vitest';
import { name, nativeBackend } from './index.js';

const probe = await nativeBackend.probe();

describe('nativeBackend', () => {
  it('is the package name', () => {
    expect(name).toBe('@pretrain/backend-native');
  });

  it.runIf(probe.available)(`becomes the active tfjs backend, naming its BLAS and threads (needs the built addon: ${probe.reason})`, async () => {
    const info = await nativeBackend.setup();
    expect(info.name).toBe('native');
    expect(info.reason).toMatch(/native kernels over (OpenBLAS|Accelerate|CBLAS)/);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(tf.getBackend()).toBe('native');
    // Kernels it does not replace come from tfjs-cpu.
    expect(Array.from(await tf.cumsum(tf.tensor1d([1, 2, 3])).data())).toEqual([1, 3, 6]);
  });
});
