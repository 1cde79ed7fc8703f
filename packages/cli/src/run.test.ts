import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, temporaryDirectory } from './cli.test-helper.js';


describe('run', () => {
  it('lists every command in --help', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    for (const name of ['info', 'forward', 'generate', 'tokenize']) expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(stdout).toContain('--backend');
  });

  it('shows a command’s own options with --help', async () => {
    const { code, stdout } = await cli('forward', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('usage: pretrain forward --model DIR');
    expect(stdout).toContain('--inputs FILE');
    expect(stdout).toContain('--seed N');
  });

  it('rejects an unknown command with a hint and exit code 2', async () => {
    const { code, stderr } = await cli('frobnicate');
    expect(code).toBe(2);
    expect(stderr).toBe('error: unknown command "frobnicate"\nhint: commands: info, forward, generate, tokenize, tokenizer, pretrain, finetune, distill, eval, convert, report, demo; run `pretrain --help`\n');
  });

  it('names an unknown flag', async () => {
    const { code, stderr } = await cli('info', '--colour');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: info: Unknown option '--colour'/);
    expect(stderr).not.toMatch(/ at /);
  });

  it('rejects a backend outside the list', async () => {
    const { code, stderr } = await cli('info', '--backend', 'tpu');
    expect(code).toBe(2);
    expect(stderr).toContain('--backend tpu is not one of auto, webgpu, node-gpu, node, native, wasm, cpu');
  });

  it('rejects a negative seed', async () => {
    const { code, stderr } = await cli('info', '--seed=-3');
    expect(code).toBe(2);
    expect(stderr).toContain('--seed must be an integer ≥ 0, got -3');
  });

  it('reports versions and backends as JSON', async () => {
    const { code, stdout } = await cli('info', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { node: string; backends: Array<{ name: string }> };
    expect(report.node).toBe(process.versions.node);
    expect(report.backends.map((backend) => backend.name)).toEqual(['webgpu', 'node-gpu', 'node', 'native', 'wasm', 'cpu']);
  });
});

describe('forward', () => {
  const dir = temporaryDirectory('cli');

  it('names the missing config file', async () => {
    writeFileSync(join(dir, 'inputs.json'), JSON.stringify({ input_ids: [[1, 2]] }));
    const { code, stderr } = await cli('forward', '--model', join(dir, 'nowhere'), '--inputs', join(dir, 'inputs.json'), '--out', join(dir, 'out.json'));
    expect(code).toBe(1);
    expect(stderr).toContain(`cannot read model config ${join(dir, 'nowhere', 'config.json')}: no such file`);
  });

  it('names an input key that is not a Hugging Face name', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ input_ids: [[1, 2]], inputIds: [[1, 2]], _note: 'ignored' }));
    const { code, stderr } = await cli('forward', '--model', dir, '--inputs', join(dir, 'bad.json'), '--out', join(dir, 'out.json'));
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(dir, 'bad.json')}: unknown input "inputIds"`);
  });

  it('names a mask whose shape differs from input_ids', async () => {
    writeFileSync(join(dir, 'ragged.json'), JSON.stringify({ input_ids: [[1, 2]], attention_mask: [[1]] }));
    const { stderr } = await cli('forward', '--model', dir, '--inputs', join(dir, 'ragged.json'), '--out', join(dir, 'out.json'));
    expect(stderr).toContain('field "attention_mask" must have shape [1, 2]');
  });

  it('names the architecture it cannot run', async () => {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ architectures: ['T5ForConditionalGeneration'] }));
    const { code, stderr } = await cli('forward', '--model', dir, '--inputs', join(dir, 'inputs.json'), '--out', join(dir, 'out.json'));
    expect(code).toBe(1);
    expect(stderr).toContain('architecture "T5ForConditionalGeneration"');
    expect(() => readFileSync(join(dir, 'out.json'))).toThrow();
  });
});

describe('generate', () => {
  it('rejects --input-ids that are not ids', async () => {
    const { code, stderr } = await cli('generate', '--model', '.', '--input-ids', '[[1, -2]]');
    expect(code).toBe(2);
    expect(stderr).toContain('--input-ids must be a non-empty list of non-negative integers');
  });

  it('rejects a top-p outside (0, 1]', async () => {
    const { stderr } = await cli('generate', '--model', '.', '--input-ids', '[1]', '--top-p', '1.5');
    expect(stderr).toContain('--top-p must be in (0, 1]');
  });
});

describe('tokenize', () => {
  it('requires --tokenizer', async () => {
    const { code, stderr } = await cli('tokenize');
    expect(code).toBe(2);
    expect(stderr).toContain('tokenize: --tokenizer is required');
  });
});
