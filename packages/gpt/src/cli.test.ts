import { describe, expect, it, beforeAll } from 'vitest';
import { Rng, tf, type Tensor } from '@pretrain/core';
import { setupTestBackend } from '@pretrain/testing';
import { gptCli } from './cli.js';
import { GPT2Config } from './config.js';
import { GPT2DoubleHeadsModel, GPT2ForSequenceClassification } from './heads.js';
import { doubleHeadsLoss, sequenceClassificationLoss } from './losses.js';

const config = GPT2Config.create({ vocabSize: 57, nPositions: 16, nEmbd: 24, nLayer: 2, nHead: 3, padTokenId: 0, id2label: { 0: 'no', 1: 'yes', 2: 'maybe' } });
const ids = [[5, 17, 40, 3, 0], [9, 2, 0, 0, 0]];
const mask = [[1, 1, 1, 1, 0], [1, 1, 0, 0, 0]];

beforeAll(async () => {
  await setupTestBackend();
});

/** `gptCli.outputs` on a fresh batch, read back: every output and the loss, as `pretrain forward` writes them. */
async function outputsOf(model: GPT2ForSequenceClassification | GPT2DoubleHeadsModel, architecture: string, labels: Tensor): Promise<Record<string, unknown>> {
  const outputs = tf.tidy(() => {
    const batch = { inputIds: tf.tensor2d(ids, undefined, 'int32'), attentionMask: tf.tensor2d(mask, undefined, 'int32'), labels };
    return gptCli.outputs(model, architecture, batch) as tf.TensorContainer;
  }) as Record<string, Tensor | Tensor[]>;
  const values = Object.fromEntries(await Promise.all(Object.entries(outputs).map(async ([name, value]) => [name, Array.isArray(value) ? value.length : await value.array()])));
  tf.dispose(outputs as tf.TensorContainer);
  return values;
}

describe('gptCli', () => {
  it('gives sequence-classification logits and the loss Hugging Face would return', async () => {
    const model = new GPT2ForSequenceClassification(config, Rng.fromSeed(1));
    model.eval();
    const outputs = await outputsOf(model, 'GPT2ForSequenceClassification', tf.tensor1d([2, 0], 'int32'));
    expect(Object.keys(outputs).filter((name) => name !== 'pastKeyValues').sort()).toEqual(['attentions', 'hiddenStates', 'lastHiddenState', 'logits', 'loss']);
    const expected = tf.tidy(() => sequenceClassificationLoss(tf.tensor2d(outputs.logits as number[][]), tf.tensor1d([2, 0], 'int32')));
    expect(outputs.loss).toBeCloseTo((await expected.data())[0]!, 6);
    tf.dispose(expected);
    model.dispose();
  });

  it('runs the double-heads model on [B, L] rows with its LM loss', async () => {
    const model = new GPT2DoubleHeadsModel(config, Rng.fromSeed(2));
    model.eval();
    const labels = [[5, 17, 40, 3, -100], [9, 2, -100, -100, -100]];
    const outputs = await outputsOf(model, 'GPT2DoubleHeadsModel', tf.tensor2d(labels, undefined, 'int32'));
    expect((outputs.mcLogits as number[]).length).toBe(2);
    const expected = tf.tidy(() => {
      const forward = model.forwardChoices({ inputIds: tf.tensor3d([ids], undefined, 'int32'), attentionMask: tf.tensor3d([mask], undefined, 'int32') });
      return doubleHeadsLoss(forward, { lmLabels: tf.tensor3d([labels], undefined, 'int32') }).lmLoss!;
    });
    expect(outputs.lmLoss).toBeCloseTo((await expected.data())[0]!, 6);
    expected.dispose();
    model.dispose();
  });

  it('counts parameters from the config and reports presets', () => {
    const model = new GPT2ForSequenceClassification(config, Rng.fromSeed(3));
    expect(gptCli.numParameters(GPT2Config.toHf(config), 'GPT2Model')).toBe(model.transformer.numParameters());
    model.dispose();
    const info = gptCli.presetInfo('openai-gpt');
    expect([info.architecture, info.numParameters, info.config.model_type]).toEqual(['OpenAIGPTModel', 116_534_784, 'openai-gpt']);
  });
});
