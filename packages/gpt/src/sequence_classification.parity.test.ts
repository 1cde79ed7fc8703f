// The sequence-classification heads on hf-tiny's GPT weights. hf-tiny has no classification
// checkpoint for GPT, so the reference is PyTorch's `last_hidden_state` (expected.json) taken at
// the token Hugging Face picks (`argmax(ids == pad) − 1`, modulo the length) times `score`ᵀ.
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tf } from '@pretrain/core';
import { directorySource, directoryTarget } from '@pretrain/core/node';
import { describeShared, expectClose, setupTestBackend } from '@pretrain/testing';
import { loadGPT, saveGPT } from './checkpoint.js';
import type { GPT2ForSequenceClassification, OpenAIGPTForSequenceClassification } from './heads.js';
import { readFixture, type Fixture } from './parity.test-helper.js';

const numLabels = 3;

/** The id the fixture pads with (0 in openai-gpt, eos 599 in gpt2): the token under the first masked position. */
function padTokenIdOf(fixture: Fixture): number {
  for (const [row, mask] of fixture.inputs.attention_mask.entries()) {
    const position = mask.indexOf(0);
    if (position >= 0) return fixture.inputs.input_ids[row]![position]!;
  }
  throw new Error('the fixture has no padding');
}

/** Hugging Face's pick: the token before the first pad; a row without one uses its last token. */
function lastTokenIndex(row: number[], padTokenId: number): number {
  const firstPad = Math.max(0, row.indexOf(padTokenId));
  return (firstPad - 1 + row.length) % row.length;
}

function expectedLogits(fixture: Fixture, score: number[][]): number[][] {
  const hidden = fixture.expected.last_hidden_state as number[][][];
  return fixture.inputs.input_ids.map((row, index) => {
    const state = hidden[index]![lastTokenIndex(row, padTokenIdOf(fixture))]!;
    return score.map((weights) => weights.reduce((sum, weight, position) => sum + weight * state[position]!, 0));
  });
}

type Classifier = GPT2ForSequenceClassification | OpenAIGPTForSequenceClassification;

async function logitsOf(model: Classifier, fixture: Fixture): Promise<number[][]> {
  const logits = tf.tidy(() => {
    const inputIds = tf.tensor2d(fixture.inputs.input_ids, undefined, 'int32');
    const attentionMask = tf.tensor2d(fixture.inputs.attention_mask, undefined, 'int32');
    return model.forward({ inputIds, attentionMask }, { useCache: false }).logits;
  });
  const values = (await logits.array()) as number[][];
  logits.dispose();
  return values;
}

function classificationParity(folder: string, architecture: 'GPT2ForSequenceClassification' | 'OpenAIGPTForSequenceClassification'): void {
  let fixture: Fixture;
  let directory: string;
  let model: Classifier;
  let missingKeys: string[];

  beforeAll(async () => {
    await setupTestBackend();
    fixture = readFixture(folder);
    directory = await mkdtemp(join(tmpdir(), `gpt-seqcls-${folder}-`));
    const config = JSON.parse(readFileSync(join(fixture.directory, 'config.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(directory, 'config.json'), JSON.stringify({ ...config, architectures: [architecture], pad_token_id: padTokenIdOf(fixture), num_labels: numLabels }));
    await copyFile(join(fixture.directory, 'model.safetensors'), join(directory, 'model.safetensors'));
    const loaded = await loadGPT(directorySource(directory));
    model = loaded.model as Classifier;
    missingKeys = loaded.report.missingKeys;
  });

  afterAll(async () => {
    model?.dispose();
    await rm(directory, { recursive: true, force: true });
  });

  it('loads the base weights; only score.weight (no bias) is new', () => {
    expect(model.constructor.name).toBe(architecture);
    expect(missingKeys).toEqual(['score.weight']);
    expect(model.score.linear.namedParameters().map(([name]) => name)).toEqual(['weight']);
  });

  it("gives PyTorch's last hidden state at each row's last non-pad token times scoreᵀ", async () => {
    const score = (await model.score.linear.weight.value.array()) as number[][];
    expect(score.length).toBe(numLabels);
    expectClose((await logitsOf(model, fixture)).flat(), expectedLogits(fixture, score).flat(), `${architecture} logits`);
  });

  it('saves score.weight and loads back strictly to the same logits', async () => {
    const saved = join(directory, 'saved');
    await saveGPT(model, architecture, directoryTarget(saved));
    const reloaded = await loadGPT(directorySource(saved), { strict: true });
    expect(reloaded.architecture).toBe(architecture);
    expectClose((await logitsOf(reloaded.model as Classifier, fixture)).flat(), (await logitsOf(model, fixture)).flat(), 'reloaded logits');
    reloaded.model.dispose();
  });
}

describeShared('OpenAIGPTForSequenceClassification on hf-tiny openai-gpt weights', () => {
  classificationParity('openai-gpt', 'OpenAIGPTForSequenceClassification');
});

describeShared('GPT2ForSequenceClassification on hf-tiny gpt2 weights', () => {
  classificationParity('gpt2', 'GPT2ForSequenceClassification');
});
