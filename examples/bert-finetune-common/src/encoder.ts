// Where a fine-tuned model's encoder comes from: a tiny BERT pretrained here on
// the synthetic world's documents (or left at its initialisation: "from
// scratch"), or a Hugging Face BERT directory (config.json, model.safetensors,
// tokenizer.json or vocab.txt).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BertConfig, bertConventions, loadBert, saveBert, type AnyBertModel, type BertForPreTraining } from '@pretrain/bert';
import { loadPretrainedWeights, readConfig } from '@pretrain/core';
import { directorySource, directoryTarget, writeFileAtomic } from '@pretrain/core/node';
import type { Tokenizer } from '@pretrain/tokenizers';
import type { ProgressEvent } from '@pretrain/train';
import { Tokenizer as FileTokenizer } from '@pretrain/tokenizers/node';
import { pretrainBert, type PretrainSettings } from './pretrain.js';
import { vocabularyTokenizer } from './vocabulary.js';

export interface Encoder {
  tokenizer: Tokenizer;
  /** Encoder sizes; a task adds its labels with `BertConfig.with`. */
  config: BertConfig;
  /** Copies the pretrained encoder into a task model built from `config` (nothing for a from-scratch encoder). */
  initialise(model: AnyBertModel): Promise<void>;
  description: string;
  /** The pretraining's time and last loss (also when a kept run was reused); absent for an encoder not pretrained on the world. */
  pretraining?: PretrainingRecord | undefined;
  dispose(): void;
}

/** Encoder shape on the synthetic world: heads of 32 dimensions, intermediate size `intermediateMultiple` × hidden (default 2). */
export interface TinyShape {
  hiddenSize: number;
  layers: number;
  intermediateMultiple?: number;
}

/** The tiny shape used on the synthetic world (default L=2, H=64, A=2, I=128). */
export function tinyConfig(vocabSize: number, maxPositionEmbeddings: number, shape: TinyShape = { hiddenSize: 64, layers: 2 }): BertConfig {
  const { hiddenSize, layers, intermediateMultiple = 2 } = shape;
  if (hiddenSize % 32 !== 0) throw new Error(`hiddenSize ${hiddenSize}: must be a multiple of 32 (heads of 32 dimensions)`);
  if (!Number.isInteger(intermediateMultiple) || intermediateMultiple < 1) throw new Error(`intermediateMultiple ${intermediateMultiple}: must be a positive integer`);
  return BertConfig.create({ vocabSize, hiddenSize, numHiddenLayers: layers, numAttentionHeads: hiddenSize / 32, intermediateSize: intermediateMultiple * hiddenSize, maxPositionEmbeddings });
}

export interface WorldEncoderOptions {
  documents: readonly (readonly string[])[];
  /** Texts the vocabulary is counted from besides the documents (the task's own examples). */
  extraTexts?: readonly string[];
  vocabularySize: number;
  shape?: TinyShape;
  /** `steps: 0` leaves the encoder at its initialisation. */
  pretraining: PretrainSettings;
  /** Called with the pretrained model (MLM head included) before its encoder is kept. */
  afterPretraining?: (model: BertForPreTraining, tokenizer: Tokenizer) => Promise<void>;
  /**
   * Keeps the pretrained model in `directory` (Hugging Face layout plus
   * `pretraining.json`) and reuses it when the directory already holds a run
   * with the same `key`, so fine-tuning protocols can be compared on one
   * pretraining. A directory holding another key is an error, never overwritten.
   */
  checkpoint?: { directory: string; key: Record<string, unknown> };
}

/** What `pretraining.json` records beside a kept pretrained model. */
export interface PretrainingRecord {
  key: Record<string, unknown>;
  /** The pretraining's own time, and its last step's loss and MLM accuracy. */
  seconds: number;
  finalLoss?: number | undefined;
  finalMlmAccuracy?: number | undefined;
  /** True when read back from a kept run rather than pretrained by this call. */
  reused?: boolean;
}

const recordFile = 'pretraining.json';

/** The kept run in `directory` when its key matches, `undefined` when there is none; throws on a different key. */
function keptPretraining(directory: string, key: Record<string, unknown>): PretrainingRecord | undefined {
  const path = join(directory, recordFile);
  if (!existsSync(path)) return undefined;
  const record = JSON.parse(readFileSync(path, 'utf8')) as PretrainingRecord;
  if (JSON.stringify(record.key) !== JSON.stringify(key)) {
    throw new Error(`${path}: kept pretraining has key ${JSON.stringify(record.key)}, this run needs ${JSON.stringify(key)}; use another --checkpoints directory`);
  }
  return record;
}

