// `pretrain pretrain` end to end on a small corpus file and a YAML config with overrides.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, temporaryDirectory, trainingBackend } from '../cli.test-helper.js';
import { readMetricsLog } from '../progress/metrics_log.js';

describe('pretrain pretrain', () => {
  it('pretrains BERT with MLM + NSP from a config file and a corpus, writing checkpoints, the model and the metrics log', async () => {
    const directory = temporaryDirectory('run');
    const sentences = ['the cat sat on the mat.', 'a dog ran in the park.', 'birds sing at dawn.', 'rain fell on the town.', 'the river runs to the sea.'];
    const corpus = Array.from({ length: 12 }, (_, document) => `${Array.from({ length: 4 }, (_, line) => sentences[(document + line) % sentences.length]).join('\n')}\n`).join('\n');
    writeFileSync(join(directory, 'corpus.txt'), corpus);
    writeFileSync(join(directory, 'run.yaml'), [
      'family: bert',
      'model: { hidden_size: 16, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 20 }',
      `output: ${join(directory, 'run')}`,
      'data: { vocab_size: 80, max_seq_length: 32 }',
      'training: { steps: 10, tokens_per_step: 256, micro_batch_tokens: 128, evaluate_every: 2 }',
    ].join('\n'));
    const { code, stdout, stderr } = await cli('pretrain', '--config', join(directory, 'run.yaml'), '--corpus', join(directory, 'corpus.txt'), '--steps', '3', '--set', 'training.checkpoint_every=3', '--backend', trainingBackend);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('pretrain: 3 steps (max-steps)');
    const runDir = join(directory, 'run');
    expect(readFileSync(join(runDir, 'checkpoints', 'latest'), 'utf8').trim()).toBe('checkpoint-3');
    for (const file of ['model/config.json', 'model/model.safetensors', 'model/tokenizer.json', 'checkpoints/checkpoint-3/tokenizer.json']) expect(existsSync(join(runDir, file)), file).toBe(true);
    const config = JSON.parse(readFileSync(join(runDir, 'model', 'config.json'), 'utf8')) as { hidden_size: number; vocab_size: number };
    expect(config.hidden_size).toBe(16);
    expect(config.vocab_size).toBeLessThanOrEqual(80);
    const records = readMetricsLog(join(runDir, 'metrics.jsonl'));
    expect(records.filter((record) => record.kind === 'step').map((record) => (record as { step: number }).step)).toEqual([1, 2, 3]);
    expect(records.some((record) => record.kind === 'evaluation' && 'mlmAccuracy' in record.metrics)).toBe(true);
  }, 120_000);
});
