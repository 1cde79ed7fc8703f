import { beforeAll, expect, it } from 'vitest';
import { tf, type Tensor } from '@pretrain/core';
import { directorySource } from '@pretrain/core/node';
import { describeShared, expectOutputsMatch, hfTinyTensors, inputTensor, readHfTinyCase, setupTestBackend, type HfTinyTensors } from '@pretrain/testing';
import { loadBert } from './checkpoint.js';
import type { BertArchitecture } from './presets.js';

beforeAll(async () => {
  await setupTestBackend();
});

/** The base outputs every fixture lists. */
const baseKeys = { lastHiddenState: 'last_hidden_state', hiddenStates: 'hidden_states', attentions: 'attentions' };
const allOutputs = { outputHiddenStates: true, outputAttentions: true };

const labelNames = { labels: 'labels', start_positions: 'startPositions', end_positions: 'endPositions' } as const;

/**
 * Loads hf-tiny `folder` as `architecture`, runs it on the fixture's inputs and labels with every output on
 * (the head adds its loss, as Hugging Face's forward does) and compares the base outputs, `keys` and the loss with expected.json.
 */
async function expectTaskParity(folder: string, architecture: BertArchitecture, labelFields: (keyof typeof labelNames)[], keys: Record<string, string>): Promise<void> {
  const fixture = readHfTinyCase(folder);
  const loaded = await loadBert(directorySource(fixture.directory), { architecture, strict: true });
  const inputs: HfTinyTensors = hfTinyTensors(fixture.inputs);
  const labels = Object.fromEntries(labelFields.map((field) => [labelNames[field], inputTensor(fixture.inputs, field)]));
  const forward = loaded.model.forward as (inputs: object, options: object) => { loss?: Tensor };
  const outputs = tf.tidy(() => forward.call(loaded.model, { ...inputs, ...labels }, allOutputs) as unknown as tf.TensorContainer) as unknown as Record<string, unknown>;
  try {
    expect(outputs.loss).toBeDefined();
    await expectOutputsMatch(outputs, fixture.expected, { ...baseKeys, ...keys, loss: 'loss' });
  } finally {
    tf.dispose([outputs as tf.TensorContainer, ...Object.values(inputs), ...Object.values(labels)]);
    loaded.model.dispose();
  }
}

describeShared('BERT task heads on hf-tiny', () => {
  it('BertForSequenceClassification reproduces logits and returns the cross-entropy loss for labels (bert-seqcls)', async () => {
    await expectTaskParity('bert-seqcls', 'BertForSequenceClassification', ['labels'], { logits: 'logits' });
  });

  it('BertForTokenClassification reproduces per-token logits and returns the loss over labelled tokens (bert-tokcls)', async () => {
    await expectTaskParity('bert-tokcls', 'BertForTokenClassification', ['labels'], { logits: 'logits' });
  });

  it('BertForQuestionAnswering reproduces start/end logits and returns the span loss (bert-qa)', async () => {
    await expectTaskParity('bert-qa', 'BertForQuestionAnswering', ['start_positions', 'end_positions'], { startLogits: 'start_logits', endLogits: 'end_logits' });
  });
});
