import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BertConfig, buildBert, saveBert, type BertArchitecture } from '@pretrain/bert';
import { Rng, tf } from '@pretrain/core';
import { directoryTarget } from '@pretrain/core/node';
import { setupTestBackend, describeShared } from '@pretrain/testing';
import { bertFromVocab } from '@pretrain/tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { AutoModel, AutoModelForCausalLM, AutoModelForMaskedLM, AutoModelForMultipleChoice, AutoModelForPreTraining, AutoModelForQuestionAnswering, AutoModelForSequenceClassification, AutoModelForTokenClassification, pipeline } from './node/index.js';

const hfTiny = resolve(process.env.PRETRAIN_SHARED ?? resolve(fileURLToPath(import.meta.url), '..', '..', '..', '..', '..', 'shared'), 'fixtures', 'hf-tiny');
const words = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'cat', 'sat', 'on', 'mat', 'a', 'dog', 'ran', 'who', '?', '.', 'paris', 'is', 'in', 'france'];

/** A tiny randomly initialised BERT of `architecture` saved with a tokenizer.json, as `pretrain` writes them. */
async function tinyModel(architecture: BertArchitecture, labels = ['NEG', 'POS']): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), `auto-${architecture}-`));
  const config = BertConfig.create({
    vocabSize: words.length, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 20, maxPositionEmbeddings: 32,
    id2label: Object.fromEntries(labels.map((label, index) => [String(index), label])), label2id: Object.fromEntries(labels.map((label, index) => [label, index])),
  });
  const model = buildBert(architecture, config, Rng.fromSeed(3));
  await saveBert(model, architecture, directoryTarget(directory));
  model.dispose();
  writeFileSync(join(directory, 'tokenizer.json'), JSON.stringify(bertFromVocab(new Map(words.map((word, id) => [word, id]))).toJSON()));
  return directory;
}

beforeAll(async () => {
  await setupTestBackend();
});

describe('pipeline', () => {
  it('fill-mask ranks the vocabulary at the [MASK] position, as the model’s own logits do', async () => {
    const fill = await pipeline('fill-mask', await tinyModel('BertForMaskedLM'));
    const results = await fill('the cat sat on the [MASK] .', { topK: 3 });
    expect(results).toHaveLength(3);
    expect(results[0]!.score).toBeGreaterThanOrEqual(results[1]!.score);
    const encoding = fill.tokenizer.encode('the cat sat on the [MASK] .');
    const logits = tf.tidy(() => (fill.model.model as unknown as { forward: (inputs: { inputIds: tf.Tensor }) => { logits: tf.Tensor } }).forward({ inputIds: tf.tensor2d([encoding.ids], undefined, 'int32') }).logits);
    const row = (await logits.array()) as number[][][];
    logits.dispose();
    const atMask = row[0]![encoding.ids.indexOf(4)]!;
    expect(results[0]!.token).toBe(atMask.indexOf(Math.max(...atMask)));
    expect(results[0]!.sequence).toBe(`the cat sat on the ${results[0]!.tokenStr}.`); // the WordPiece decoder joins punctuation
    fill.dispose();
  });

  it('text-classification returns a label of id2label with its probability', async () => {
    const classify = await pipeline('text-classification', await tinyModel('BertForSequenceClassification'));
    const result = await classify('the dog ran', 'a cat sat');
    expect(['NEG', 'POS']).toContain(result.label);
    expect(result.score).toBeGreaterThanOrEqual(0.5);
    classify.dispose();
  });

  it('token-classification tags every word piece with character offsets', async () => {
    const tag = await pipeline('token-classification', await tinyModel('BertForTokenClassification', ['O', 'B-LOC', 'I-LOC']));
    const tokens = await tag('paris is in france');
    expect(tokens.map((token) => token.word)).toEqual(['paris', 'is', 'in', 'france']);
    expect(tokens[3]).toMatchObject({ start: 12, end: 18 });
    for (const token of tokens) expect(['O', 'B-LOC', 'I-LOC']).toContain(token.entity);
    tag.dispose();
  });

  it('question-answering returns a span of the context', async () => {
    const answer = await pipeline('question-answering', await tinyModel('BertForQuestionAnswering'));
    const context = 'the cat sat on the mat';
    const result = await answer({ question: 'who sat ?', context });
    expect(context.slice(result.start, result.end)).toBe(result.answer);
    expect(result.answer.length).toBeGreaterThan(0);
    answer.dispose();
  });

  it('feature-extraction returns one hidden vector per token', async () => {
    const extract = await pipeline('feature-extraction', await tinyModel('BertModel'));
    const features = await extract('the cat sat');
    expect(features).toHaveLength(5); // [CLS] the cat sat [SEP]
    expect(features[0]).toHaveLength(16);
    extract.dispose();
  });
});

