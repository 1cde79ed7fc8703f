// Tokenizer throughput, side by side in one process, single-threaded JavaScript.
// Run (after building @pretrain/tokenizers):
//   node --expose-gc tools/bench/tokenizers/bench.mjs [--quick] [--rounds N]
// Corpus: every distinct non-empty line of ../shared/data/corpus in file order; English = wikitext-2,
// tinyshakespeare, nltk-*; multilingual = udhr (41 languages). Each tokenizer gets one warm-up pass
// (which also warms BPE caches), then N timed passes (default 5, --quick 1) interleaved across the
// tokenizers of a table; the median pass is reported. The Rust binding's encodeBatch uses its own
// thread pool (RAYON_NUM_THREADS, default: all cores).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '@pretrain/tokenizers';
import { encode as gptTokenizerEncode } from 'gpt-tokenizer/encoding/r50k_base';
import { Tiktoken } from 'js-tiktoken/lite';
import gpt2Ranks from 'js-tiktoken/ranks/gpt2';
import { AutoTokenizer, env } from '@huggingface/transformers';
import rust from 'tokenizers';

const shared = process.env.PRETRAIN_SHARED ?? fileURLToPath(new URL('../../../../shared', import.meta.url));
const quick = process.argv.includes('--quick');
const roundsIndex = process.argv.indexOf('--rounds');
const rounds = roundsIndex >= 0 ? Number(process.argv[roundsIndex + 1]) : quick ? 1 : 5;
if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error(`bench.mjs: --rounds must be a positive integer, got ${process.argv[roundsIndex + 1]}`);
const vocab = (...parts) => join(shared, 'data', 'vocab', ...parts);

function corpusLines(filter) {
  const root = join(shared, 'data', 'corpus');
  const files = [];
  const walk = (directory) => {
    for (const entry of readdirSync(directory).sort()) {
      const path = join(directory, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.txt') && filter(path)) files.push(path);
    }
  };
  walk(root);
  const seen = new Set();
  const lines = [];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.length > 0 && !seen.has(line)) [seen.add(line), lines.push(line)];
    }
  }
  return quick ? lines.slice(0, 5000) : lines;
}

const english = corpusLines((path) => !path.includes('udhr'));
const multilingual = corpusLines((path) => path.includes('udhr'));
const bytes = (lines) => lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0) + 0;

/**
 * One warm-up pass of every tokenizer, then `rounds` timed passes taken in turn (tokenizer 1, 2, …, 1, 2, …), so a
 * slow spell of a shared host falls on every tokenizer alike; each row reports its median pass.
 * `entries` are [name, encodeAll]; returns [name, { mbps, tokensPerSecond }] rows.
 */
async function measureRows(lines, entries) {
  for (const [, encodeAll] of entries) await encodeAll(lines);
  const passes = entries.map(() => []);
  const tokens = entries.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    for (const [index, [, encodeAll]] of entries.entries()) {
      const start = performance.now();
      tokens[index] = await encodeAll(lines);
      passes[index].push((performance.now() - start) / 1000);
    }
  }
  const megabytes = bytes(lines) / 1e6;
  return entries.map(([name], index) => {
    const seconds = [...passes[index]].sort((a, b) => a - b)[Math.floor(rounds / 2)];
    return [name, { mbps: megabytes / seconds, tokensPerSecond: tokens[index] / seconds }];
  });
}

const perLine = (encodeOne) => async (lines) => {
  let tokens = 0;
  for (const line of lines) tokens += encodeOne(line).length;
  return tokens;
};
const perLineAsync = (encodeOne) => async (lines) => {
  let tokens = 0;
  for (const line of lines) tokens += (await encodeOne(line)).getIds().length;
  return tokens;
};
const batched = (tokenizer) => async (lines) => {
  let tokens = 0;
  for (let index = 0; index < lines.length; index += 1000) {
    for (const encoding of await tokenizer.encodeBatch(lines.slice(index, index + 1000))) tokens += encoding.getIds().length;
  }
  return tokens;
};

