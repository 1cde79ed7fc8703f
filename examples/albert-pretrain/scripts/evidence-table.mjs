#!/usr/bin/env node
// Reads the JSON lines that `dist/evidence.mjs --json` printed (stdin) and prints a markdown table,
// one row per model kind: mean ± sd over the seeds present (n given).
import { readFileSync } from 'node:fs';

const runs = readFileSync(0, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
const sd = (values) => (values.length < 2 ? 0 : Math.sqrt(values.reduce((sum, value) => sum + (value - mean(values)) ** 2, 0) / (values.length - 1)));
// Parameter counts vary with the seed's vocabulary: shown as a range when they differ.
const range = (values) => (Math.min(...values) === Math.max(...values) ? String(values[0]) : `${Math.min(...values)}–${Math.max(...values)}`);
// A quantity that does not vary over the seeds (steps, memory of a fixed shape, test rows) is shown once.
const show = (values, digits) => (values.length < 2 || values.every((value) => value === values[0]) ? values[0].toFixed(digits) : `${mean(values).toFixed(digits)} ± ${sd(values).toFixed(digits)}`);
const columns = [
  ['parameters', (run) => run.numParameters, 'range'],
  ['steps', (run) => run.steps, 0],
  ['training GFLOP', (run) => (run.trainingFlops === undefined ? undefined : run.trainingFlops / 1e9), 1],
  ['peak training MiB', (run) => (run.peakTrainingBytes === undefined ? undefined : run.peakTrainingBytes / 2 ** 20), 1],
  ['wall s', (run) => run.seconds, 0],
  ['tokens/s', (run) => run.tokensPerSecond, 0],
  ['held-out MLM loss', (run) => run.after.mlmLoss, 3],
  ['held-out MLM acc.', (run) => run.after.mlmAccuracy, 3],
  ['SOP acc.', (run) => run.after.sopAccuracy ?? run.after.nspAccuracy, 3],
  ['RTD acc.', (run) => run.after.discriminatorAccuracy, 3],
  ['all-"original" acc.', (run) => run.after.allOriginalAccuracy, 3],
  ['replaced recall', (run) => run.after.replacedRecall, 3],
  ['replaced precision', (run) => run.after.replacedPrecision, 3],
  ['RTD AUC', (run) => run.after.replacedAuc, 3],
  ['fine-tune LR (picked on dev)', (run) => run.learningRate, 'list'],
  ['downstream acc.', (run) => run.downstreamAccuracy, 3],
  ['majority', (run) => run.majorityAccuracy, 3],
  ['test rows', (run) => run.testRows, 0],
];
const kindOf = (run) => (run.steps === 0 ? `${run.model} (no pretraining)` : run.model);
const kinds = [...new Set(runs.map(kindOf))];
const used = columns.filter(([, read]) => runs.some((run) => read(run) !== undefined));
console.log(`| model | seeds | ${used.map(([name]) => name).join(' | ')} |`);
console.log(`|---|---|${used.map(() => '---').join('|')}|`);
for (const kind of kinds) {
  const group = runs.filter((run) => kindOf(run) === kind);
  const cells = used.map(([, read, digits]) => {
    const values = group.map(read).filter((value) => value !== undefined);
    if (values.length === 0) return '—';
    if (digits === 'range') return range(values);
    return digits === 'list' ? values.map((value) => value.toExponential(0)).join(', ') : show(values, digits);
  });
  console.log(`| ${kind} | ${group.map((run) => run.seed).join(', ')} | ${cells.join(' | ')} |`);
}
// Per seed (each seed draws its own world and split): the downstream accuracy of each kind.
const seeds = [...new Set(runs.map((run) => run.seed))];
console.log(`\n| downstream acc. per seed | ${seeds.map((seed) => `seed ${seed}`).join(' | ')} |`);
console.log(`|---|${seeds.map(() => '---').join('|')}|`);
for (const kind of kinds) {
  const cell = (seed) => runs.find((run) => kindOf(run) === kind && run.seed === seed)?.downstreamAccuracy?.toFixed(3) ?? '—';
  console.log(`| ${kind} | ${seeds.map(cell).join(' | ')} |`);
}
console.log(`| majority class | ${seeds.map((seed) => runs.find((run) => run.seed === seed).majorityAccuracy.toFixed(3)).join(' | ')} |`);
