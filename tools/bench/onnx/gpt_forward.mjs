// node tools/bench/onnx/gpt_forward.mjs [--quick]: issue 18's "forward at b1×128 against onnxruntime-node" — the tiny GPT
// of ../gpt (vocab 8192, d 256, 4 layers, 4 heads, context 128) side by side, each runtime in its own process:
//   ours        ../gpt/worker.mjs forward --backend wasm|native (tfjs, @pretrain/gpt; its own random initialisation)
//   onnxruntime ort_worker.mjs at 1 and 2 intra-op threads, on export_gpt.py's ONNX export of PyTorch's seed-0 weights
//   PyTorch     ../gpt/torch_gpt.py forward (the same seed-0 weights), one thread, OpenBLAS SkylakeX
// The export is written under $TMPDIR/pretrain-bench-onnx/ (re-exported when export_gpt.py or torch_gpt.py change).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const gpt = join(here, '..', 'gpt');
const flags = process.argv.includes('--quick') ? ['--quick'] : [];
const env = { ...process.env, OPENBLAS_CORETYPE: 'SkylakeX', OMP_NUM_THREADS: '1' };
const python = '/usr/bin/python3';
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');
const [startedAt, loadAtStart] = [performance.now(), load()];

const run = (command, args, cwd, extraEnv = {}) => execFileSync(command, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
function measure(label, command, args, cwd, extraEnv) {
  try {
    return { label, ...JSON.parse(run(command, args, cwd, extraEnv).trim().split('\n').at(-1)) };
  } catch (error) {
    console.error(`(${label} failed: ${error.message.split('\n')[0]})`);
    return { label };
  }
}

function exported() {
  const sources = [join(here, 'export_gpt.py'), join(gpt, 'torch_gpt.py')].map((file) => readFileSync(file)).join('\0');
  const stamp = createHash('sha256').update(sources).digest('hex');
  const directory = join(tmpdir(), 'pretrain-bench-onnx', 'tiny-gpt');
  const stampPath = join(directory, 'stamp');
  if (!existsSync(stampPath) || readFileSync(stampPath, 'utf8') !== stamp) run(python, ['export_gpt.py', directory, stamp], here);
  return directory;
}

const directory = exported();
const ours = (backend) => measure(`tfjs-${backend} (@pretrain/gpt)`, 'node', ['worker.mjs', 'forward', '--backend', backend, ...flags], gpt, { BENCH_BACKEND: backend });
const onnxruntime = (threads) => measure(`onnxruntime-node 1.21 (${threads} thread${threads === 1 ? '' : 's'})`, 'node', ['ort_worker.mjs', directory, '--threads', String(threads), ...flags], here);
const results = [ours('wasm'), ours('native'), onnxruntime(1), onnxruntime(2), measure('PyTorch 1.13 (1 thread)', python, ['torch_gpt.py', 'forward', ...flags], gpt)];

const cell = (value, digits = 0) => (value === undefined ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits }));
const minutes = ((performance.now() - startedAt) / 60_000).toFixed(1);
console.log(`load average (1, 5, 15 min): ${loadAtStart} at start, ${load()} at end; ${minutes} min\n`);
console.log('| runtime | forward tok/s b1×128 (wall) | tok/CPU-s | max abs difference of the logits from PyTorch | peak RSS (MiB) |\n|---|---|---|---|---|');
for (const result of results) {
  const difference = result.maxAbsDiffVsTorch?.toExponential(1) ?? (result.label.startsWith('PyTorch') ? '(reference)' : 'other weights');
  console.log(`| ${result.runtime ?? result.label} | ${cell(result.tokensPerSecond)} | ${cell(result.tokensPerCpuSecond)} | ${result.tokensPerSecond === undefined ? '–' : difference} | ${cell(result.peakMemoryMb)} |`);
}
