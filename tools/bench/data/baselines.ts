// Majority and bag-of-words baselines of the synthetic world's tasks, mean ± sd
// over three world seeds, printed as the Markdown table in packages/data/README.md.
// Run: node tools/bench/data/run.mjs baselines [--seeds 1,2,3] [--world '{"entities":48,"graphOnlyShare":0}']
//   (--world: a JSON object of SyntheticWorldConfig fields over the defaults, e.g. the BERT evidence's world)
import { parseArgs } from 'node:util';
import {
  evaluateBaselines,
  evaluateFactTable,
  factTableFromDocuments,
  factTableFromGraph,
  generateSyntheticWorld,
} from '../../../packages/data/src/synthetic/index.js';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '1,2,3' }, world: { type: 'string', default: '{}' } } });
const seeds = values.seeds.split(',').map(Number);
const overrides = JSON.parse(values.world) as Record<string, unknown>;
const worlds = seeds.map((seed) => generateSyntheticWorld({ ...overrides, seed }));
const tables = worlds.map((world, index) => evaluateBaselines(world, seeds[index]));
const readers = worlds.map((world) => evaluateFactTable(world, factTableFromDocuments(world)));
const oracles = worlds.map((world) => evaluateFactTable(world, factTableFromGraph(world)));
const tasks = Object.keys(tables[0]!) as (keyof (typeof tables)[0])[];

function meanAndDeviation(values: readonly number[]): string {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(values.length - 1, 1);
  return `${(mean * 100).toFixed(1)} ± ${(Math.sqrt(variance) * 100).toFixed(1)}`;
}

const lines = [
  '| task | majority (%) | bag-of-words LR (%) | BoW − majority (points) | corpus fact reader (%) | graph oracle (%) |',
  '| --- | --- | --- | --- | --- | --- |',
];
for (const task of tasks) {
  const majority = tables.map((table) => table[task].majority);
  const bagOfWords = tables.map((table) => table[task].bagOfWords);
  const gap = bagOfWords.map((value, index) => value - majority[index]!);
  const reader = meanAndDeviation(readers.map((scores) => scores[task]));
  const oracle = meanAndDeviation(oracles.map((scores) => scores[task]));
  lines.push(`| ${task} | ${meanAndDeviation(majority)} | ${meanAndDeviation(bagOfWords)} | ${meanAndDeviation(gap)} | ${reader} | ${oracle} |`);
}
const configText = Object.keys(overrides).length === 0 ? 'default config' : `default config with ${JSON.stringify(overrides)}`;
console.log(`Synthetic world, ${configText}, seeds ${seeds.join(', ')}; accuracy on the test split (entities unseen in train).\n`);
console.log(lines.join('\n'));
