// Every `pretrain` subcommand through the packed CLI, installed from tarballs in a fresh project:
// tiny inputs are made here (a corpus, a GLUE-format task, a GPT-2 checkpoint from the packed
// packages, a torch zip checkpoint written byte by byte), and each command's exit code and
// outputs are checked. About 30 s on 2 cores, mostly `demo --smoke`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const sentences = ['the cat sat on the mat.', 'a dog ran in the park.', 'birds sing at dawn.', 'rain fell on the town.', 'the river runs to the sea.', 'the cat ran to the mat.'];

/** Sentence-per-line documents, blank lines between them. */
function corpusText() {
  return Array.from({ length: 12 }, (_, document) => Array.from({ length: 4 }, (_, line) => sentences[(document + line) % sentences.length]).join('\n')).join('\n\n') + '\n';
}

/** A GLUE SST-2 directory: train.tsv and dev.tsv with a header. */
function writeSst2(directory) {
  mkdirSync(directory, { recursive: true });
  const rows = sentences.flatMap((sentence, index) => [`${sentence}\t${index % 2}`, `${sentence.toUpperCase()}\t${index % 2}`]);
  for (const split of ['train', 'dev']) writeFileSync(join(directory, `${split}.tsv`), `sentence\tlabel\n${rows.join('\n')}\n`);
}

/** A tiny GPT-2 LM built and saved by the packed packages, with the trained tokenizer beside it. */
const gptScript = (directory, tokenizer) => `
import { copyFileSync } from 'node:fs';
import { useBackend } from '@pretrain/backends';
import { Rng } from '@pretrain/core';
import { directoryTarget } from '@pretrain/core/node';
import { GPT2Config, GPT2LMHeadModel, saveGPT } from '@pretrain/gpt';
await useBackend('wasm');
const config = GPT2Config.create({ vocabSize: 60, nPositions: 32, nEmbd: 16, nLayer: 1, nHead: 2, bosTokenId: 2, eosTokenId: 3 });
const model = new GPT2LMHeadModel(config, Rng.fromSeed(1));
await saveGPT(model, 'GPT2LMHeadModel', directoryTarget(${JSON.stringify(directory)}));
copyFileSync(${JSON.stringify(tokenizer)}, ${JSON.stringify(join(directory, 'tokenizer.json'))});
`;

/**
 * torch.save's zip format by hand (torch is not needed): `archive/data.pkl` holds an
 * OrderedDict {'weight': _rebuild_tensor_v2(storage '0' (FloatStorage), 0, (2, 3), (3, 1), False, OrderedDict())},
 * `archive/data/0` its six float32 values. `evil` adds a pickle global that must be refused.
 */
const torchZipScript = (path, evil) => String.raw`
import struct, zipfile
def text(value):
    data = value.encode()
    return b'X' + struct.pack('<I', len(data)) + data
ordered = b'ccollections\nOrderedDict\n)R'
storage = b'(' + text('storage') + b'ctorch\nFloatStorage\n' + text('0') + text('cpu') + b'K\x06tQ'
tensor = b'ctorch._utils\n_rebuild_tensor_v2\n(' + storage + b'K\x00K\x02K\x03\x86K\x03K\x01\x86\x89' + ordered + b'tR'
extra = (text('payload') + b'cos\nsystem\n' + text('true') + b'\x85R') if ${evil ? 'True' : 'False'} else b''
pickle = b'\x80\x02' + ordered + b'(' + text('weight') + tensor + extra + b'u.'
with zipfile.ZipFile('${path}', 'w', zipfile.ZIP_STORED) as archive:
    archive.writestr('archive/data.pkl', pickle)
    archive.writestr('archive/data/0', struct.pack('<6f', 1, 2, 3, 4, 5, 6))
    archive.writestr('archive/version', '3\n')
`;

