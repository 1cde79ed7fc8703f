// The synthetic world (@pretrain/data/synthetic) as fine-tuning data for the
// four task types, and a tiny BERT pretrained on its documents (or not).
import type { AnyBertModel, BertForPreTraining } from '@pretrain/bert';
import type { Tokenizer } from '@pretrain/tokenizers';
import type { SquadExample } from '@pretrain/tasks';
import { generateSyntheticWorld, type SyntheticWorld, type SyntheticWorldConfig } from '@pretrain/data/synthetic';
import type { ProgressEvent } from '@pretrain/train';
import type { EncodedRow } from './batches.js';
import { worldEncoder, type Encoder } from './encoder.js';
import type { FinetuneTask } from './finetune.js';
import { sequenceRows, sequenceTask, spanSplit, spanTask, taggingRows, taggingSplit, taggingTask } from './tasks.js';

export type WorldTaskName = 'classification' | 'entailment' | 'questionAnswering' | 'tagging';
export const worldTaskNames: readonly WorldTaskName[] = ['classification', 'entailment', 'questionAnswering', 'tagging'];

export interface WorldRun {
  smoke?: boolean;
  seed?: number;
  /** Pretraining steps before fine-tuning; 0 fine-tunes from scratch. */
  pretrainSteps?: number;
  maskingRate?: number;
  world?: Partial<SyntheticWorldConfig>;
  /** Every size at once (default `worldSizes(smoke)`); the evidence script sets them from its flags. */
  sizes?: WorldSizes;
  onProgress?: (event: ProgressEvent) => void;
  /** Called with the pretrained model before fine-tuning (the evidence's fact probe). */
  afterPretraining?: (model: BertForPreTraining, tokenizer: Tokenizer, world: SyntheticWorld) => Promise<void>;
  /** Keep the pretrained model in this directory and reuse it on a later run with the same world, sizes and rate. */
  checkpointDirectory?: string;
}

export interface WorldSizes {
  world: Partial<SyntheticWorldConfig>;
  vocabularySize: number;
  maxSeqLength: number;
  /** Encoder shape: hidden size (heads of 32 dimensions), layers; the intermediate size is `intermediateMultiple` × hidden. */
  hiddenSize: number;
  layers: number;
  intermediateMultiple: number;
  pretrainSteps: number;
  pretrainBatchSize: number;
  pretrainLearningRate: number;
  epochs: number;
  batchSize: number;
  /** Tiny models from a short pretraining need larger steps than BERT-base: the BERT grid × this. */
  learningRateScale: number;
}

/** Sizes: `smoke` runs in seconds; the default is what the evidence uses on a 2-core machine. */
export function worldSizes(smoke: boolean): WorldSizes {
  return {
    world: smoke ? { entities: 40, documents: 120 } : { entities: 160, documents: 640 },
    hiddenSize: 64,
    layers: 2,
    intermediateMultiple: 2,
    vocabularySize: smoke ? 1000 : 3000,
    maxSeqLength: smoke ? 48 : 64,
    pretrainSteps: smoke ? 20 : 400,
    pretrainBatchSize: smoke ? 16 : 32,
    pretrainLearningRate: 2e-3,
    epochs: smoke ? 1 : 3,
    batchSize: 16,
    learningRateScale: 20,
  };
}

/** What a pretraining depends on: the world, the encoder's shape, the pretraining settings (not the fine-tuning's). */
function pretrainingKey(seed: number, maskingRate: number, sizes: WorldSizes, world: Partial<SyntheticWorldConfig> | undefined): Record<string, unknown> {
  const { epochs: _epochs, batchSize: _batchSize, learningRateScale: _scale, ...pretraining } = sizes;
  return { seed, maskingRate, ...pretraining, world: { ...sizes.world, ...world } };
}

export function worldDocuments(world: SyntheticWorld): string[][] {
  return world.documents.map((document) => document.sentences.map((sentence) => sentence.text));
}

