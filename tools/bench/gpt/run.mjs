#!/usr/bin/env node
// The tiny GPT of ../shared/PERF-FACTS.md, ours (tfjs + @pretrain/gpt, AdamW from @pretrain/train, decoding through
// @pretrain/generate) beside the same model in plain PyTorch (torch_gpt.py), in one run, one process per measurement:
//   node tools/bench/gpt/run.mjs [train] [forward] [decode] [--backend NAME] [--steps N] [--repeat N] [--quick] [--no-torch]
// No mode names: all three. `--backend` is any name @pretrain/backends' useBackend knows (wasm, cpu, webgpu, native …;
// default wasm, or BENCH_BACKEND). One table per mode. Figures per CPU-second of the measuring process are the robust
// ones on a shared machine; wall figures are printed too. `--repeat N` runs decode's pair (ours, then PyTorch) N times
// and reports each figure's median and the median of the N paired ratios. Training's FLOPs utilisation = tok/CPU-s × 33.0 MFLOP ÷ the
// backend's 2-D GEMM GFLOP/CPU-s at the step's shapes (../matmul/shapes.mjs), measured in this run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendName, option } from './options.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const knownModes = ['train', 'forward', 'decode'];
const valueFlags = new Set(['--backend', '--steps', '--repeat']);
const words = argv.filter((word, index) => !word.startsWith('--') && !valueFlags.has(argv[index - 1]));
for (const word of words) if (!knownModes.includes(word)) throw new Error(`run.mjs: unknown mode "${word}" (${knownModes.join(', ')})`);
const modes = words.length > 0 ? words : knownModes;
const quick = argv.includes('--quick');
const backend = backendName(argv);
const steps = option(argv, 'steps', quick ? '5' : '20');
const repeat = Number(option(argv, 'repeat', '1'));
if (!(Number.isInteger(repeat) && repeat >= 1)) throw new Error(`run.mjs: --repeat must be a positive integer, got ${repeat}`);
const workerFlags = ['--backend', backend, ...(quick ? ['--quick'] : [])];
// One intra-op thread and one OpenBLAS thread: on a 2-core machine shared with other jobs,
// OpenBLAS's spinning second thread only adds contention (tools/bench/matmul does the same).
const torchEnv = { OPENBLAS_CORETYPE: 'SkylakeX', OMP_NUM_THREADS: '1' };
const withTorch = !argv.includes('--no-torch') && existsSync('/usr/bin/python3');

function collect(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { cwd: here, env: { ...process.env, ...extraEnv }, encoding: 'utf8', timeout: 30 * 60_000, maxBuffer: 1 << 26 });
  const line = (result.stdout ?? '').split('\n').find((text) => text.startsWith('{'));
  if (!line) {
    process.stderr.write(`(${args.join(' ')}: no result — ${(result.stderr ?? '').split('\n').filter(Boolean).slice(-3).join(' ')})\n`);
    return undefined;
  }
  return JSON.parse(line);
}
const ours = (mode, ...extra) => collect(process.execPath, ['worker.mjs', mode, ...extra, ...workerFlags]);
const torch = (mode, ...extra) => (withTorch ? collect('/usr/bin/python3', ['torch_gpt.py', mode, ...extra, ...(quick ? ['--quick'] : [])], torchEnv) : undefined);

