import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, temporaryDirectory } from '../cli.test-helper.js';
import { applyOverrides } from './load.js';
import { resolvePretrainConfig } from './pretrain_config.js';


const directory = temporaryDirectory('config');
function file(name: string, text: string): string {
  writeFileSync(join(directory, name), text);
  return join(directory, name);
}

describe('pretrain config files', () => {
  it('reads YAML with defaults filled in and command-line overrides applied', () => {
    const plan = resolvePretrainConfig(applyOverrides({ family: 'bert', training: { steps: 10 } }, ['training.steps=30', 'model.hidden_size=64', 'objectives=[nsp, mlm]']), 'x.yaml');
    expect(plan.steps).toBe(30);
    expect(plan.model).toEqual({ hidden_size: 64 });
    expect(plan.objectives).toEqual(['nsp', 'mlm']);
    expect(plan.synthetic).toEqual({ seed: 1, entities: 400, documents: 1600 });
  });

  it('names an unknown key with its section', async () => {
    const path = file('unknown.yaml', 'family: bert\ntraining:\n  stepz: 10\n');
    const { code, stderr } = await cli('pretrain', '--config', path);
    expect(code).toBe(1);
    expect(stderr).toContain(`error: ${path}: unknown key "training.stepz"`);
    expect(stderr).toContain('hint: known keys of training: steps,');
  });

  it('names a value of the wrong type', async () => {
    const path = file('type.json', JSON.stringify({ training: { steps: 'ten' } }));
    const { stderr } = await cli('pretrain', '--config', path);
    expect(stderr).toContain(`error: ${path}: training.steps must be an integer, got "ten"`);
  });

  it('rejects heads that do not divide the hidden size before allocating anything', async () => {
    const path = file('heads.yaml', 'model:\n  hidden_size: 100\n  num_attention_heads: 3\noutput: /nonexistent-root-dir/never-created\n');
    const { code, stderr } = await cli('pretrain', '--config', path);
    expect(code).toBe(1);
    expect(stderr).toContain('hidden_size 100 is not a multiple of num_attention_heads 3');
  });

  it('names an unknown model key', async () => {
    const { stderr } = await cli('pretrain', '--set', 'model.hidden_sise=64');
    expect(stderr).toContain('error: command line: unknown key "model.hidden_sise"');
  });

  it('fails fast on a missing or empty corpus, naming the path', async () => {
    const missing = join(directory, 'missing.txt');
    expect((await cli('pretrain', '--corpus', missing)).stderr).toContain(`error: corpus ${missing} does not exist`);
    const empty = file('empty.txt', '');
    expect((await cli('pretrain', '--corpus', empty)).stderr).toContain(`error: corpus ${empty} is empty`);
  });

  it.skipIf(process.getuid?.() === 0)('fails fast on an output directory it cannot write, naming it (skipped as root, who can write anywhere; the path-below-a-file test covers it)', async () => {
    const locked = join(directory, 'locked');
    writeFileSync(join(directory, 'placeholder'), '');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const { code, stderr } = await cli('pretrain', '--output', join(locked, 'run'), '--steps', '1');
    expect(code).toBe(1);
    expect(stderr).toContain(`error: output directory ${join(locked, 'run')} is not writable (EACCES)`);
  });

  it('fails fast on an output path below a file, naming it', async () => {
    const blocker = file('blocker', 'a file, not a directory');
    const { code, stderr } = await cli('pretrain', '--output', join(blocker, 'run'), '--steps', '1');
    expect(code).toBe(1);
    expect(stderr).toContain(`error: output directory ${join(blocker, 'run')} is not writable (ENOTDIR)`);
  });

  it('rejects a --set without a value', async () => {
    const { code, stderr } = await cli('pretrain', '--set', 'training.steps');
    expect(code).toBe(2);
    expect(stderr).toContain('--set training.steps: expected KEY=VALUE');
  });

  it('names a config file that is not valid YAML', async () => {
    const path = file('broken.yaml', 'training: [\n');
    expect((await cli('pretrain', '--config', path)).stderr).toContain(`error: config file ${path} is not valid YAML`);
  });
});
