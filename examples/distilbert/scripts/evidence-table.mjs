#!/usr/bin/env node
// Reads the JSON lines of `dist/main.js --json` (stdin; one line per seed) and prints the evidence table:
// per method, mean ± sd over seeds of accuracy, its difference from the same seed's teacher (points), % of the teacher's accuracy retained, the share of the
// teacher–student gap closed (against the labels-only student of the same seed), inference time and speed-up.
import { readFileSync } from 'node:fs';

const runs = readFileSync(0, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
const sd = (values) => (values.length < 2 ? 0 : Math.sqrt(values.reduce((sum, value) => sum + (value - mean(values)) ** 2, 0) / (values.length - 1)));
const show = (values, digits) => (values.length === 0 ? '—' : values.length < 2 ? values[0].toFixed(digits) : `${mean(values).toFixed(digits)} ± ${sd(values).toFixed(digits)}`);
const row = (run, method) => run.rows.find((entry) => entry.method === method);
// Parameter counts vary with the seed's vocabulary: shown as a range when they differ.
const range = (values) => {
  const [low, high] = [Math.min(...values), Math.max(...values)].map((value) => value.toLocaleString('en-US'));
  return low === high ? low : `${low}–${high}`;
};

const methods = [...new Set(runs.flatMap((run) => run.rows.map((entry) => entry.method)))];
console.log(`seeds: ${runs.map((run) => run.seed).join(', ')}; backend ${[...new Set(runs.map((run) => run.backend))].join(', ')}; labeled share for students ${runs[0]?.labeledShare}`);
console.log('| model | layers | parameters | accuracy (%) | vs teacher (points) | % of teacher | gap closed (%) | inference 32×128 (ms, median of 20) | speed-up vs teacher |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const method of methods) {
  const pairs = runs.map((run) => ({ entry: row(run, method), teacher: row(run, 'teacher'), alone: row(run, 'student (labels only)') })).filter((pair) => pair.entry);
  const first = pairs[0].entry;
  const gaps = pairs.filter(({ teacher, alone }) => teacher && alone && teacher.accuracy !== alone.accuracy && method !== 'teacher' && method !== 'student (labels only)');
  console.log(
    `| ${method} | ${first.layers} | ${range(pairs.map(({ entry }) => entry.numParameters))} | ${show(pairs.map(({ entry }) => 100 * entry.accuracy), 1)} | ${show(pairs.map(({ entry, teacher }) => 100 * (entry.accuracy - teacher.accuracy)), 1)} | ${show(pairs.map(({ entry, teacher }) => (100 * entry.accuracy) / teacher.accuracy), 1)} | ${show(gaps.map(({ entry, teacher, alone }) => (100 * (entry.accuracy - alone.accuracy)) / (teacher.accuracy - alone.accuracy)), 0)} | ${show(pairs.map(({ entry }) => entry.inferenceMs), 1)} | ${show(pairs.map(({ entry, teacher }) => teacher.inferenceMs / entry.inferenceMs), 2)} |`,
  );
}
// Per seed: the worlds differ by seed, so the teacher's accuracy does too; the paired columns above compare within a seed.
console.log(`\n| accuracy (%) per seed | ${runs.map((run) => `seed ${run.seed}`).join(' | ')} |`);
console.log(`|---|${runs.map(() => '---').join('|')}|`);
for (const method of methods) console.log(`| ${method} | ${runs.map((run) => (row(run, method) ? (100 * row(run, method).accuracy).toFixed(1) : '—')).join(' | ')} |`);
