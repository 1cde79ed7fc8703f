#!/usr/bin/env node
// node dist/main.js [--smoke] [--seeds 0,1,2] [--labeled-share 0.2] [--json] [--backend wasm|cpu|…]
// --speed only times the teacher and student shapes side by side (alternating forwards of a 32 × 128 batch).
// --json prints one line per seed ({ backend, seed, labeledShare, rows }) for scripts/evidence-table.mjs.
import { parseArgs } from 'node:util';
import { useBackend, type BackendChoice } from '@pretrain/backends';
import { sideBySideSpeed } from './speed.js';
import { runStudy, type StudyRow } from './study.js';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    seeds: { type: 'string', default: '0,1,2' },
    'labeled-share': { type: 'string', default: '0.2' },
    json: { type: 'boolean', default: false },
    speed: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'wasm' },
  },
});

const info = await useBackend(values.backend as BackendChoice);
if (!values.json) console.log(`backend: ${info.name}`);
if (values.speed) {
  const speed = await sideBySideSpeed({ rounds: values.smoke ? 3 : 20 });
  console.log(values.json ? JSON.stringify({ backend: info.name, ...speed }) : `teacher ${speed.teacherMs.toFixed(1)} ms, student ${speed.studentMs.toFixed(1)} ms per 32×128 batch (median of ${speed.rounds} alternating rounds): ${speed.speedUp.toFixed(2)}× faster`);
  process.exit(0);
}
const seeds = values.smoke ? [0] : values.seeds.split(',').map(Number);
const runs: StudyRow[][] = [];
for (const seed of seeds) {
  const rows = await runStudy({
    smoke: values.smoke,
    seed,
    labeledShare: Number(values['labeled-share']),
    onProgress: (method, event) => {
      if (!values.json && event.kind === 'step' && event.step % 100 === 0) console.log(`seed ${seed}  ${method}  step ${event.step}  loss ${event.loss.toFixed(4)}`);
    },
  });
  if (values.json) console.log(JSON.stringify({ backend: info.name, seed, labeledShare: Number(values['labeled-share']), rows }));
  else for (const row of rows) console.log(`seed ${seed}  ${row.method}: accuracy ${(100 * row.accuracy).toFixed(1)}%, ${row.inferenceMs.toFixed(1)} ms`);
  runs.push(rows);
}

const meanSd = (numbers: number[]) => {
  const mean = numbers.reduce((total, value) => total + value, 0) / numbers.length;
  const sd = Math.sqrt(numbers.reduce((total, value) => total + (value - mean) ** 2, 0) / Math.max(1, numbers.length - 1));
  return `${mean.toFixed(1)} ± ${sd.toFixed(1)}`;
};
if (values.json) process.exit(0);
console.log('\n| model | layers | parameters | accuracy (%) | inference 32×128 (ms, median) |\n|---|---|---|---|---|');
for (const [index, row] of runs[0]!.entries()) {
  const column = (pick: (row: StudyRow) => number) => meanSd(runs.map((rows) => pick(rows[index]!)));
  console.log(`| ${row.method} | ${row.layers} | ${row.numParameters.toLocaleString('en-US')} | ${column((r) => 100 * r.accuracy)} | ${column((r) => r.inferenceMs)} |`);
}
