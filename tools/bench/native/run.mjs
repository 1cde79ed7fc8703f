#!/usr/bin/env node
// @pretrain/backend-native against tfjs-wasm and PyTorch, side by side in one run, one process per
// measurement (tfjs's backend is process-global):
//   node tools/bench/native/run.mjs [--steps N] [--quick] [--no-torch]
// Columns: native with our thread pool splitting GEMMs (BLAS on 1 thread; the default), native with
// OpenBLAS's own threads, native on 1 thread, tfjs-wasm, PyTorch on 1 thread and PyTorch with OpenBLAS
// on 2 threads (PERF-FACTS' best setting), both with OPENBLAS_CORETYPE=SkylakeX. Rows: matmul GFLOP/s
// (tools/bench/matmul's worker and shapes) and the tiny GPT training step (tools/bench/gpt's worker and
// model), and its forward pass at batch 1 × 128 (onnxruntime-node's 21k tok/s is in PERF-FACTS).
// Per CPU-second figures are the robust ones on a shared machine; wall figures are the target's.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const stepsIndex = argv.indexOf('--steps');
const steps = stepsIndex >= 0 ? argv[stepsIndex + 1] : quick ? '5' : '20';
const withTorch = !argv.includes('--no-torch') && existsSync('/usr/bin/python3');

const torchOne = { OPENBLAS_CORETYPE: 'SkylakeX', OMP_NUM_THREADS: '1' };
const torchTwo = { OPENBLAS_CORETYPE: 'SkylakeX', OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '2' };
const columns = [
  { label: 'native (pool, 2 threads)', backend: 'native', env: {} },
  { label: 'native (OpenBLAS threads)', backend: 'native', env: { PRETRAIN_NATIVE_GEMM_THREADS: 'blas' } },
  { label: 'native (1 thread)', backend: 'native', env: { PRETRAIN_NATIVE_THREADS: '1' } },
  { label: 'tfjs-wasm', backend: 'wasm', env: {} },
  ...(withTorch ? [{ label: 'PyTorch (1 thread)', torch: torchOne }, { label: 'PyTorch (OpenBLAS 2 threads)', torch: torchTwo }] : []),
];

function collect(directory, command, args, env) {
  const result = spawnSync(command, args, { cwd: join(bench, directory), env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30 * 60_000, maxBuffer: 1 << 26 });
  const rows = (result.stdout ?? '').split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
  if (rows.length === 0) process.stderr.write(`(${directory} ${args.join(' ')}: no result — ${(result.stderr ?? '').split('\n').filter(Boolean).slice(-3).join(' ')})\n`);
  return rows;
}

function matmulRows(column) {
  if (column.torch) return collect('matmul', '/usr/bin/python3', ['torch_matmul.py', '1', ...(quick ? ['quick'] : [])], column.torch);
  return collect('matmul', process.execPath, ['worker.mjs', column.backend, ...(quick ? ['quick'] : [])], column.env);
}

function forwardRow(column) {
  if (column.torch) return collect('gpt', '/usr/bin/python3', ['torch_gpt.py', 'forward', '--quick'], column.torch)[0];
  return collect('gpt', process.execPath, ['worker.mjs', 'forward', '--quick', '--backend', column.backend], column.env)[0];
}

function trainRow(column) {
  if (column.torch) return collect('gpt', '/usr/bin/python3', ['torch_gpt.py', 'train', steps], column.torch)[0];
  return collect('gpt', process.execPath, ['worker.mjs', 'train', '--steps', steps, '--backend', column.backend], column.env)[0];
}

const fixed = (value, digits = 0) => (value === undefined || Number.isNaN(value) ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const shown = ['1024³', '2048³', 'qkv fwd', 'mlp.up dW', 'lm_head fwd', 'lm_head dX', 'lm_head dW', 'scores QKᵀ'];

const results = columns.map((column) => ({ column, matmul: matmulRows(column), train: trainRow(column), forward: forwardRow(column) }));
const kernelMs = (train) => (train?.matmulMs === undefined ? undefined : train.matmulMs + train.otherKernelMs);
const rows = [
  ...shown.map((shape) => [`matmul ${shape} (GFLOP/s)`, ...results.map(({ matmul }) => fixed(matmul.find((row) => row.shape === shape)?.gflops, 1))]),
  ['GPT train tok/s (wall)', ...results.map(({ train }) => fixed(train?.tokensPerSecond))],
  ['GPT train tok/CPU-s', ...results.map(({ train }) => fixed(train?.tokensPerCpuSecond))],
  ['GPT train ms/step (wall)', ...results.map(({ train }) => fixed(train?.stepMs))],
  ['kernels/step', ...results.map(({ train }) => fixed(train?.opsPerStep))],
  ['matmul share of kernel time', ...results.map(({ train }) => (kernelMs(train) ? `${fixed((100 * train.matmulMs) / kernelMs(train))}%` : '–'))],
  ['time outside kernels (step − profiled kernel sum)', ...results.map(({ train }) => (kernelMs(train) ? `${fixed(Math.max(0, 100 * (1 - kernelMs(train) / train.stepMs)))}%` : '–'))],
  ['GPT forward b1×128 tok/s (wall)', ...results.map(({ forward }) => fixed(forward?.tokensPerSecond))],
  ['peak RSS, training (MB)', ...results.map(({ train }) => fixed(train?.peakMemoryMb))],
  ['loss after run', ...results.map(({ train }) => fixed(train?.loss, 3))],
];
const header = ['', ...columns.map((column) => column.label)];
console.log([`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n'));
const torchBest = results.filter(({ column }) => column.torch).map(({ train }) => train?.tokensPerSecond ?? 0).reduce((a, b) => Math.max(a, b), 0);
const native = results[0]?.train?.tokensPerSecond;
if (torchBest > 0 && native) console.log(`\nnative (pool) ÷ PyTorch's best: ${fixed(native / torchBest, 2)}× wall tok/s (target ≥ 0.6×). Training: batch 8×128, AdamW, ${steps} timed steps.`);
