// Shared by worker.mjs and ort_worker.mjs: the timing loop, peak memory, and export_bert.py's reference batch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const peakMemoryMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;

/** Runs `body` for at least `budgetSeconds` and `minimumRuns` times. */
export async function timeLoop(budgetSeconds, minimumRuns, body) {
  let runs = 0;
  const start = performance.now();
  while ((performance.now() - start) / 1000 < budgetSeconds || runs < minimumRuns) {
    await body();
    runs++;
  }
  return { runs, seconds: (performance.now() - start) / 1000 };
}

/** DIR/reference.json (`ids`: [batch][sequence], `shape`) and DIR/reference.bin (PyTorch's last hidden state). */
export function readReference(directory) {
  const { ids, shape } = JSON.parse(readFileSync(join(directory, 'reference.json'), 'utf8'));
  const bytes = readFileSync(join(directory, 'reference.bin'));
  const hidden = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  if (hidden.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`${directory}/reference.bin: ${hidden.length} floats, shape ${shape}`);
  return { ids, shape, hidden };
}

export function maxAbsDifference(actual, expected) {
  if (actual.length !== expected.length) throw new Error(`output has ${actual.length} values, reference ${expected.length}`);
  let worst = 0;
  for (let index = 0; index < actual.length; index++) worst = Math.max(worst, Math.abs(actual[index] - expected[index]));
  return worst;
}
