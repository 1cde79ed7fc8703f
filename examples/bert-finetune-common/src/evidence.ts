#!/usr/bin/env node
// Issue 11's evidence on the synthetic world: a tiny BERT pretrained with
// MLM+NSP (masking rate k) and then fine-tuned, against the same model
// fine-tuned from scratch, on the four task types; each fine-tuning sweeps
// BERT's grid (× 20 for the tiny model) and reports the test score of the rate
// picked on dev.
//   node dist/evidence.js run --seed 0 [--rates 0,0.05,0.15,0.3,0.5] [--out results]   (k = 0: from scratch)
//        [--checkpoints DIR]   keep each pretrained model in DIR/seedS-kK and reuse it when the world and sizes match
//        [--epochs-grid 3,10,20]   sweep the epochs with the rates (default: --epochs alone)
//   node dist/evidence.js report [--out results] [--svg masking-rate.svg]              (tables from every results/*.json)
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { useBackend, type BackendChoice } from '@pretrain/backends';
import { bertLearningRates, sweepFinetune } from './finetune.js';
import { maskingRatePlot } from './plot.js';
import { factProbe, maskedFactSentences, type FactProbeScore } from './probe.js';
import type { BertForPreTraining } from '@pretrain/bert';
import type { SyntheticWorld } from '@pretrain/data/synthetic';
import type { Tokenizer } from '@pretrain/tokenizers';
import type { ProgressEvent } from '@pretrain/train';
import { worldSetup, worldSizes, worldTask, worldTaskNames, type WorldSizes, type WorldTaskName } from './world.js';

/** One fine-tuning run of the sweep; `test` is kept for diagnosis, only the dev-picked one is reported. */
interface Trial {
  learningRate: number;
  epochs?: number;
  dev?: number;
  test?: number;
  error?: string;
}

/** "1e-3 × 3 ep." (or the rate alone for results without epochs). */
const trialLabel = (trial: Trial) => `${Number(trial.learningRate.toPrecision(2)).toExponential()}${trial.epochs === undefined ? '' : ` × ${trial.epochs} ep.`}`;

interface Result {
  seed: number;
  maskingRate: number;
  task: string;
  learningRate: number;
  /** Epochs of the picked trial (absent in results written before epochs were swept: `sizes.epochs`). */
  epochs?: number;
  dev: number;
  test: number;
  trials: Trial[];
  /** Test examples scored, and the sizes the run used. */
  testExamples?: number;
  sizes?: WorldSizes;
  pretraining?: { seconds: number; finalLoss?: number; finalMlmAccuracy?: number; factProbe?: Record<string, FactProbeScore>; backend?: string };
}

/** "type 40.0, attribute 31.2, relation 6.1" (%), or "–" for results written before the probe split by kind. */
function byKindText(score: FactProbeScore | undefined): string {
  if (!score?.byKind) return '–';
  return ['type', 'attribute', 'relation'].map((kind) => `${kind} ${score.byKind?.[kind] ? (100 * score.byKind[kind].tokenAccuracy).toFixed(1) : '–'}`).join(', ');
}

const metricNames: Record<string, string> = { classification: 'accuracy', entailment: 'accuracy', questionAnswering: 'exact match', tagging: 'entity F1' };

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

interface RunPlan {
  seed: number;
  rates: readonly number[];
  tasks: readonly WorldTaskName[];
  sizes: WorldSizes;
  directory: string;
  backend: string;
  /** Epoch counts swept with the rates (`--epochs-grid`); default: `sizes.epochs` alone. */
  epochGrid?: readonly number[] | undefined;
  /** Where pretrained models are kept and reused (`--checkpoints`). */
  checkpoints?: string | undefined;
}

/** Logs the loss and MLM accuracy every tenth of the run. */
function pretrainingLog(steps: number) {
  return (event: ProgressEvent) => {
    if (event.kind !== 'step') return;
    if (event.step % Math.max(1, Math.round(steps / 10)) === 0) console.log(`  pretraining step ${event.step}: loss ${event.loss.toFixed(3)} ${Object.entries(event.metrics).map(([name, value]) => `${name} ${value.toFixed(3)}`).join(' ')}`);
  };
}

