// Messages between the page (main.ts) and the training worker (worker.ts).
import type { BackendInfo } from '@pretrain/core';

export type BackendRequest = 'webgpu' | 'wasm' | 'cpu' | 'auto';

/** GPT-2 trained by next-token prediction, or BERT trained by masked-token prediction. */
export type ModelKind = 'gpt' | 'bert';

/** Byte-level BPE (GPT-2's scheme) or WordPiece (BERT's). */
export type VocabularyKind = 'bpe' | 'wordpiece';

export interface ModelSettings {
  kind: ModelKind;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  /** Context length (n_positions); training windows are this long. */
  nPositions: number;
}

export interface TrainSettings {
  text: string;
  model: ModelSettings;
  batchSize: number;
  learningRate: number;
  /** Steps between checkpoints in OPFS (0: none). */
  checkpointEvery: number;
  /** Continue from the newest OPFS checkpoint instead of a fresh model. */
  resume: boolean;
  seed: number;
}

export interface SampleSettings {
  prompt: string;
  maxNewTokens: number;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
}

export interface FillMaskSettings {
  /** A sentence with one or more `[MASK]`. */
  text: string;
  topK: number;
}

/** The `topK` most likely tokens at one `[MASK]`, most likely first. */
export interface MaskPrediction {
  /** The index of the `[MASK]` in the sentence (0 for the first). */
  mask: number;
  candidates: { token: string; probability: number }[];
}

export type Request =
  | { kind: 'init'; backend: BackendRequest; wasmPaths: string; threads?: number }
  | { kind: 'vocabulary'; text: string; vocabSize: number; vocabulary: VocabularyKind; model: ModelKind }
  | { kind: 'train'; settings: TrainSettings }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'generate'; settings: SampleSettings }
  | { kind: 'fill-mask'; settings: FillMaskSettings }
  | { kind: 'download'; step: number }
  | { kind: 'load-url'; url: string };

export type TrainingState = 'idle' | 'training' | 'paused' | 'finished';

export type Event =
  | { kind: 'ready'; info: BackendInfo }
  | { kind: 'vocabulary'; vocabulary: VocabularyKind; vocabSize: number; example: string[] }
  | { kind: 'state'; state: TrainingState; message: string }
  | { kind: 'step'; step: number; loss: number; tokensPerSecond: number; stepsPerSecond: number }
  | { kind: 'checkpoints'; steps: number[] }
  | { kind: 'text'; delta: string; done: boolean }
  | { kind: 'fill-mask'; predictions: MaskPrediction[] }
  | { kind: 'download'; step: number; zip: Uint8Array }
  | { kind: 'loaded'; model: ModelKind; description: string; parameters: number }
  | { kind: 'error'; message: string };
