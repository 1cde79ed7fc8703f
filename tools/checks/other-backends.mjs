#!/usr/bin/env node
// The smaller suite CI runs on the backends other than the default (wasm):
// the conformance suite and every hf-tiny parity test (files named
// `conformance.test.ts` or `*.parity.test.ts`), on cpu and on WebGPU
// (Dawn + SwiftShader here: ~0.4 GFLOP/s, so tiny shapes only), and on
// @pretrain/backend-native's addon (built here first if the install did not).
// The node backend runs too when @tensorflow/tfjs-node is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const hasTfjsNode = (() => {
  try {
    require.resolve('@tensorflow/tfjs-node', { paths: [new URL('../../packages/backend-node', import.meta.url).pathname] });
    return true;
  } catch {
    return false;
  }
})();

const nativeDirectory = new URL('../../packages/backend-native/', import.meta.url).pathname;
const hasNative = (() => {
  const addon = `${nativeDirectory}build/Release/pretrain_native.node`;
  if (!existsSync(addon)) spawnSync(process.execPath, [`${nativeDirectory}scripts/install.mjs`], { stdio: 'inherit' });
  if (existsSync(addon)) return true;
  const status = `${nativeDirectory}build/install-status.json`;
  console.log(`other backends: native skipped (${existsSync(status) ? JSON.parse(readFileSync(status, 'utf8')).reason : 'its addon was not built'})`);
  return false;
})();

const backends = ['cpu', 'webgpu', ...(hasNative ? ['native'] : []), ...(hasTfjsNode ? ['node'] : [])];
if (!hasTfjsNode) console.log('other backends: node skipped (@tensorflow/tfjs-node is not installed; its install downloads libtensorflow, which this machine cannot reach)');
let failed = false;
for (const backend of backends) {
  console.log(`\n── PRETRAIN_BACKEND=${backend}: conformance and parity ──`);
  const result = spawnSync(process.execPath, ['tools/checks/vitest-summary.mjs', 'conformance.test', '.parity.test'], {
    stdio: 'inherit',
    env: { ...process.env, PRETRAIN_BACKEND: backend },
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