describeShared('Auto classes on hf-tiny checkpoints', () => {
  it('AutoModel builds the class named by architectures', async () => {
    const loaded = await AutoModel.fromPretrained(join(hfTiny, 'bert-seqcls'));
    expect(loaded.architecture).toBe('BertForSequenceClassification');
    loaded.model.dispose();
  });

  it('AutoModelFor* choose the task class from model_type', async () => {
    const masked = await AutoModelForMaskedLM.fromPretrained(join(hfTiny, 'bert'));
    expect(masked.architecture).toBe('BertForMaskedLM');
    masked.model.dispose();
    const qa = await AutoModelForQuestionAnswering.fromPretrained(join(hfTiny, 'bert'));
    expect(qa.architecture).toBe('BertForQuestionAnswering');
    qa.model.dispose();
    const causal = await AutoModelForCausalLM.fromPretrained(join(hfTiny, 'gpt2'));
    expect(causal.architecture).toBe('GPT2LMHeadModel');
    causal.model.dispose();
    const sequence = await AutoModelForSequenceClassification.fromPretrained(join(hfTiny, 'openai-gpt'));
    expect(sequence.architecture).toBe('OpenAIGPTForSequenceClassification');
    sequence.model.dispose();
    const tagging = await AutoModelForTokenClassification.fromPretrained(join(hfTiny, 'gpt2')).catch((error: Error) => error);
    expect((tagging as Error).message).toContain('no TokenClassification class for model_type gpt2');
  });

  it('loads DistilBERT heads from a DistilBERT checkpoint', async () => {
    const loaded = await AutoModelForQuestionAnswering.fromPretrained(join(hfTiny, 'distilbert'));
    expect(loaded.architecture).toBe('DistilBertForQuestionAnswering');
    loaded.model.dispose();
  });

  it('names a task a family does not have', async () => {
    await expect(AutoModelForMultipleChoice.fromPretrained(join(hfTiny, 'gpt2'))).rejects.toThrow('no MultipleChoice class for model_type gpt2 (supported: bert, albert, electra, distilbert)');
  });
});

/** hf-tiny `folder` copied with a `vocab.txt` of `words` padded to the model's vocab_size, so pipelines find a tokenizer. */
function withVocabulary(folder: string): string {
  const directory = mkdtempSync(join(tmpdir(), `auto-${folder}-`));
  for (const file of ['config.json', 'model.safetensors']) copyFileSync(join(hfTiny, folder, file), join(directory, file));
  const { vocab_size: size } = JSON.parse(readFileSync(join(directory, 'config.json'), 'utf8')) as { vocab_size: number };
  const vocabulary = [...words, ...Array.from({ length: size - words.length }, (_, index) => `[unused${index}]`)];
  writeFileSync(join(directory, 'vocab.txt'), `${vocabulary.join('\n')}\n`);
  return directory;
}

describeShared('ALBERT, ELECTRA and DistilBERT through the Auto classes and pipelines (hf-tiny)', () => {
  it.each([
    ['albert', 'AutoModelForPreTraining', 'AlbertForPreTraining'],
    ['albert', 'AutoModelForTokenClassification', 'AlbertForTokenClassification'],
    ['electra-discriminator', 'AutoModelForPreTraining', 'ElectraForPreTraining'],
    ['electra-discriminator', 'AutoModelForMultipleChoice', 'ElectraForMultipleChoice'],
    ['electra-generator', 'AutoModelForMaskedLM', 'ElectraForMaskedLM'],
    ['electra-generator', 'AutoModel', 'ElectraForMaskedLM'],
    ['distilbert', 'AutoModelForSequenceClassification', 'DistilBertForSequenceClassification'],
    ['distilbert', 'AutoModelForPreTraining', 'DistilBertForMaskedLM'],
  ] as const)('%s → %s loads %s', async (folder, className, architecture) => {
    const autoClasses = { AutoModel, AutoModelForPreTraining, AutoModelForTokenClassification, AutoModelForMultipleChoice, AutoModelForMaskedLM, AutoModelForSequenceClassification };
    const loaded = await autoClasses[className].fromPretrained(join(hfTiny, folder));
    expect(loaded.architecture).toBe(architecture);
    loaded.model.dispose();
  });

  it.each(['albert', 'electra-generator', 'distilbert'])('fill-mask on %s ranks the vocabulary as the model’s logits at [MASK]', async (folder) => {
    const fill = await pipeline('fill-mask', withVocabulary(folder));
    const text = 'the cat sat on the [MASK] .';
    const [best] = await fill(text, { topK: 2 });
    const encoding = fill.tokenizer.encode(text);
    const forward = (fill.model.model as unknown as { forward: (inputs: { inputIds: tf.Tensor }) => { logits: tf.Tensor } }).forward.bind(fill.model.model);
    const logits = tf.tidy(() => forward({ inputIds: tf.tensor2d([encoding.ids], undefined, 'int32') }).logits);
    const atMask = ((await logits.array()) as number[][][])[0]![encoding.ids.indexOf(4)]!;
    logits.dispose();
    expect(best!.token).toBe(atMask.indexOf(Math.max(...atMask)));
    fill.dispose();
  });

  it.each(['albert', 'electra-discriminator', 'distilbert'])('feature-extraction, text-classification, token-classification and question-answering run on %s', async (folder) => {
    const directory = withVocabulary(folder);
    const extract = await pipeline('feature-extraction', directory);
    const features = await extract('the cat sat');
    expect(features).toHaveLength(5);
    expect(features[0]!.every(Number.isFinite)).toBe(true);
    extract.dispose();
    const classify = await pipeline('text-classification', directory);
    expect((await classify('the dog ran')).label).toMatch(/^LABEL_[01]$/);
    classify.dispose();
    const tag = await pipeline('token-classification', directory);
    expect((await tag('paris is in france')).map((token) => token.word)).toEqual(['paris', 'is', 'in', 'france']);
    tag.dispose();
    const answer = await pipeline('question-answering', directory);
    const context = 'the cat sat on the mat';
    const result = await answer({ question: 'who sat ?', context });
    expect(context.slice(result.start, result.end)).toBe(result.answer);
    answer.dispose();
  });
});