const fixed = (value, digits = 0) => (value === undefined || Number.isNaN(value) ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const print = (header, rows) => console.log([`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n'));
const ratio = (a, b) => (a === undefined || b === undefined ? '–' : `${fixed(a / b, 2)}×`);

function reportTrain() {
  const [mine, gemm, reference] = [ours('train', '--steps', steps), ours('matmul'), torch('train', steps)];
  const utilisation = (row) => (row && gemm ? (row.tokensPerCpuSecond * row.flopsPerTrainedToken) / (gemm.gemmGflops * 1e9) : undefined);
  const matmulShare = (row) => (row?.matmulMs === undefined ? undefined : (100 * row.matmulMs) / (row.matmulMs + row.otherKernelMs));
  console.log(`\n### train (batch 8×128, AdamW, ${steps} timed steps)\n`);
  print(
    ['runtime', 'tok/CPU-s', 'tok/s (wall)', 'CPU ms/step', 'kernels/step', 'matmul share of kernel time', `FLOPs util. (of ${backend} GEMM)`, 'peak RSS (MB)', 'loss after run'],
    [mine, reference].filter(Boolean).map((row) => [
      row.runtime, fixed(row.tokensPerCpuSecond), fixed(row.tokensPerSecond), fixed(row.stepCpuMs), fixed(row.opsPerStep), row.matmulMs === undefined ? '–' : `${fixed(matmulShare(row))}%`,
      row.opsPerStep === undefined ? '–' : `${fixed(100 * utilisation(row))}%`, fixed(row.peakMemoryMb), fixed(row.loss, 3),
    ]),
  );
  if (gemm) console.log(`\n${backend} GEMM at the step's shapes: ${fixed(gemm.gemmGflops, 1)} GFLOP/CPU-s (2-D products, time-weighted), ${fixed(gemm.batchedGflops, 1)} for the batched attention products.`);
  if (mine && reference) console.log(`ours ÷ PyTorch: ${ratio(mine.tokensPerCpuSecond, reference.tokensPerCpuSecond)} tokens per CPU-second, ${ratio(mine.tokensPerSecond, reference.tokensPerSecond)} wall; peak memory ${ratio(mine.peakMemoryMb, reference.peakMemoryMb)}.`);
  if (!mine) return;
  console.log('\nOur step by kernel (one profiled step; kernel times are wall-clock, so only their shares are meaningful under load):\n');
  const total = Object.values(mine.byKernel).reduce((sum, entry) => sum + entry.ms, 0);
  print(['kernel', 'calls', 'share of kernel time'], Object.entries(mine.byKernel).sort((a, b) => b[1].ms - a[1].ms).slice(0, 14).map(([name, entry]) => [name, String(entry.calls), `${fixed((100 * entry.ms) / total, 1)}%`]));
}

function reportForward() {
  const rows = [ours('forward'), torch('forward')];
  console.log('\n### forward (b1×128, dropout off)\n');
  print(['runtime', 'tok/CPU-s', 'tok/s (wall)', 'peak RSS (MB)'], rows.filter(Boolean).map((row) => [row.runtime, fixed(row.tokensPerCpuSecond), fixed(row.tokensPerSecond), fixed(row.peakMemoryMb)]));
  const [mine, reference] = rows;
  if (mine && reference) console.log(`\nours ÷ PyTorch: ${ratio(mine.tokensPerCpuSecond, reference.tokensPerCpuSecond)} tokens per CPU-second.`);
}

const median = (values) => {
  const sorted = values.filter((value) => value !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** One row per figure: the median over the runs of each context's figure. */
function medianRow(runs) {
  const present = runs.filter(Boolean);
  if (present.length === 0) return undefined;
  const figure = (name) => Object.fromEntries(Object.keys(present[0][name]).map((key) => [key, median(present.map((run) => run[name][key]))]));
  return { runtime: present[0].runtime, cpuMsPerToken: figure('cpuMsPerToken'), msPerToken: figure('msPerToken'), peakMemoryMb: Math.max(...present.map((run) => run.peakMemoryMb)) };
}

function reportDecode() {
  const pairs = Array.from({ length: repeat }, () => [ours('decode'), torch('decode')]);
  const rows = [medianRow(pairs.map(([mine]) => mine)), medianRow(pairs.map(([, reference]) => reference))];
  const keys = ['cached32', 'cached128', 'cached512', 'cached1024', 'uncached1024'];
  console.log(`\n### decode (greedy, batch 1; KV cache at each context, uncached at 1024${repeat > 1 ? `; medians of ${repeat} alternating runs` : ''})\n`);
  print(
    ['runtime', 'figure', 'ctx 32', 'ctx 128', 'ctx 512', 'ctx 1024', 'uncached, ctx 1024', 'peak RSS (MB)'],
    rows.filter(Boolean).flatMap((row) => [
      [row.runtime, 'CPU ms/token', ...keys.map((key) => fixed(row.cpuMsPerToken[key], 2)), fixed(row.peakMemoryMb)],
      [row.runtime, 'wall ms/token', ...keys.map((key) => fixed(row.msPerToken[key], 2)), ''],
    ]),
  );
  const [mine, reference] = rows;
  if (!mine || !reference) return;
  console.log(`\nours ÷ PyTorch (CPU ms/token, medians): ${keys.map((key) => `${key} ${ratio(mine.cpuMsPerToken[key], reference.cpuMsPerToken[key])}`).join(', ')}`);
  if (repeat === 1) return;
  const paired = (key) => pairs.filter(([a, b]) => a && b).map(([a, b]) => a.cpuMsPerToken[key] / b.cpuMsPerToken[key]);
  console.log(`ours ÷ PyTorch per run (CPU ms/token): ${keys.map((key) => `${key} ${paired(key).map((value) => fixed(value, 2)).join('/')} (median ${fixed(median(paired(key)), 2)}×)`).join(', ')}`);
}

const reports = { train: reportTrain, forward: reportForward, decode: reportDecode };
console.log(`tiny GPT, backend ${backend}${withTorch ? ', beside PyTorch' : ''}${quick ? ' (--quick)' : ''}`);
for (const mode of modes) reports[mode]();
