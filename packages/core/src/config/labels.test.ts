import { describe, expect, it } from 'vitest';
import { ConfigError, defineConfig, integer } from './config.js';
import { checkHeadsDivide, labelFields, modelConfig, numLabels, type LabelFields } from './labels.js';

interface TinyFields extends LabelFields {
  hiddenSize: number;
  numHeads: number;
}

const Tiny = modelConfig(defineConfig<TinyFields>('TinyConfig', { hiddenSize: integer({ default: 8 }), numHeads: integer({ default: 2 }), ...labelFields() }), (config) =>
  checkHeadsDivide('TinyConfig', 'numHeads', config.hiddenSize, config.numHeads),
);

describe('modelConfig', () => {
  it('reads num_labels as PretrainedConfig does, unless id2label is given', () => {
    const config = Tiny.fromHf({ num_labels: 3 });
    expect(config.id2label).toEqual({ 0: 'LABEL_0', 1: 'LABEL_1', 2: 'LABEL_2' });
    expect(config.label2id).toEqual({ LABEL_0: 0, LABEL_1: 1, LABEL_2: 2 });
    expect(numLabels(config)).toBe(3);
    expect(Tiny.fromHf({ num_labels: 5, id2label: { 0: 'NO' } }).id2label).toEqual({ 0: 'NO' });
    expect(Tiny.toHf(Tiny.create({})).problem_type).toBeNull();
  });

  it('names the field of every rejected value', () => {
    expect(() => Tiny.fromHf({ num_labels: 0 })).toThrow(/TinyConfig\.id2label: num_labels must be a positive integer, got 0/);
    expect(() => Tiny.create({ id2label: {} })).toThrow(/TinyConfig\.id2label: needs at least one label/);
    expect(() => Tiny.with(Tiny.create({}), { numHeads: 3 })).toThrow(ConfigError);
    expect(() => Tiny.fromHf({ hidden_size: 10, num_heads: 4 })).toThrow(/TinyConfig\.numHeads: hidden_size 10 is not a multiple of num_attention_heads 4/);
    expect(() => Tiny.fromHf({ problem_type: 'ranking' })).toThrow(/problem_type/);
  });
});