export async function worldSetup(run: WorldRun): Promise<{ world: SyntheticWorld; encoder: Encoder }> {
  const sizes = run.sizes ?? worldSizes(run.smoke ?? false);
  const seed = run.seed ?? 0;
  const world = generateSyntheticWorld({ ...sizes.world, ...run.world, seed });
  const documents = worldDocuments(world);
  const tasks = world.tasks;
  const taskTexts = (['train', 'dev', 'test'] as const).flatMap((split) => [
    ...tasks.classification.examples[split].map((example) => example.text),
    ...tasks.entailment.examples[split].flatMap((example) => [example.premise, example.hypothesis]),
    ...tasks.questionAnswering.examples[split].flatMap((example) => [example.question, example.context]),
    ...tasks.tagging.examples[split].map((example) => example.tokens.join(' ')),
  ]);
  const encoder = await worldEncoder({
    documents,
    extraTexts: taskTexts,
    vocabularySize: sizes.vocabularySize,
    shape: { hiddenSize: sizes.hiddenSize, layers: sizes.layers, intermediateMultiple: sizes.intermediateMultiple },
    pretraining: {
      steps: run.pretrainSteps ?? sizes.pretrainSteps,
      maskingRate: run.maskingRate ?? 0.15,
      maxSeqLength: sizes.maxSeqLength,
      batchSize: sizes.pretrainBatchSize,
      learningRate: sizes.pretrainLearningRate,
      seed,
      onProgress: run.onProgress,
    },
    afterPretraining: run.afterPretraining && ((model, tokenizer) => run.afterPretraining!(model, tokenizer, world)),
    checkpoint: run.checkpointDirectory === undefined ? undefined : { directory: run.checkpointDirectory, key: pretrainingKey(seed, run.maskingRate ?? 0.15, sizes, run.world) },
  });
  return { world, encoder };
}

const squadOf = (example: SyntheticWorld['tasks']['questionAnswering']['examples']['train'][number]): SquadExample => ({
  id: example.id,
  question: example.question,
  context: example.context,
  answers: example.answers.map((answer) => ({ text: answer.text, start: answer.answerStart })),
  isImpossible: false,
  path: example.id,
});

/** Training rows and the task (scored on dev and test) for one of the world's four task types. */
export function worldTask(name: WorldTaskName, world: SyntheticWorld, encoder: Encoder, maxLength: number): { train: EncodedRow[]; task: FinetuneTask<AnyBertModel> } {
  const { tokenizer } = encoder;
  const tasks = world.tasks;
  if (name === 'classification' || name === 'entailment') {
    const rows = (split: 'train' | 'dev' | 'test') =>
      name === 'classification'
        ? sequenceRows(tokenizer, tasks.classification.examples[split].map((example) => ({ text: example.text, label: example.label })), maxLength)
        : sequenceRows(tokenizer, tasks.entailment.examples[split].map((example) => ({ text: example.premise, pair: example.hypothesis, label: example.label })), maxLength);
    const labels = name === 'classification' ? tasks.classification.labels : tasks.entailment.labels;
    return { train: rows('train'), task: sequenceTask(encoder, labels, { dev: rows('dev'), test: rows('test') }) };
  }
  if (name === 'questionAnswering') {
    const split = (which: 'train' | 'dev' | 'test') => spanSplit(tokenizer, tasks.questionAnswering.examples[which].map(squadOf), maxLength * 2, maxLength);
    const train = split('train').features.map((feature) => ({ ...feature }));
    return { train, task: spanTask(encoder, { dev: split('dev'), test: split('test') }) };
  }
  const labelNames = tasks.tagging.labels;
  const split = (which: 'train' | 'dev' | 'test') => taggingSplit(tokenizer, tasks.tagging.examples[which].map((example) => ({ words: example.tokens, tags: example.tags })), labelNames, maxLength);
  return { train: taggingRows(split('train')), task: taggingTask(encoder, labelNames, { dev: split('dev'), test: split('test') }) };
}