async function runCondition(plan: RunPlan, maskingRate: number): Promise<void> {
  const { seed, sizes } = plan;
  const started = Date.now();
  const probe: Record<string, FactProbeScore> = {};
  const afterPretraining = async (model: BertForPreTraining, tokenizer: Tokenizer, world: SyntheticWorld) => {
    for (const split of ['train', 'test'] as const) probe[split] = await factProbe(model, maskedFactSentences(world, tokenizer, split, sizes.maxSeqLength * 2));
    console.log(`  fact probe (object tokens of the documents' fact sentences masked): ${Object.entries(probe).map(([split, score]) => `${split} entities ${(100 * score.tokenAccuracy).toFixed(1)}% of ${score.tokens} (${byKindText(score)})`).join(', ')}`);
  };
  const checkpointDirectory = plan.checkpoints && maskingRate > 0 ? join(plan.checkpoints, `seed${seed}-k${maskingRate}`) : undefined;
  const { world, encoder } = await worldSetup({ seed, sizes: { ...sizes, pretrainSteps: maskingRate === 0 ? 0 : sizes.pretrainSteps }, maskingRate: maskingRate || 0.15, onProgress: pretrainingLog(sizes.pretrainSteps), afterPretraining, checkpointDirectory });
  const kept = encoder.pretraining;
  if (kept?.reused) console.log(`  pretraining reused from ${checkpointDirectory} (${kept.seconds.toFixed(0)} s when it ran)`);
  const pretraining = { seconds: kept?.seconds ?? (Date.now() - started) / 1000, finalLoss: kept?.finalLoss, finalMlmAccuracy: kept?.finalMlmAccuracy, factProbe: maskingRate === 0 ? undefined : probe, backend: plan.backend };
  const results: Result[] = [];
  try {
    for (const name of plan.tasks) {
      const { train, task } = worldTask(name, world, encoder, sizes.maxSeqLength);
      const grid = bertLearningRates.map((rate) => rate * sizes.learningRateScale);
      // BERT picked the number of epochs on dev too (appendix A.3: 2, 3 or 4); every (epochs, rate) pair is one trial.
      const trials: Trial[] = [];
      for (const epochs of plan.epochGrid ?? [sizes.epochs]) {
        const sweep = await sweepFinetune(encoder, task, train, { grid, epochs, batchSize: sizes.batchSize, seed });
        for (const trial of sweep.trials) {
          const details = trial.details as Record<string, number> | undefined;
          trials.push({ learningRate: trial.learningRate, epochs, dev: trial.score, test: details?.test, ...(trial.error === undefined ? {} : { error: trial.error }) });
        }
      }
      // The first of the best dev scores: fewer epochs, then the larger rate, win ties.
      const best = trials.reduce<Trial | undefined>((current, trial) => (trial.dev !== undefined && (current === undefined || trial.dev > current.dev!) ? trial : current), undefined);
      if (!best) throw new Error(`${name}: every trial failed (${trials.map((trial) => trial.error).join('; ')})`);
      const testExamples = world.tasks[name].examples.test.length;
      results.push({ seed, maskingRate, task: name, learningRate: best.learningRate, epochs: best.epochs, dev: best.dev!, test: best.test!, trials, testExamples, sizes, pretraining });
      const perTrial = trials.map((trial) => `${trialLabel(trial)} ${trial.dev?.toFixed(1) ?? 'failed'}`).join(', ');
      console.log(`seed ${seed} k ${maskingRate} ${name}: picked ${trialLabel(best)} dev ${best.dev!.toFixed(1)} test ${best.test!.toFixed(1)} (${testExamples} test examples; dev per trial: ${perTrial})`);
    }
  } finally {
    encoder.dispose();
  }
  writeAtomic(join(plan.directory, `seed${seed}-k${maskingRate}.json`), JSON.stringify(results, null, 1));
  console.log(`seed ${seed} k ${maskingRate}: ${((Date.now() - started) / 1000).toFixed(0)} s (pretraining ${pretraining.seconds.toFixed(0)} s)`);
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const sd = (values: readonly number[]) => (values.length < 2 ? 0 : Math.sqrt(values.reduce((sum, value) => sum + (value - mean(values)) ** 2, 0) / (values.length - 1)));
const show = (values: readonly number[]) => (values.length === 0 ? '–' : values.length === 1 ? values[0]!.toFixed(1) : `${mean(values).toFixed(1)} ± ${sd(values).toFixed(1)}`);

const rateLabel = (rate: number) => (rate === 0 ? 'scratch' : `${Math.round(rate * 100)}%`);

/** Pretrained at `rate` vs from scratch per task; the difference pairs runs of the same seed. */
function comparisonTable(results: readonly Result[], tasks: readonly string[], rate: number): void {
  const scores = (task: string, k: number) => results.filter((result) => result.task === task && result.maskingRate === k).map((result) => result.test);
  const seedsOf = (k: number) => new Set(results.filter((result) => result.maskingRate === k).map((result) => result.seed)).size;
  console.log(`\nPretrained (k = ${rateLabel(rate)}) vs from scratch, test split, mean ± sd over seeds (scratch: ${seedsOf(0)}, pretrained: ${seedsOf(rate)})\n`);
  console.log('| task | metric | test examples | from scratch | pretrained | difference (points) | seeds ≥ +10 |\n|---|---|---|---|---|---|---|');
  for (const task of tasks.filter((name) => scores(name, rate).length > 0)) {
    const paired = results.filter((result) => result.task === task && result.maskingRate === rate).flatMap((result) => {
      const base = results.find((other) => other.task === task && other.maskingRate === 0 && other.seed === result.seed);
      return base ? [result.test - base.test] : [];
    });
    const examples = [...new Set(results.filter((result) => result.task === task).map((result) => result.testExamples ?? '?'))].join('/');
    const over = `${paired.filter((difference) => difference >= 10).length} of ${paired.length}`;
    console.log(`| ${task} | ${metricNames[task]} | ${examples} | ${show(scores(task, 0))} | ${show(scores(task, rate))} | ${show(paired)} | ${over} |`);
  }
}

/** One row per pretrained run: steps, backend, time, the last batch's MLM accuracy and the fact probe. */
function pretrainingTable(results: readonly Result[]): void {
  const runs = new Map(results.filter((result) => result.maskingRate > 0).map((result) => [`${result.seed}:${result.maskingRate}`, result]));
  if (runs.size === 0) return;
  const percent = (value: number | undefined) => (value === undefined ? '–' : (100 * value).toFixed(1));
  console.log(`\nPretraining: last batch's MLM accuracy, and the fact probe (each fact sentence's object masked; %)\n`);
  console.log('| seed | k | steps | backend | seconds | MLM accuracy, last batch | fact probe, train entities | fact probe, test entities | test entities by kind |\n|---|---|---|---|---|---|---|---|---|');
  for (const { seed, maskingRate, sizes, pretraining } of runs.values()) {
    const probe = pretraining?.factProbe;
    console.log(`| ${seed} | ${rateLabel(maskingRate)} | ${sizes?.pretrainSteps ?? '?'} | ${pretraining?.backend ?? 'wasm'} | ${pretraining?.seconds.toFixed(0) ?? '?'} | ${percent(pretraining?.finalMlmAccuracy)} | ${percent(probe?.train?.tokenAccuracy)} | ${percent(probe?.test?.tokenAccuracy)} | ${byKindText(probe?.test)} |`);
  }
}

function report(directory: string, svgPath: string | undefined): void {
  // Results written before epochs were swept ran `sizes.epochs` for every trial: filled in once, here.
  const results = readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => JSON.parse(readFileSync(join(directory, file), 'utf8')) as Result[])
    .map((result) => ({ ...result, epochs: result.epochs ?? result.sizes?.epochs, trials: result.trials.map((trial) => ({ ...trial, epochs: trial.epochs ?? result.sizes?.epochs })) }));
  const tasks = worldTaskNames.filter((task) => results.some((result) => result.task === task));
  const scores = (task: string, rate: number) => results.filter((result) => result.task === task && result.maskingRate === rate).map((result) => result.test);
  const seedsOf = (rate: number) => new Set(results.filter((result) => result.maskingRate === rate).map((result) => result.seed)).size;
  const rates = [...new Set(results.map((result) => result.maskingRate))].filter((rate) => rate > 0).sort((a, b) => a - b);
  for (const rate of rates) comparisonTable(results, tasks, rate);
  // The mean column and the plot use the tasks measured at every rate.
  const everywhere = tasks.filter((task) => [0, ...rates].every((rate) => scores(task, rate).length > 0));
  const meanLabel = everywhere.length === tasks.length ? 'mean of tasks' : `mean of ${everywhere.join(' and ')}`;
  console.log(`\nMasking rate k, downstream test scores (mean ± sd over seeds)\n`);
  console.log(`| k | seeds | ${tasks.join(' | ')} | ${meanLabel} |\n|---|---|${tasks.map(() => '---|').join('')}---|`);
  for (const rate of [0, ...rates]) {
    const overall = everywhere.length === 0 ? '–' : mean(everywhere.map((task) => mean(scores(task, rate)))).toFixed(1);
    console.log(`| ${rate === 0 ? 'none (scratch)' : rateLabel(rate)} | ${seedsOf(rate)} | ${tasks.map((task) => show(scores(task, rate))).join(' | ')} | ${overall} |`);
  }
  // Columns: every (epochs, rate) trial any result has, fewer epochs first, then the larger rate.
  const columns = new Map<string, Trial>();
  for (const result of results) for (const trial of result.trials) columns.set(trialLabel(trial), trial);
  const ordered = [...columns.entries()].sort(([, a], [, b]) => (a.epochs ?? 0) - (b.epochs ?? 0) || b.learningRate - a.learningRate).map(([label]) => label);
  console.log(`\nEvery fine-tuning trial: dev score per learning rate × epochs (the picked trial's test score is the one reported)\n`);
  console.log(`| seed | k | task | ${ordered.join(' | ')} | picked | test |\n|---|---|---|${ordered.map(() => '---|').join('')}---|---|`);
  const sortedResults = [...results].sort((a, b) => a.seed - b.seed || a.maskingRate - b.maskingRate || tasks.indexOf(a.task as WorldTaskName) - tasks.indexOf(b.task as WorldTaskName));
  for (const result of sortedResults) {
    const byLabel = new Map(result.trials.map((trial) => [trialLabel(trial), trial]));
    const cells = ordered.map((label) => {
      const trial = byLabel.get(label);
      return trial === undefined ? '–' : trial.dev === undefined ? 'failed' : trial.dev.toFixed(1);
    });
    console.log(`| ${result.seed} | ${rateLabel(result.maskingRate)} | ${result.task} | ${cells.join(' | ')} | ${trialLabel(result)} | ${result.test.toFixed(1)} |`);
  }
  pretrainingTable(results);
  if (svgPath && rates.length > 0) {
    const series = everywhere.map((task) => ({ name: task, points: rates.map((rate) => ({ x: rate, y: mean(scores(task, rate)), sd: sd(scores(task, rate)) })) }));
    writeAtomic(svgPath, maskingRatePlot(series, everywhere.map((task) => mean(scores(task, 0)))));
    console.log(`\nplot: ${svgPath}`);
  }
}

