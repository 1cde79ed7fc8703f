// The main job at its smoke size, then finetune (with a sweep) and eval on the files it wrote, all through run().
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetricsLog } from '../progress/metrics_log.js';
import { run } from '../run.js';

const backend = process.env.PRETRAIN_BACKEND === 'cpu' ? 'cpu' : 'wasm';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run([...argv, '--backend', backend], { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

describe('pretrain demo --smoke, finetune, eval', () => {
  const directory = mkdtempSync(join(tmpdir(), 'pretrain-demo-'));

  it('runs world → vocabulary → MLM+NSP pretraining → fine-tune vs scratch → report', async () => {
    const { code, stdout, stderr } = await cli('demo', '--smoke', '--output', directory);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/pretrained, then fine-tuned +\d+\.\d%/);
    expect(stdout).toMatch(/same model from scratch +\d+\.\d%/);
    expect(stdout).toMatch(/majority class +\d+\.\d%/);
    expect(stdout).toMatch(/classification of [1-9]\d* test examples about [1-9]\d* test entities/);
    for (const file of ['world/corpus.txt', 'world/classification.train.jsonl', 'tokenizer.json', 'model/config.json', 'model/model.safetensors', 'model/tokenizer.json', 'checkpoints/latest', 'report.html', 'charts/loss.svg']) {
      expect(existsSync(join(directory, file)), file).toBe(true);
    }
    const phases = new Set(readMetricsLog(join(directory, 'metrics.jsonl')).map((record) => record.phase));
    expect([...phases]).toEqual(expect.arrayContaining(['pretrain', 'fine-tune', 'from-scratch']));
    expect(JSON.parse(readFileSync(join(directory, 'model', 'config.json'), 'utf8')).architectures).toEqual(['BertForPreTraining']);
  }, 300_000);

  it('fine-tunes the pretrained model with a learning-rate sweep and saves the best', async () => {
    const out = join(directory, 'finetuned');
    const { code, stdout, stderr } = await cli('finetune', '--model', join(directory, 'model'), '--task', 'world:classification', '--data', join(directory, 'world'), '--epochs', '1', '--sweep', '1e-3,3e-3', '--output', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.match(/^sweep: learning rate /gm)?.length).toBe(2);
    expect(stdout).toMatch(/best learning rate (0\.001|0\.003), dev accuracy/);
    expect(JSON.parse(readFileSync(join(out, 'model', 'config.json'), 'utf8')).architectures).toEqual(['BertForSequenceClassification']);
  }, 300_000);

  it('scores the fine-tuned model on the test split', async () => {
    const { code, stdout } = await cli('eval', '--model', join(directory, 'finetuned', 'model'), '--task', 'world:classification', '--data', join(directory, 'world'), '--split', 'test', '--json');
    expect(code).toBe(0);
    const scores = JSON.parse(stdout) as { accuracy: number; examples: number; split: string };
    expect(scores.split).toBe('test');
    expect(scores.examples).toBeGreaterThan(0);
    expect(scores.accuracy).toBeGreaterThanOrEqual(0);
    expect(scores.accuracy).toBeLessThanOrEqual(1);
  }, 120_000);

  it('refuses to evaluate a model that is not a classifier', async () => {
    const { code, stderr } = await cli('eval', '--model', join(directory, 'model'), '--task', 'world:classification', '--data', join(directory, 'world'));
    expect(code).toBe(1);
    expect(stderr).toContain('holds a BertForPreTraining, not a sequence classifier');
  }, 120_000);

  it('distils the pretrained BERT into a DistilBERT student on the world corpus', async () => {
    const out = join(directory, 'distilled');
    const { code, stdout, stderr } = await cli('distill', '--teacher', join(directory, 'model'), '--corpus', join(directory, 'world', 'corpus.txt'), '--steps', '2', '--tokens-per-step', '512', '--output', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/distill: 2 steps, final loss \d+\.\d{4}/);
    const config = JSON.parse(readFileSync(join(out, 'model', 'config.json'), 'utf8')) as { architectures: string[]; n_layers: number };
    expect(config.architectures).toEqual(['DistilBertForMaskedLM']);
    expect(config.n_layers).toBe(1); // half of the teacher's two layers
    expect(existsSync(join(out, 'model', 'tokenizer.json'))).toBe(true);
  }, 300_000);

  it('names a task it does not know', async () => {
    const { code, stderr } = await cli('finetune', '--model', join(directory, 'model'), '--task', 'world:poetry', '--data', join(directory, 'world'));
    expect(code).toBe(2);
    expect(stderr).toContain('--task world:poetry');
  });
});
