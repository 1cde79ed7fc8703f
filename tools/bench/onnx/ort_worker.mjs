// onnxruntime-node on export_gpt.py's export: forward passes over one prompt for a time budget.
//   node ort_worker.mjs DIR --threads N [--quick]   → one JSON line
// tokens/s (wall) and per CPU-second of this process (every onnxruntime thread counted), and the max abs difference
// of the logits from PyTorch's on DIR's reference prompt.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';

const [directory, ...flags] = process.argv.slice(2);
const threads = Number(flags.includes('--threads') ? flags[flags.indexOf('--threads') + 1] : '1');
const quick = flags.includes('--quick');
const cpuSeconds = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1e6; };
const peakMemoryMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;

const session = await ort.InferenceSession.create(readFileSync(join(directory, 'model.onnx')), {
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});
const { ids, shape } = JSON.parse(readFileSync(join(directory, 'reference.json'), 'utf8'));
const bytes = readFileSync(join(directory, 'reference.bin'));
const expected = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const inputIds = new ort.Tensor('int64', BigInt64Array.from(ids.flat(), BigInt), [ids.length, ids[0].length]);
const once = async () => (await session.run({ input_ids: inputIds })).logits.data;

const logits = await once();
if (logits.length !== expected.length) throw new Error(`logits have ${logits.length} values, the reference (shape ${shape}) ${expected.length}`);
let maxAbsDiffVsTorch = 0;
for (let index = 0; index < logits.length; index++) maxAbsDiffVsTorch = Math.max(maxAbsDiffVsTorch, Math.abs(logits[index] - expected[index]));

let runs = 0;
const [wallStart, cpuStart] = [performance.now(), cpuSeconds()];
while (performance.now() - wallStart < (quick ? 2000 : 8000) || runs < 3) { await once(); runs++; }
const [wall, cpu] = [(performance.now() - wallStart) / 1000, cpuSeconds() - cpuStart];
const tokens = runs * inputIds.dims[0] * inputIds.dims[1];
console.log(JSON.stringify({ runtime: `onnxruntime-node ${ort.env.versions.node} (${threads} thread${threads === 1 ? '' : 's'})`, runs, tokensPerSecond: tokens / wall, tokensPerCpuSecond: tokens / cpu, maxAbsDiffVsTorch, peakMemoryMb: peakMemoryMb() }));