/** Flags whose value may be 0. */
const zeroAllowed = new Set(['graph-only-share']);

const sizeFlags = {
  entities: (sizes: WorldSizes, value: number) => ({ ...sizes, world: { ...sizes.world, entities: value } }),
  documents: (sizes: WorldSizes, value: number) => ({ ...sizes, world: { ...sizes.world, documents: value } }),
  'examples-per-entity': (sizes: WorldSizes, value: number) => ({ ...sizes, world: { ...sizes.world, examplesPerEntity: value } }),
  'train-share': (sizes: WorldSizes, value: number) => ({ ...sizes, world: { ...sizes.world, trainShare: value } }),
  'dev-share': (sizes: WorldSizes, value: number) => ({ ...sizes, world: { ...sizes.world, devShare: value } }),
  'graph-only-share': (sizes: WorldSizes, value: number) => ({ ...sizes, world: { ...sizes.world, graphOnlyShare: value } }),
  'max-distractors': (sizes: WorldSizes, value: number) => ({ ...sizes, world: { ...sizes.world, distractorsPerDocument: [0, value] as const } }),
  'max-seq-length': (sizes: WorldSizes, value: number) => ({ ...sizes, maxSeqLength: value }),
  intermediate: (sizes: WorldSizes, value: number) => ({ ...sizes, intermediateMultiple: value }),
  hidden: (sizes: WorldSizes, value: number) => ({ ...sizes, hiddenSize: value }),
  layers: (sizes: WorldSizes, value: number) => ({ ...sizes, layers: value }),
  steps: (sizes: WorldSizes, value: number) => ({ ...sizes, pretrainSteps: value }),
  'pretrain-lr': (sizes: WorldSizes, value: number) => ({ ...sizes, pretrainLearningRate: value }),
  'pretrain-batch': (sizes: WorldSizes, value: number) => ({ ...sizes, pretrainBatchSize: value }),
  epochs: (sizes: WorldSizes, value: number) => ({ ...sizes, epochs: value }),
  'lr-scale': (sizes: WorldSizes, value: number) => ({ ...sizes, learningRateScale: value }),
} as const;

