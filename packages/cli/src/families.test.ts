// End to end through `run`: `pretrain forward`, `generate` and `info` for every family of
// @pretrain/auto's table, against what PyTorch computed for hf-tiny.
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeShared, hfTinyDir } from '@pretrain/testing';
import { describe, expect, it } from 'vitest';
import { architectureFamilies } from '@pretrain/auto/table';
import { cli, expectNestedClose, fixtureExpected, forwardOutputs, temporaryDirectory, backend } from './cli.test-helper.js';
import { architectures, presets } from './registry.js';

const fixtures = ['bert', 'bert-seqcls', 'bert-tokcls', 'bert-qa', 'albert', 'electra-discriminator', 'electra-generator', 'distilbert', 'gpt2', 'openai-gpt'];

describeShared('pretrain forward on hf-tiny', () => {
  it.each(fixtures)('writes every output of %s that PyTorch computed, losses included', async (folder) => {
    const outputs = await forwardOutputs(hfTinyDir(folder), join(hfTinyDir(folder), 'inputs.json'));
    const names = Object.keys(fixtureExpected(folder)).filter((name) => !name.startsWith('_') && name !== 'greedy');
    expect(names).toContain(folder.startsWith('gpt') || folder === 'openai-gpt' ? 'logits' : 'last_hidden_state');
    for (const name of names) expectNestedClose(outputs[name], fixtureExpected(folder)[name], `${folder}: ${name}`);
  });

  it.each([
    ['albert', 'AlbertForSequenceClassification', 2, { labels: [1, 0] }],
    ['albert', 'AlbertForQuestionAnswering', 2, { start_positions: [1, 2], end_positions: [3, 40] }],
    ['electra-discriminator', 'ElectraForTokenClassification', 2, { labels: [[-100, 1, 0, 1, 0], [0, 1, -100, -100, -100]] }],
    ['electra-discriminator', 'ElectraForSequenceClassification', 1, { labels: [0.5, -1] }],
    ['distilbert', 'DistilBertForSequenceClassification', 3, { labels: [2, 0] }],
    ['albert', 'AlbertForMultipleChoice', 2, { input_ids: [[[2, 9, 3], [2, 12, 3]], [[2, 30, 3], [2, 40, 3]]], labels: [1, 0] }],
  ])('%s as %s returns a loss for the labels given (a new head from --seed)', async (folder, architecture, numLabels, labels) => {
    const directory = temporaryDirectory('head');
    const config = JSON.parse(readFileSync(join(hfTinyDir(folder), 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(directory, 'config.json'), JSON.stringify({ ...config, architectures: [architecture], num_labels: numLabels }));
    symlinkSync(join(hfTinyDir(folder), 'model.safetensors'), join(directory, 'model.safetensors'));
    const inputs = join(directory, 'inputs.json');
    writeFileSync(inputs, JSON.stringify({ input_ids: [[2, 9, 12, 30, 3], [2, 40, 3, 0, 0]], ...labels }));
    const outputs = await forwardOutputs(directory, inputs);
    expect(typeof outputs.loss).toBe('number');
    expect(outputs.loss as number).toBeGreaterThan(0);
  });

  it.each(['gpt2', 'openai-gpt'])('pretrain generate decodes the greedy tokens of %s', async (folder) => {
    const { greedy } = fixtureExpected(folder) as { greedy: { prompt_ids: number[]; max_new_tokens: number; output_ids: number[]; new_token_ids: number[] } };
    const { code, stdout, stderr } = await cli('generate', '--model', hfTinyDir(folder), '--input-ids', JSON.stringify([greedy.prompt_ids]), '--max-new-tokens', String(greedy.max_new_tokens), '--greedy', '--backend', backend);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ output_ids: [greedy.output_ids], new_token_ids: [greedy.new_token_ids] });
  });

  it('pretrain generate names an encoder as no causal LM', async () => {
    const { code, stderr } = await cli('generate', '--model', hfTinyDir('bert'), '--input-ids', '[[2, 5]]', '--backend', backend);
    expect(code).toBe(1);
    expect(stderr).toContain('BertForPreTraining is not a causal language model');
  });
});

describe('pretrain info --preset', () => {
  it.each([
    ['bert-base-uncased', 'bert', 'bert', 109_482_240],
    ['bert-large-cased', 'bert', 'bert', 333_579_264],
    ['google/bert_uncased_L-2_H-128_A-2', 'bert', 'bert', 4_385_920],
    ['huawei-noah/TinyBERT_General_4L_312D', 'bert', 'bert', 14_350_248],
    ['albert-base-v2', 'albert', 'albert', 11_683_584],
    ['albert-xxlarge-v2', 'albert', 'albert', 222_595_584],
    ['google/electra-small-discriminator', 'electra', 'electra', 13_483_008],
    ['google/electra-base-generator', 'electra', 'electra', 33_511_168],
    ['distilbert-base-uncased', 'distilbert', 'distilbert', 66_362_880],
    ['openai-gpt', 'gpt', 'openai-gpt', 116_534_784],
    ['gpt2', 'gpt', 'gpt2', 124_439_808],
    ['gpt2-xl', 'gpt', 'gpt2', 1_557_611_200],
    ['gpt3-175b', 'gpt', 'gpt2', 174_604_259_328],
  ])('reports %s (%s, %s) with %d parameters', async (preset, family, modelType, count) => {
    const { code, stdout } = await cli('info', '--json', '--preset', preset);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { family: string; num_parameters: number; config: Record<string, unknown> };
    expect([report.family, report.num_parameters, report.config.model_type]).toEqual([family, count, modelType]);
  });

  it('lists every preset of every family, and every class of @pretrain/auto’s table', async () => {
    const familyPresets = await Promise.all([
      import('@pretrain/bert/cli').then((module) => module.bertCli.presetIds),
      import('@pretrain/albert/cli').then((module) => module.albertCli.presetIds),
      import('@pretrain/electra/cli').then((module) => module.electraCli.presetIds),
      import('@pretrain/distilbert/cli').then((module) => module.distilBertCli.presetIds),
      import('@pretrain/gpt/cli').then((module) => module.gptCli.presetIds),
    ]);
    expect(Object.keys(presets).sort()).toEqual(familyPresets.flat().sort());
    expect(Object.keys(architectures).sort()).toEqual(Object.keys(architectureFamilies).sort());
  });
});
