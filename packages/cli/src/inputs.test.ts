import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeShared, hfTinyDir } from '@pretrain/testing';
import { describe, expect, it } from 'vitest';
import { backend, cli, expectNestedClose, fixtureExpected, forwardOutputs, temporaryDirectory } from './cli.test-helper.js';
import { CliError } from './errors.js';
import { checkInputsForArchitecture, validateForwardInputs } from './inputs.js';

const choices = [[[2, 5, 3], [2, 6, 3]], [[2, 7, 3], [2, 8, 0]]]; // [batch 2, choices 2, length 3]

describe('validateForwardInputs', () => {
  it('accepts [batch, choices, length] ids with masks of the same shape and one label per example', () => {
    const inputs = validateForwardInputs({ input_ids: choices, attention_mask: [[[1, 1, 1], [1, 1, 1]], [[1, 1, 1], [1, 1, 0]]], labels: [1, 0], _note: 'x' }, 'in.json');
    expect(Object.keys(inputs).sort()).toEqual(['attention_mask', 'input_ids', 'labels']);
  });

  it('names a mask whose shape differs from 3-D input_ids', () => {
    expect(() => validateForwardInputs({ input_ids: choices, token_type_ids: [[0, 0, 0], [0, 0, 0]] }, 'in.json')).toThrow('in.json: field "token_type_ids" must have shape [2, 2, 3] like "input_ids"');
  });

  it('rejects ragged choices, a fourth dimension and per-token labels on choices', () => {
    expect(() => validateForwardInputs({ input_ids: [[[1, 2], [3]]] }, 'in.json')).toThrow(/field "input_ids" must be a non-empty \[batch, length\]/);
    expect(() => validateForwardInputs({ input_ids: [choices] }, 'in.json')).toThrow(CliError);
    expect(() => validateForwardInputs({ input_ids: choices, labels: [[1, 0], [0, 1]] }, 'in.json')).toThrow('field "labels" must be a list of 2 labels (one per example');
  });

  it('keeps the [batch, length] checks', () => {
    expect(() => validateForwardInputs({ input_ids: [[1, 2]], attention_mask: [[1]] }, 'in.json')).toThrow('field "attention_mask" must have shape [1, 2]');
    expect(() => validateForwardInputs({ input_ids: [[1, 2]], labels: [[1, 2, 3]] }, 'in.json')).toThrow('a [1, 2] list of lists of integers');
    expect(validateForwardInputs({ input_ids: [[1, 2]], labels: [[-100, 2]] }, 'in.json').labels).toEqual([[-100, 2]]);
  });
});

describe('checkInputsForArchitecture', () => {
  it('wants choices for *ForMultipleChoice and plain rows for everything else', () => {
    const threeD = validateForwardInputs({ input_ids: choices }, 'in.json');
    const twoD = validateForwardInputs({ input_ids: [[1, 2]] }, 'in.json');
    expect(() => checkInputsForArchitecture(threeD, 'BertForMultipleChoice', 'in.json')).not.toThrow();
    expect(() => checkInputsForArchitecture(twoD, 'BertForMultipleChoice', 'in.json')).toThrow('BertForMultipleChoice takes "input_ids" of shape [batch, choices, length]');
    expect(() => checkInputsForArchitecture(threeD, 'BertModel', 'in.json')).toThrow('BertModel takes "input_ids" of shape [batch, length]');
  });
});

/** A checkpoint directory holding hf-tiny `folder`'s weights under another class (new heads are drawn from --seed). */
function asArchitecture(folder: string, architecture: string, extra: Record<string, unknown> = {}): string {
  const directory = temporaryDirectory('heads');
  const config = JSON.parse(readFileSync(join(hfTinyDir(folder), 'config.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(directory, 'config.json'), JSON.stringify({ ...config, architectures: [architecture], ...extra }));
  symlinkSync(join(hfTinyDir(folder), 'model.safetensors'), join(directory, 'model.safetensors'));
  return directory;
}

const logSumExp = (row: number[]) => Math.log(row.reduce((sum, value) => sum + Math.exp(value), 0));

describeShared('pretrain forward with task heads on hf-tiny weights', () => {
  it('runs BertForMultipleChoice on [batch, choices, length]: pooled choices equal PyTorch, cross-entropy over choices', async () => {
    // hf-tiny bert's two rows as the two choices of one example: the encoder sees exactly PyTorch's batch.
    const fixture = JSON.parse(readFileSync(join(hfTinyDir('bert'), 'inputs.json'), 'utf8')) as Record<string, number[][]>;
    const directory = asArchitecture('bert', 'BertForMultipleChoice');
    const inputs = join(directory, 'inputs.json');
    writeFileSync(inputs, JSON.stringify({ input_ids: [fixture.input_ids], attention_mask: [fixture.attention_mask], token_type_ids: [fixture.token_type_ids], labels: [1] }));
    const outputs = await forwardOutputs(directory, inputs);
    expectNestedClose(outputs.pooler_output, fixtureExpected('bert').pooler_output, 'pooler_output');
    const logits = outputs.logits as number[][];
    expect([logits.length, logits[0]!.length]).toEqual([1, 2]);
    expect(outputs.loss as number).toBeCloseTo(logSumExp(logits[0]!) - logits[0]![1]!, 4);
  });

  it('names the shape a multiple-choice head needs when given [batch, length]', async () => {
    const directory = asArchitecture('bert', 'BertForMultipleChoice');
    writeFileSync(join(directory, 'inputs.json'), JSON.stringify({ input_ids: [[2, 5, 3]] }));
    const { code, stderr } = await cli('forward', '--model', directory, '--inputs', join(directory, 'inputs.json'), '--out', join(directory, 'out.json'), '--backend', backend);
    expect(code).toBe(1);
    expect(stderr).toContain('BertForMultipleChoice takes "input_ids" of shape [batch, choices, length]');
  });

  it('runs OpenAIGPTForSequenceClassification with the pad id: [batch, numLabels] logits and the loss', async () => {
    const directory = asArchitecture('openai-gpt', 'OpenAIGPTForSequenceClassification', { pad_token_id: 0, num_labels: 3 });
    const inputs = join(directory, 'inputs.json');
    writeFileSync(inputs, JSON.stringify({ input_ids: [[7, 99, 379, 380], [236, 208, 0, 0]], labels: [2, 0] }));
    const outputs = await forwardOutputs(directory, inputs);
    const logits = outputs.logits as number[][];
    expect(logits.map((row) => row.length)).toEqual([3, 3]);
    const expectedLoss = (logSumExp(logits[0]!) - logits[0]![2]! + logSumExp(logits[1]!) - logits[1]![0]!) / 2;
    expect(outputs.loss as number).toBeCloseTo(expectedLoss, 4);
  });
});
