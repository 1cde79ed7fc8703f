// The tables that the model families, the tokenizers and the backends fill in.
// Each entry is a lazy import, so `pretrain --help` loads no tensor library.
import type { BackendChoice } from './args.js';
import { architectureFamilies, type FamilyName } from '@pretrain/auto/table';
import { familyHandler, familyPreset } from './family_handler.js';

/** Inputs of `pretrain forward`, under Hugging Face's names, as nested lists. */
/** `[batch, length]`, or `[batch, choices, length]` for the *ForMultipleChoice heads. */
export type TokenGrid = number[][] | number[][][];

export interface ForwardInputs {
  input_ids: TokenGrid;
  attention_mask?: TokenGrid;
  token_type_ids?: TokenGrid;
  position_ids?: TokenGrid;
  labels?: number[] | number[][];
  next_sentence_label?: number[];
  sentence_order_label?: number[];
  start_positions?: number[];
  end_positions?: number[];
}

export interface RunSettings {
  backend: BackendChoice;
  seed: number;
}

export interface ForwardRequest extends RunSettings {
  modelDir: string;
  config: Record<string, unknown>;
  inputs: ForwardInputs;
}

export interface GenerateRequest extends RunSettings {
  modelDir: string;
  config: Record<string, unknown>;
  inputIds: number[][];
  maxNewTokens: number;
  greedy: boolean;
  temperature: number;
  topK: number;
  topP: number;
}

export interface GenerateResult {
  output_ids: number[][];
  new_token_ids: number[][];
}

/** What a model family provides for one `architectures` entry of a config.json. */
export interface ArchitectureHandler {
  /** Every output the class produces, as nested lists under Hugging Face's names. */
  forward(request: ForwardRequest): Promise<Record<string, unknown>>;
  generate?(request: GenerateRequest): Promise<GenerateResult>;
  /** Parameter count computed from the config alone, without allocating weights. */
  numParameters(config: Record<string, unknown>): number;
}

export interface PresetInfo {
  family: string;
  architecture: string;
  config: Record<string, unknown>;
  numParameters: number;
}

export interface TokenizerHandler {
  /** Encodes `text` (and `pair`) with code-point offsets, as the Rust reference reports them. */
  encode(text: string, pair?: string): { ids: number[]; tokens: string[]; offsets: [number, number][]; type_ids: number[] };
}

/** Hugging Face `architectures` name → its handler: @pretrain/auto's table, the one `AutoModel` reads. */
export const architectures: Record<string, () => Promise<ArchitectureHandler>> = Object.fromEntries(
  Object.keys(architectureFamilies).map((architecture) => [architecture, () => familyHandler(architecture)]),
);

const presetIds: Record<FamilyName, string[]> = {
  bert: [
    'bert-base-uncased', 'bert-base-cased', 'bert-large-uncased', 'bert-large-cased', 'google/bert_uncased_L-2_H-128_A-2', 'google/bert_uncased_L-4_H-256_A-4',
    'google/bert_uncased_L-4_H-512_A-8', 'google/bert_uncased_L-8_H-512_A-8', 'huawei-noah/TinyBERT_General_4L_312D',
  ],
  albert: ['albert-base-v2', 'albert-large-v2', 'albert-xlarge-v2', 'albert-xxlarge-v2'],
  electra: ['small', 'base', 'large'].flatMap((size) => [`google/electra-${size}-discriminator`, `google/electra-${size}-generator`]),
  gpt: ['openai-gpt', 'gpt2', 'gpt2-medium', 'gpt2-large', 'gpt2-xl', ...['small', 'medium', 'large', 'xl', '2.7b', '6.7b', '13b', '175b'].map((size) => `gpt3-${size}`)],
  distilbert: ['distilbert-base-uncased'],
};

/** Preset names (Hugging Face model ids) → their configuration and size; listed here so `pretrain --help` loads no family. */
export const presets: Record<string, () => Promise<PresetInfo>> = Object.fromEntries(
  (Object.entries(presetIds) as [FamilyName, string[]][]).flatMap(([family, ids]) => ids.map((id) => [id, () => familyPreset(family, id)])),
);

/** Loads a tokenizer from a `tokenizer.json` or a directory of vocabulary files. */
export const tokenizerLoaders: Array<(path: string) => Promise<TokenizerHandler | undefined>> = [
  async (path) => {
    const [{ encodeForCli }, { Tokenizer }] = await Promise.all([import('@pretrain/tokenizers'), import('@pretrain/tokenizers/node')]);
    const tokenizer = await Tokenizer.fromFile(path);
    return { encode: (text, pair) => encodeForCli(tokenizer, text, pair) };
  },
];

/** The backend packages `pretrain info` looks for, in `auto`'s order of preference. */
export const backendPackages: Array<{ name: BackendChoice; packageName: string; needs: string }> = [
  { name: 'webgpu', packageName: '@pretrain/backend-webgpu', needs: 'a WebGPU adapter (browser, or the `webgpu` package in Node)' },
  { name: 'node-gpu', packageName: '@pretrain/backend-node', needs: '@tensorflow/tfjs-node-gpu (CUDA 11.2, cuDNN 8.1)' },
  { name: 'node', packageName: '@pretrain/backend-node', needs: '@tensorflow/tfjs-node' },
  { name: 'native', packageName: '@pretrain/backend-native', needs: 'its addon, built at install (a C++ compiler and OpenBLAS)' },
  { name: 'wasm', packageName: '@pretrain/backend-wasm', needs: 'nothing: the embedded default' },
  { name: 'cpu', packageName: '@pretrain/backends', needs: 'nothing: pure JavaScript, slow' },
];