/** The JSON header of a safetensors file. */
function safetensorsHeader(path) {
  const bytes = readFileSync(path);
  const length = Number(bytes.readBigUInt64LE(0));
  return JSON.parse(bytes.subarray(8, 8 + length).toString('utf8'));
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs the packed `pretrain` on every subcommand; `step(title, action)` reports each. */
export function checkPackedCli({ consumer, step }) {
  const bin = join(consumer, 'node_modules', '.bin', 'pretrain');
  const work = join(consumer, 'cli-check');
  mkdirSync(work, { recursive: true });
  const at = (...parts) => join(work, ...parts);
  const pretrain = (...args) => execFileSync(bin, [...args], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
  /** A command that must fail: its exit code and stderr. */
  const failing = (...args) => {
    try {
      pretrain(...args);
    } catch (error) {
      return { status: error.status, stderr: String(error.stderr) };
    }
    throw new Error(`pretrain ${args.join(' ')} succeeded, expected an error`);
  };
  writeFileSync(at('corpus.txt'), corpusText());
  writeSst2(at('sst2'));

  step('packed CLI: --help and info --json', () => {
    expect(pretrain('--help').includes('usage: pretrain <command>'), 'unexpected --help');
    expect(JSON.parse(pretrain('info', '--json')).node === process.versions.node, 'info --json: wrong node version');
    expect(failing('frobnicate').status === 2, 'an unknown command must exit with 2');
  });
  step('packed CLI: tokenizer train, tokenize', () => {
    expect(pretrain('tokenizer', 'train', '--corpus', 'corpus.txt', '--output', 'tokenizer.json', '--vocab-size', '60').includes('tokenizer.json'), 'tokenizer train: no report');
    expect(JSON.parse(readFileSync(at('tokenizer.json'), 'utf8')).model.type === 'WordPiece', 'tokenizer train: not a WordPiece tokenizer.json');
    writeFileSync(at('text.jsonl'), `${JSON.stringify({ text: 'the cat sat.' })}\n${JSON.stringify({ text: 'a dog ran.', pair: 'birds sing.' })}\n`);
    pretrain('tokenize', '--tokenizer', 'tokenizer.json', '--input', 'text.jsonl', '--output', 'tokens.jsonl');
    const lines = readFileSync(at('tokens.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.length === 2 && lines[0].tokens[0] === '[CLS]' && lines[1].type_ids.includes(1), 'tokenize: unexpected output');
  });
  step('packed CLI: pretrain --steps 2, forward, info --model, report', () => {
    writeFileSync(at('run.yaml'), 'family: bert\nmodel: { hidden_size: 16, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 20 }\ndata: { vocab_size: 80, max_seq_length: 32 }\ntraining: { tokens_per_step: 256, micro_batch_tokens: 128, evaluate_every: 2 }\n');
    expect(pretrain('pretrain', '--config', 'run.yaml', '--corpus', 'corpus.txt', '--output', 'run', '--steps', '2').includes('2 steps'), 'pretrain: did not run 2 steps');
    for (const file of ['model/config.json', 'model/model.safetensors', 'model/tokenizer.json', 'metrics.jsonl']) expect(existsSync(at('run', file)), `pretrain: no ${file}`);
    writeFileSync(at('inputs.json'), JSON.stringify({ input_ids: [[2, 5, 6, 7, 3]], labels: [[-100, 5, -100, -100, -100]], next_sentence_label: [0] }));
    pretrain('forward', '--model', 'run/model', '--inputs', 'inputs.json', '--out', 'outputs.json');
    const outputs = JSON.parse(readFileSync(at('outputs.json'), 'utf8'));
    expect(outputs.prediction_logits?.[0]?.length === 5 && outputs.loss > 0 && outputs.hidden_states?.length === 2, 'forward: missing outputs or loss');
    expect(JSON.parse(pretrain('info', '--model', 'run/model', '--json')).num_parameters > 0, 'info --model: no parameter count');
    expect(JSON.parse(pretrain('info', '--preset', 'albert-base-v2', '--json')).num_parameters === 11_683_584, 'info --preset albert-base-v2: wrong count');
    pretrain('report', 'run');
    expect(readFileSync(at('run', 'report.html'), 'utf8').includes('<svg'), 'report: no chart in report.html');
  });
  step('packed CLI: finetune, eval (task), distill', () => {
    const finetune = pretrain('finetune', '--model', 'run/model', '--task', 'glue:sst2', '--data', 'sst2', '--epochs', '1', '--batch-size', '8', '--max-length', '16', '--output', 'finetuned');
    expect(finetune.includes('dev accuracy'), 'finetune: no dev accuracy');
    const scores = JSON.parse(pretrain('eval', '--model', 'finetuned/model', '--task', 'glue:sst2', '--data', 'sst2', '--json'));
    expect(scores.examples === 12 && scores.accuracy >= 0 && scores.accuracy <= 1, 'eval: unexpected scores');
    expect(pretrain('distill', '--teacher', 'run/model', '--corpus', 'corpus.txt', '--output', 'distilled', '--steps', '2').includes('2 steps'), 'distill: did not run 2 steps');
    expect(JSON.parse(readFileSync(at('distilled', 'model', 'config.json'), 'utf8')).architectures[0] === 'DistilBertForMaskedLM', 'distill: not a DistilBertForMaskedLM');
  });
  step('packed CLI: generate, eval (perplexity)', () => {
    writeFileSync(at('make-gpt.mjs'), gptScript(at('gpt'), at('tokenizer.json')));
    execFileSync('node', [at('make-gpt.mjs')], { cwd: consumer, stdio: ['ignore', 'pipe', 'pipe'] });
    const generated = JSON.parse(pretrain('generate', '--model', 'gpt', '--input-ids', '[[5, 6, 7]]', '--max-new-tokens', '4', '--greedy'));
    expect(generated.output_ids[0].slice(0, 3).join() === '5,6,7' && generated.output_ids[0].length <= 7, 'generate: unexpected ids');
    const perplexity = JSON.parse(pretrain('eval', '--model', 'gpt', '--corpus', 'corpus.txt', '--json'));
    expect(perplexity.perplexity > 1 && perplexity.scoredTokens > 0, 'eval --corpus: no perplexity');
    expect(failing('generate', '--model', 'run/model', '--input-ids', '[[2, 5]]').stderr.includes('not a causal language model'), 'generate: an encoder must be refused');
  });
  step('packed CLI: convert (a torch zip checkpoint; a pickle global refused)', () => {
    for (const [name, evil] of [['torch', false], ['evil', true]]) {
      mkdirSync(at(name), { recursive: true });
      execFileSync('python3', ['-c', torchZipScript(at(name, 'pytorch_model.bin'), evil)]);
    }
    pretrain('convert', '--model', 'torch');
    const header = safetensorsHeader(at('torch', 'model.safetensors'));
    expect(header.weight?.dtype === 'F32' && header.weight.shape.join() === '2,3', `convert: unexpected header ${JSON.stringify(header)}`);
    const refused = failing('convert', '--model', 'evil');
    expect(refused.status === 1 && refused.stderr.includes('os') && !existsSync(at('evil', 'model.safetensors')), `convert: the os.system global was not refused: ${refused.stderr}`);
  });
  step('packed CLI: demo --smoke', () => {
    pretrain('demo', '--smoke', '--output', 'demo');
    expect(readFileSync(at('demo', 'report.html'), 'utf8').includes('<svg'), 'demo --smoke: no report');
  });
}
