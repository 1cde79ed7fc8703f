import { describe, expect, it } from 'vitest';
import { ConfigError } from '@pretrain/core';
import { GPT2Config, OpenAIGPTConfig } from './config.js';
import { gpt2PresetConfig, gptPresets, numParameters, openAIGPTPresetConfig } from './presets.js';

describe('numParameters', () => {
  it('equals the published count of every GPT-1 and GPT-2 checkpoint', () => {
    for (const preset of Object.values(gptPresets).filter((entry) => entry.publishedParameters !== undefined)) {
      const config = preset.modelType === 'gpt2' ? gpt2PresetConfig(preset.id) : openAIGPTPresetConfig(preset.id);
      expect(numParameters(config), preset.id).toBe(preset.publishedParameters);
    }
  });

  it('gives GPT-3 175B about 174.6 billion parameters', () => {
    expect(numParameters(gpt2PresetConfig('gpt3-175b'))).toBe(174_604_259_328);
  });

  it('lands within 5% of the nominal size of each GPT-3 model', () => {
    const nominal = (text: string) => Number.parseFloat(text) * (text.endsWith('B') ? 1e9 : 1e6);
    for (const preset of Object.values(gptPresets).filter((entry) => entry.gpt3)) {
      const count = numParameters(gpt2PresetConfig(preset.id));
      expect(Math.abs(count / nominal(preset.gpt3!.nominalParameters) - 1), preset.id).toBeLessThan(0.05);
    }
  });

  it('adds the heads: summary projection, and score without bias', () => {
    const config = GPT2Config.create({ vocabSize: 99, nPositions: 16, nEmbd: 32, nLayer: 2, nHead: 4, nInner: 37, id2label: { 0: 'a', 1: 'b', 2: 'c' } });
    const base = numParameters(config, 'GPT2Model');
    expect(numParameters(config, 'GPT2LMHeadModel')).toBe(base);
    expect(numParameters(config, 'GPT2DoubleHeadsModel')).toBe(base + 32 + 1);
    expect(numParameters(config, 'GPT2ForSequenceClassification')).toBe(base + 32 * 3);
  });
});

describe('gpt2PresetConfig', () => {
  it('gives GPT-3 its table 2.1 shape, 2048 positions and 3.2M-token batches for 175B', () => {
    const config = gpt2PresetConfig('gpt3-175b');
    expect([config.nLayer, config.nEmbd, config.nHead, config.nPositions]).toEqual([96, 12288, 96, 2048]);
    expect(gptPresets['gpt3-175b']!.gpt3!.batchSizeTokens).toBe(3_200_000);
  });

  it('alternates dense and banded layers when asked', () => {
    const config = gpt2PresetConfig('gpt3-small', { sparseAttention: { windowSize: 128 } });
    expect(config.attentionTypes).toEqual([[['global', 'local'], 6]]);
    expect(config.windowSize).toBe(128);
  });

  it('keeps openai-gpt post-LN sizes: 512 positions, 40,478 tokens', () => {
    const config = openAIGPTPresetConfig('openai-gpt');
    expect([config.nPositions, config.vocabSize]).toEqual([512, 40478]);
  });

  it('lists the known ids for an unknown one', () => {
    expect(() => gpt2PresetConfig('gpt4')).toThrow(/known: openai-gpt, gpt2/);
  });
});

describe('GPT2Config', () => {
  it('names the field and Hugging Face key of a bad value', () => {
    expect(() => GPT2Config.fromHf({ n_embd: 30, n_head: 4 })).toThrow(ConfigError);
    expect(() => GPT2Config.fromHf({ n_layer: -1 })).toThrow(/n_layer/);
    expect(() => GPT2Config.fromHf({ scale_attn_weights: 'no' })).toThrow(/scale_attn_weights/);
  });

  it('round-trips Hugging Face keys and reads num_labels', () => {
    const config = GPT2Config.fromHf({ n_embd: 64, n_head: 4, num_labels: 3, model_type: 'gpt2' });
    expect(Object.keys(config.id2label)).toHaveLength(3);
    expect(GPT2Config.toHf(config)).toMatchObject({ n_embd: 64, n_head: 4, model_type: 'gpt2', layer_norm_epsilon: 1e-5 });
  });

  it('rejects an attention pattern that does not cover every layer', () => {
    expect(() => GPT2Config.create({ nLayer: 4, attentionTypes: [[['global', 'local'], 1]], windowSize: 8 })).toThrow(/attention_types/);
    expect(() => GPT2Config.create({ nLayer: 2, attentionTypes: [[['global', 'local'], 1]] })).toThrow(/window_size/);
  });
});

describe('OpenAIGPTConfig', () => {
  it('defaults to GPT-1 with the tanh GELU name', () => {
    const config = OpenAIGPTConfig.create({});
    expect([config.afn, config.nLayer, config.nEmbd]).toEqual(['gelu', 12, 768]);
  });
});