function table(title, lines, rows) {
  console.log(`\n### ${title} (${lines.length} lines, ${(bytes(lines) / 1e6).toFixed(2)} MB)\n`);
  console.log('| tokenizer | MB/s | tokens/s | ours (ids) ÷ this |');
  console.log('|---|---:|---:|---:|');
  const ours = rows[0][1].mbps;
  for (const [name, result] of rows) {
    console.log(`| ${name} | ${result.mbps.toFixed(2)} | ${Math.round(result.tokensPerSecond).toLocaleString('en-US')} | ${(ours / result.mbps).toFixed(2)}× |`);
  }
}

env.allowRemoteModels = false;
env.localModelPath = vocab();
const load = (name) => Tokenizer.fromJSON(readFileSync(vocab(name, 'tokenizer.json'), 'utf8'));

async function bpeRows(lines) {
  const ours = load('gpt2');
  const tiktoken = new Tiktoken(gpt2Ranks);
  const transformers = await AutoTokenizer.from_pretrained('gpt2');
  const reference = rust.Tokenizer.fromFile(vocab('gpt2', 'tokenizer.json'));
  return measureRows(lines, [
    ['@pretrain/tokenizers encodeIds', perLine((line) => ours.encodeIds(line))],
    ['@pretrain/tokenizers encode (ids, tokens, offsets, masks)', perLine((line) => ours.encode(line).ids)],
    ['gpt-tokenizer', perLine((line) => gptTokenizerEncode(line, { allowedSpecial: 'all' }))],
    ['js-tiktoken', perLine((line) => tiktoken.encode(line, 'all'))],
    ['@huggingface/transformers', perLine((line) => transformers.encode(line))],
    ['Rust tokenizers per line', perLineAsync((line) => reference.encode(line))],
    [`Rust tokenizers encodeBatch (${process.env.RAYON_NUM_THREADS ?? cpus().length} threads)`, batched(reference)],
  ]);
}

async function wordPieceRows(lines) {
  const ours = load('bert-base-uncased');
  const transformers = await AutoTokenizer.from_pretrained('bert-base-uncased');
  const reference = rust.Tokenizer.fromFile(vocab('bert-base-uncased', 'tokenizer.json'));
  return measureRows(lines, [
    ['@pretrain/tokenizers encodeIds', perLine((line) => ours.encodeIds(line))],
    ['@pretrain/tokenizers encode (ids, tokens, offsets, masks)', perLine((line) => ours.encode(line).ids)],
    ['@huggingface/transformers', perLine((line) => transformers.encode(line))],
    ['Rust tokenizers per line', perLineAsync((line) => reference.encode(line))],
    [`Rust tokenizers encodeBatch (${process.env.RAYON_NUM_THREADS ?? cpus().length} threads)`, batched(reference)],
  ]);
}

function heapOfLoaded(name) {
  // Typed arrays live outside the JavaScript heap: count them too.
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  for (let round = 0; round < 3; round++) globalThis.gc();
  const before = used();
  const tokenizer = load(name);
  for (let round = 0; round < 3; round++) globalThis.gc();
  return { tokenizer, megabytes: (used() - before) / 1e6 };
}

console.log(`node ${process.version}, ${cpus().length} cores${quick ? ', --quick (first 5000 lines)' : ''}, median of ${rounds} interleaved timed pass(es)`);
// Measured first, while the process holds nothing else: after the tables, garbage that one gc() does not reclaim
// (the other libraries' tokenizers) made the difference swing, negative included.
const heap = globalThis.gc ? heapOfLoaded('gpt2') : undefined;
table('GPT-2 byte-level BPE, English', english, await bpeRows(english));
table('GPT-2 byte-level BPE, multilingual (UDHR)', multilingual, await bpeRows(multilingual));
table('BERT WordPiece (bert-base-uncased), English', english, await wordPieceRows(english));
table('BERT WordPiece (bert-base-uncased), multilingual (UDHR)', multilingual, await wordPieceRows(multilingual));
if (heap !== undefined) {
  const { megabytes, tokenizer } = heap;
  console.log(`\nHeap of a loaded GPT-2 tokenizer (${tokenizer.vocabSize} tokens, 50,000 merges), heap + array buffers after gc(): ${megabytes.toFixed(1)} MB`);
}
