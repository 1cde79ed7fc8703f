// The onnxruntime-node column (transformers.js's engine) on export_bert.py's ONNX export of the same weights:
//   node ort_worker.mjs DIR --threads N [--quick] [--batches 1,32]   → one JSON line
// Reports encoder tokens/s at bN×128 and the max |onnxruntime − PyTorch| on DIR's reference batch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { length } from './shape.mjs';
import { maxAbsDifference, peakMemoryMb, readReference, timeLoop } from './timing.mjs';

const [directory, ...flags] = process.argv.slice(2);
const option = (name, fallback) => (flags.includes(name) ? flags[flags.indexOf(name) + 1] : fallback);
const threads = Number(option('--threads', '1'));
const batches = option('--batches', '1,32').split(',').map(Number);
const quick = flags.includes('--quick');

const session = await ort.InferenceSession.create(readFileSync(join(directory, 'model.onnx')), {
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});

/** ids: row-major int token ids of shape [batch, sequence] → the last hidden state (Float32Array). */
async function encode(ids, batch, sequence) {
  const inputIds = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [batch, sequence]);
  const { last_hidden_state: hidden } = await session.run({ input_ids: inputIds });
  return hidden.data;
}

const reference = readReference(directory);
const checked = await encode(reference.ids.flat(), reference.ids.length, reference.ids[0].length);
const result = { backend: `onnxruntime-node ${ort.env.versions.node}`, threads, maxAbsDiffVsTorch: maxAbsDifference(checked, reference.hidden) };
for (const batch of batches) {
  const ids = Array.from({ length: batch * length }, (_, index) => 5 + ((index * 7919 + batch) % 30517));
  const inputIds = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [batch, length]);
  const once = () => session.run({ input_ids: inputIds });
  await once();
  const { runs, seconds } = await timeLoop(quick ? 3 : 10, 2, once);
  result[`b${batch}x${length}`] = (runs * batch * length) / seconds;
}
console.log(JSON.stringify({ ...result, peakMemoryMb: peakMemoryMb() }));