/** Pretrains, or reads back the kept run. */
async function pretrainedModel(options: WorldEncoderOptions, tokenizer: Tokenizer, config: BertConfig): Promise<{ model: BertForPreTraining; record: PretrainingRecord }> {
  const kept = options.checkpoint;
  const found = kept && keptPretraining(kept.directory, kept.key);
  if (kept && found) {
    const { model } = await loadBert(directorySource(kept.directory), { architecture: 'BertForPreTraining', strict: true });
    return { model, record: { ...found, reused: true } };
  }
  const started = Date.now();
  const last: { loss?: number; mlmAccuracy?: number } = {};
  const onProgress = (event: ProgressEvent) => {
    if (event.kind === 'step') Object.assign(last, { loss: event.loss, mlmAccuracy: event.metrics.mlmAccuracy });
    options.pretraining.onProgress?.(event);
  };
  const model = await pretrainBert(options.documents, tokenizer, config, { ...options.pretraining, onProgress });
  const record: PretrainingRecord = { key: kept?.key ?? {}, seconds: (Date.now() - started) / 1000, finalLoss: last.loss, finalMlmAccuracy: last.mlmAccuracy };
  if (kept) {
    try {
      // The record is written last: a directory without it holds no finished run.
      await saveBert(model, 'BertForPreTraining', directoryTarget(kept.directory));
      await writeFileAtomic(join(kept.directory, recordFile), new TextEncoder().encode(`${JSON.stringify(record, null, 1)}\n`));
    } catch (error) {
      model.dispose();
      throw error;
    }
  }
  return { model, record: { ...record, reused: false } };
}

export async function worldEncoder(options: WorldEncoderOptions): Promise<Encoder> {
  const tokenizer = vocabularyTokenizer([...options.documents.flat(), ...(options.extraTexts ?? [])], options.vocabularySize);
  const config = tinyConfig(tokenizer.vocabSize, Math.max(128, options.pretraining.maxSeqLength), options.shape);
  const { steps, maskingRate } = options.pretraining;
  const run = steps > 0 ? await pretrainedModel(options, tokenizer, config) : undefined;
  const pretrained = run?.model;
  if (pretrained && options.afterPretraining) await options.afterPretraining(pretrained, tokenizer);
  const encoderWeights = pretrained ? new Map([...pretrained.stateDict()].filter(([path]) => path.startsWith('bert.'))) : undefined;
  return {
    tokenizer,
    config,
    async initialise(model) {
      if (encoderWeights) model.loadStateDict(encoderWeights, { strict: false });
    },
    description: pretrained ? `tiny BERT pretrained ${run.record.reused ? `earlier (kept in ${options.checkpoint!.directory})` : 'here'} (MLM k=${maskingRate} + NSP, ${steps} steps)` : 'tiny BERT from scratch (random initialisation)',
    pretraining: run?.record,
    dispose: () => pretrained?.dispose(),
  };
}

/** A Hugging Face BERT directory: its tokenizer, its sizes, its weights (any BERT class; task heads start fresh). */
export async function checkpointEncoder(directory: string): Promise<Encoder> {
  const source = directorySource(directory);
  const config = BertConfig.fromHf(await readConfig(source));
  const tokenizer = FileTokenizer.fromPretrained(directory) as Tokenizer;
  return {
    tokenizer,
    config,
    async initialise(model) {
      await loadPretrainedWeights(model, source, bertConventions);
    },
    description: `checkpoint ${directory}`,
    dispose: () => undefined,
  };
}

/** For a user's files: the checkpoint when given, else a tiny BERT from scratch over a vocabulary counted from `texts`. */
export function userEncoder(texts: readonly string[], modelDirectory: string | undefined, maxSeqLength: number, seed: number): Promise<Encoder> {
  if (modelDirectory) return checkpointEncoder(modelDirectory);
  return worldEncoder({ documents: [], extraTexts: texts, vocabularySize: 8000, pretraining: { steps: 0, maskingRate: 0.15, maxSeqLength, batchSize: 1, learningRate: 0, seed } });
}
