import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { coreTypeFor, resetAddonCache } from './addon.js';
import { nativeBackend } from './index.js';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const avx512 = new Set(['avx2', 'fma', 'avx512f', 'avx512bw', 'avx512dq', 'avx512vl']);

/** A copy of what the published package holds for its build, in a temporary directory. */
function packageCopy(): string {
  const directory = mkdtempSync(join(tmpdir(), 'backend-native-'));
  for (const entry of ['binding.gyp', 'native', 'scripts']) cpSync(join(packageDirectory, entry), join(directory, entry), { recursive: true });
  return directory;
}

describe('a missing build', () => {
  const saved = process.env.PRETRAIN_NATIVE_ADDON;
  afterEach(() => {
    if (saved === undefined) delete process.env.PRETRAIN_NATIVE_ADDON;
    else process.env.PRETRAIN_NATIVE_ADDON = saved;
    resetAddonCache();
  });

  it('installs without failing when no compiler is on PATH, and records why', () => {
    const directory = packageCopy();
    try {
      const result = spawnSync(process.execPath, [join(directory, 'scripts', 'install.mjs')], {
        cwd: directory,
        env: { PATH: join(directory, 'no-such-bin'), HOME: directory },
        encoding: 'utf8',
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('no C++ compiler on PATH');
      const status = JSON.parse(readFileSync(join(directory, 'build', 'install-status.json'), 'utf8')) as { built: boolean; reason: string };
      expect(status).toMatchObject({ built: false, reason: expect.stringContaining('no C++ compiler') });

      // The loader then reports that reason: probe() says unavailable, setup() throws it.
      process.env.PRETRAIN_NATIVE_ADDON = join(directory, 'build', 'Release', 'pretrain_native.node');
      resetAddonCache();
      return Promise.all([
        expect(nativeBackend.probe()).resolves.toMatchObject({ available: false, reason: expect.stringContaining('no C++ compiler on PATH') }),
        expect(nativeBackend.setup()).rejects.toThrow(/no C\+\+ compiler on PATH/),
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('installs without failing when OpenBLAS is missing, and records why', () => {
    const directory = packageCopy();
    try {
      // A compiler that cannot find cblas.h, as g++ reports it without libopenblas-dev.
      const compiler = join(directory, 'c++');
      writeFileSync(compiler, '#!/bin/sh\necho "fatal error: cblas.h: No such file or directory" >&2\nexit 1\n');
      chmodSync(compiler, 0o755);
      const result = spawnSync(process.execPath, [join(directory, 'scripts', 'install.mjs')], { cwd: directory, env: { ...process.env, CXX: compiler }, encoding: 'utf8' });
      expect(result.status).toBe(0);
      const status = JSON.parse(readFileSync(join(directory, 'build', 'install-status.json'), 'utf8')) as { built: boolean; reason: string };
      expect(status.built).toBe(false);
      expect(status.reason).toMatch(/libopenblas-dev.*cblas\.h: No such file/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reports an addon that fails to load', async () => {
    process.env.PRETRAIN_NATIVE_ADDON = fileURLToPath(import.meta.url); // exists, but is no addon
    resetAddonCache();
    const probe = await nativeBackend.probe();
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/failed to load/);
  });
});

describe('coreTypeFor', () => {
  it('keeps a user-set OPENBLAS_CORETYPE and warns about Haswell on an AVX-512 CPU', () => {
    const choice = coreTypeFor({ OPENBLAS_CORETYPE: 'Haswell' }, avx512);
    expect(choice.set).toBeUndefined();
    expect(choice.notes.join(' ')).toMatch(/AVX-512: OPENBLAS_CORETYPE=Haswell halves the GEMM rate/);
    expect(coreTypeFor({ OPENBLAS_CORETYPE: 'Haswell' }, new Set(['avx2', 'fma'])).notes).toHaveLength(1);
  });

  it('follows the CPU flags when unset, unless told to let OpenBLAS detect', () => {
    expect(coreTypeFor({}, avx512).set).toBe('SkylakeX');
    expect(coreTypeFor({}, new Set(['avx2', 'fma'])).set).toBe('Haswell');
    expect(coreTypeFor({}, new Set(['sse3'])).set).toBeUndefined();
    expect(coreTypeFor({ PRETRAIN_NATIVE_CORETYPE: 'cpuid' }, avx512).set).toBeUndefined();
  });
});
