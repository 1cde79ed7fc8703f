// Every encoder family's task heads return Hugging Face's loss when labels are given: the loss is
// recomputed here in plain numbers from the logits the same forward returned.
import { AlbertConfig, buildAlbert, type AlbertArchitecture } from '@pretrain/albert';
import { BertConfig, buildBert, type BertArchitecture } from '@pretrain/bert';
import { Rng, tf, type Module, type Tensor } from '@pretrain/core';
import { buildDistilBert, DistilBertConfig, type DistilBertArchitecture } from '@pretrain/distilbert';
import { buildElectra, ElectraConfig, type ElectraArchitecture } from '@pretrain/electra';
import { setupTestBackend } from '@pretrain/testing';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await setupTestBackend();
});

type Build = (head: string, json: Record<string, unknown>) => Module;

const shape = { vocab_size: 30, hidden_size: 16, embedding_size: 8, num_attention_heads: 2, intermediate_size: 20, num_hidden_layers: 1, max_position_embeddings: 16, hidden_dropout_prob: 0, attention_probs_dropout_prob: 0 };
const distilShape = { vocab_size: 30, dim: 16, n_heads: 2, hidden_dim: 20, n_layers: 1, max_position_embeddings: 16, dropout: 0, attention_dropout: 0 };
const rng = () => Rng.fromSeed(5);

const families: Array<[string, string, Build]> = [
  ['bert', 'Bert', (head, json) => buildBert(`Bert${head}` as BertArchitecture, BertConfig.fromHf({ ...shape, ...json }), rng())],
  ['albert', 'Albert', (head, json) => buildAlbert(`Albert${head}` as AlbertArchitecture, AlbertConfig.fromHf({ ...shape, ...json }), rng())],
  ['electra', 'Electra', (head, json) => buildElectra(`Electra${head}` as ElectraArchitecture, ElectraConfig.fromHf({ ...shape, ...json }), rng())],
  ['distilbert', 'DistilBert', (head, json) => buildDistilBert(`DistilBert${head}` as DistilBertArchitecture, DistilBertConfig.fromHf({ ...distilShape, ...json }), rng())],
];

/** −log softmax(row)[target]. */
function crossEntropy(row: number[], target: number): number {
  const max = Math.max(...row);
  return Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0)) + max - row[target]!;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const ids = [[2, 7, 9, 11, 3], [2, 5, 6, 3, 0]];

/** Runs `model` on `inputs` (tensors made here) and reads back every output. */
async function run(model: Module, inputs: Record<string, { values: unknown; dtype: 'int32' | 'float32' }>): Promise<Record<string, unknown>> {
  model.eval();
  const forward = (model as unknown as { forward: (inputs: Record<string, Tensor>) => Record<string, Tensor> }).forward.bind(model);
  const outputs = tf.tidy(() => {
    const tensors = Object.fromEntries(Object.entries(inputs).map(([name, { values, dtype }]) => [name, tf.tensor(values as number[], undefined, dtype)]));
    const { logits, startLogits, endLogits, loss } = forward(tensors);
    return Object.fromEntries(Object.entries({ logits, startLogits, endLogits, loss }).filter(([, tensor]) => tensor !== undefined)) as Record<string, Tensor>;
  });
  const values = Object.fromEntries(await Promise.all(Object.entries(outputs).map(async ([name, tensor]) => [name, await tensor.array()])));
  tf.dispose(Object.values(outputs));
  model.dispose();
  return values;
}

describe.each(families)('%s task heads return the loss for the labels given', (_, prefix, build) => {
  it(`${prefix}ForSequenceClassification: cross-entropy for class labels, BCE for problem_type multi_label_classification`, async () => {
    const single = await run(build('ForSequenceClassification', { num_labels: 3 }), { inputIds: { values: ids, dtype: 'int32' }, labels: { values: [2, 0], dtype: 'int32' } });
    const logits = single.logits as number[][];
    expect(single.loss).toBeCloseTo(mean([crossEntropy(logits[0]!, 2), crossEntropy(logits[1]!, 0)]), 5);
    const targets = [[1, 0, 1], [0, 1, 0]];
    const multi = await run(build('ForSequenceClassification', { num_labels: 3, problem_type: 'multi_label_classification' }), { inputIds: { values: ids, dtype: 'int32' }, labels: { values: targets, dtype: 'float32' } });
    const bce = (multi.logits as number[][]).flatMap((row, i) => row.map((x, j) => Math.max(x, 0) - x * targets[i]![j]! + Math.log1p(Math.exp(-Math.abs(x)))));
    expect(multi.loss).toBeCloseTo(mean(bce), 5);
  });

  it(`${prefix}ForTokenClassification: cross-entropy over the tokens not labelled −100`, async () => {
    const labels = [[-100, 1, 0, 1, -100], [-100, 0, 0, -100, -100]];
    const outputs = await run(build('ForTokenClassification', { num_labels: 2 }), { inputIds: { values: ids, dtype: 'int32' }, labels: { values: labels, dtype: 'int32' } });
    const logits = outputs.logits as number[][][];
    const terms = labels.flatMap((row, b) => row.flatMap((label, t) => (label === -100 ? [] : [crossEntropy(logits[b]![t]!, label)])));
    expect(outputs.loss).toBeCloseTo(mean(terms), 5);
  });

  it(`${prefix}ForQuestionAnswering: start and end cross-entropy, positions past the end ignored`, async () => {
    const outputs = await run(build('ForQuestionAnswering', {}), {
      inputIds: { values: ids, dtype: 'int32' }, startPositions: { values: [1, 40], dtype: 'int32' }, endPositions: { values: [3, 2], dtype: 'int32' },
    });
    const [start, end] = [outputs.startLogits as number[][], outputs.endLogits as number[][]];
    const expected = (crossEntropy(start[0]!, 1) + mean([crossEntropy(end[0]!, 3), crossEntropy(end[1]!, 2)])) / 2;
    expect(outputs.loss).toBeCloseTo(expected, 5);
  });

  it(`${prefix}ForMultipleChoice: cross-entropy over the choices; no labels, no loss`, async () => {
    const choices = [ids, [[2, 8, 8, 3, 0], [2, 4, 3, 0, 0]]];
    const outputs = await run(build('ForMultipleChoice', {}), { inputIds: { values: choices, dtype: 'int32' }, labels: { values: [1, 0], dtype: 'int32' } });
    const logits = outputs.logits as number[][];
    expect(outputs.loss).toBeCloseTo(mean([crossEntropy(logits[0]!, 1), crossEntropy(logits[1]!, 0)]), 5);
    expect(await run(build('ForMultipleChoice', {}), { inputIds: { values: choices, dtype: 'int32' } })).not.toHaveProperty('loss');
  });
});