/** The default sizes with the flags given on the command line applied. */
function sizesFrom(values: Record<string, string | boolean | undefined>): WorldSizes {
  let sizes = worldSizes(false);
  for (const [flag, apply] of Object.entries(sizeFlags)) {
    const text = values[flag];
    if (typeof text !== 'string') continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed.has(flag))) throw new Error(`--${flag}: "${text}" is not a ${zeroAllowed.has(flag) ? 'non-negative' : 'positive'} number`);
    sizes = apply(sizes, value);
  }
  return sizes;
}

/** `--epochs-grid 3,10,20`: positive integers. */
function epochGridFrom(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((part) => {
    const value = Number(part);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--epochs-grid: "${part}" is not a positive whole number of epochs`);
    return value;
  });
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    seed: { type: 'string', default: '0' },
    rates: { type: 'string', default: '0,0.05,0.15,0.3,0.5' },
    tasks: { type: 'string', default: worldTaskNames.join(',') },
    out: { type: 'string', default: 'bert-evidence' },
    svg: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    checkpoints: { type: 'string' },
    'epochs-grid': { type: 'string' },
    ...Object.fromEntries(Object.keys(sizeFlags).map((flag) => [flag, { type: 'string' as const }])),
  },
});
mkdirSync(values.out, { recursive: true });
if (positionals[0] === 'run') {
  const backend = await useBackend(values.backend as BackendChoice);
  console.log(`backend: ${backend.name}`);
  const tasks = values.tasks.split(',').map((name) => {
    if (!worldTaskNames.includes(name as WorldTaskName)) throw new Error(`--tasks: "${name}" is not one of ${worldTaskNames.join(', ')}`);
    return name as WorldTaskName;
  });
  const plan = { seed: Number(values.seed), rates: values.rates.split(',').map(Number), tasks, sizes: sizesFrom(values), directory: values.out, backend: backend.name, checkpoints: values.checkpoints, epochGrid: epochGridFrom(values['epochs-grid']) };
  console.log(`sizes: ${JSON.stringify(plan.sizes)}`);
  for (const rate of plan.rates) await runCondition(plan, rate);
} else if (positionals[0] === 'report') report(values.out, values.svg);
else throw new Error('usage: evidence.js run --seed N [--rates …] [--tasks …] [--entities N …] [--out DIR] | report [--out DIR] [--svg FILE]');
