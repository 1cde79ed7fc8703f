// node tools/bench/bert/run.mjs [--quick] [--only train|infer]: issue 11's BERT benchmarks — tfjs-wasm, tfjs on
// @pretrain/backend-native, onnxruntime-node (1 and 2 intra-op threads) and PyTorch side by side, each measurement in
// its own process, printed as a markdown table. Inference runs the same seed-0 weights everywhere: export_bert.py
// writes them once per shape (Hugging Face directory + ONNX export + PyTorch's output on a check batch) under
// $TMPDIR/pretrain-bench-bert/, re-exported when the Python sources change; each runtime's max abs difference from
// PyTorch on that batch is printed. A runtime that cannot run here (e.g. native without its addon) shows "–".
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainingFlopsPerToken } from './shape.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const flags = quick ? ['--quick'] : [];
const env = { ...process.env, OPENBLAS_CORETYPE: 'SkylakeX', OMP_NUM_THREADS: '1' };
const python = '/usr/bin/python3';
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');
const startedAt = performance.now();
const loadAtStart = load();

function run(command, args, extraEnv = {}) {
  return execFileSync(command, args, { cwd: here, env: { ...env, ...extraEnv }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
}
const measure = (command, args, extraEnv) => JSON.parse(run(command, args, extraEnv).trim().split('\n').at(-1));
/** As `measure`, but a runtime that fails here gives undefined (its column shows "–"; the reason is on stderr). */
function tryMeasure(command, args, extraEnv) {
  try {
    return measure(command, args, extraEnv);
  } catch (error) {
    console.error(`(${args.join(' ')} with ${JSON.stringify(extraEnv)} failed: ${error.message.split('\n')[0]})`);
    return undefined;
  }
}

const ours = (mode, args = []) => measure('node', ['worker.mjs', mode, ...args, ...flags], { BENCH_BACKEND: 'wasm' });
const native = (mode, args = []) => tryMeasure('node', ['worker.mjs', mode, ...args, ...flags], { BENCH_BACKEND: 'native' });
const torch = (mode, args = []) => measure(python, ['torch_bert.py', mode, ...args, ...flags]);
const columns = ['tfjs-wasm (1 thread)', 'tfjs native (backend-native)', 'onnxruntime-node 1.21 (1 thread)', 'onnxruntime-node 1.21 (2 threads)', 'PyTorch 1.13 (1 thread)'];
const rows = [];
const cell = (value, digits = 0) => (value === undefined ? '–' : value.toFixed(digits));

/** export_bert.py's directory for `name`, exported unless an export from the same sources is there. */
function exported(name) {
  const sources = ['export_bert.py', 'hf_bert.py', 'torch_bert.py'].map((file) => readFileSync(join(here, file))).join('\0');
  const stamp = createHash('sha256').update(sources).digest('hex');
  const directory = join(tmpdir(), 'pretrain-bench-bert', name);
  const stampPath = join(directory, 'stamp');
  if (!existsSync(stampPath) || readFileSync(stampPath, 'utf8') !== stamp) run(python, ['export_bert.py', name, directory, stamp]);
  return directory;
}

function training() {
  const results = [ours('train'), native('train'), undefined, undefined, torch('train')];
  const gflops = (result) => result && (result.tokensPerSecond * trainingFlopsPerToken()) / 1e9;
  rows.push(['MLM+NSP training, tiny (L4 H256), b8×128: tokens/s', ...results.map((result) => cell(result?.tokensPerSecond))]);
  rows.push(['  achieved GFLOP/s (model FLOPs)', ...results.map((result) => cell(gflops(result), 2))]);
  rows.push(['  peak RSS (MiB)', ...results.map((result) => cell(result?.peakMemoryMb))]);
}

function inference(name, label) {
  const directory = exported(name);
  const mode = `infer-${name}`;
  const batches = name === 'base' && quick ? '1' : '1,32';
  const onnxruntime = (threads) => measure('node', ['ort_worker.mjs', directory, '--threads', String(threads), '--batches', batches, ...flags]);
  const results = [ours(mode, ['--weights', directory]), native(mode, ['--weights', directory]), onnxruntime(1), onnxruntime(2), torch(mode, ['--weights', directory])];
  for (const key of ['b1x128', 'b32x128']) rows.push([`encoder inference, ${label}, ${key}: tokens/s`, ...results.map((result) => cell(result?.[key]))]);
  const difference = (result) => (result === undefined ? '–' : (result.maxAbsDiffVsTorch?.toExponential(1) ?? '(reference)'));
  rows.push(['  max abs difference from PyTorch (last hidden state, 2×128)', ...results.map(difference)]);
  rows.push(['  peak RSS (MiB)', ...results.map((result) => cell(result?.peakMemoryMb))]);
  if (results[1]) columns[1] = `tfjs native (${results[1].threads} threads)`;
}

if (only !== 'infer') training();
if (only !== 'train') {
  inference('tiny', 'tiny (L4 H256)');
  inference('base', 'bert-base (L12 H768)');
}
const minutes = ((performance.now() - startedAt) / 60_000).toFixed(1);
console.log(`load average (1, 5, 15 min): ${loadAtStart} at start, ${load()} at end; ${minutes} min${quick ? '; --quick: bert-base at b1 only' : ''}\n`);
console.log(`| measurement | ${columns.join(' | ')} |\n|${'---|'.repeat(columns.length + 1)}`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
