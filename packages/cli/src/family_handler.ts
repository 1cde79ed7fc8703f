// One handler for every model family: `pretrain forward`, `generate` and `info --model` load the
// class through @pretrain/auto's table, and ask the family's `./cli` subpath only for what differs
// (its pretraining losses, parameter counts, presets). Families never import a backend (lint):
// the handler sets the chosen one first. Lazy imports, so `pretrain --help` loads no tensor library.
import type { CausalLM, Module, Tensor, tf as Tf } from '@pretrain/core';
import { architectureFamilies, isCausalLM, type FamilyName } from '@pretrain/auto/table';
import type { ArchitectureHandler, ForwardInputs, ForwardRequest, GenerateRequest, GenerateResult, PresetInfo, RunSettings } from './registry.js';

type Outputs = Record<string, Tensor | Tensor[] | undefined>;

/** `pretrain forward`'s inputs as tensors, under the camelCase names the models take. */
export interface CliBatch {
  inputIds: Tensor;
  attentionMask?: Tensor;
  tokenTypeIds?: Tensor;
  positionIds?: Tensor;
  labels?: Tensor;
  nextSentenceLabel?: Tensor;
  sentenceOrderLabel?: Tensor;
  startPositions?: Tensor;
  endPositions?: Tensor;
}

/** What a family's `./cli` subpath exports (structurally: families do not import the CLI). */
export interface FamilyCli {
  /** Every output of `model` under camelCase names, with the losses for the labels in `batch`. Runs inside the handler's tidy. */
  outputs(model: Module, architecture: string, batch: CliBatch): Outputs;
  numParameters(config: Record<string, unknown>, architecture: string): number;
  presetInfo(id: string): PresetInfo;
}

const familyModules: Record<FamilyName, () => Promise<FamilyCli>> = {
  bert: async () => (await import('@pretrain/bert/cli')).bertCli,
  albert: async () => (await import('@pretrain/albert/cli')).albertCli,
  electra: async () => (await import('@pretrain/electra/cli')).electraCli,
  distilbert: async () => (await import('@pretrain/distilbert/cli')).distilBertCli,
  gpt: async () => (await import('@pretrain/gpt/cli')).gptCli,
};

/** Hugging Face input names → the camelCase names the models take. */
const inputNames: Record<keyof ForwardInputs, string> = {
  input_ids: 'inputIds', attention_mask: 'attentionMask', token_type_ids: 'tokenTypeIds', position_ids: 'positionIds', labels: 'labels',
  next_sentence_label: 'nextSentenceLabel', sentence_order_label: 'sentenceOrderLabel', start_positions: 'startPositions', end_positions: 'endPositions',
};

/** Integer lists as int32; labels with a fraction (regression targets) as float32. */
function inputTensors(inputs: ForwardInputs, tf: typeof Tf): CliBatch {
  const tensors: Record<string, Tensor> = {};
  for (const [name, values] of Object.entries(inputs) as [keyof ForwardInputs, unknown][]) {
    if (values === undefined || !(name in inputNames)) continue;
    const integers = (values as unknown[]).flat(3).every((value) => Number.isInteger(value));
    tensors[inputNames[name]] = tf.tensor(values as number[], undefined, integers ? 'int32' : 'float32');
  }
  return tensors as unknown as CliBatch;
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Tensor outputs (and lists of tensors) as nested lists under Hugging Face's snake_case names; anything else (a KV cache) is left out. */
async function toLists(outputs: Outputs, tf: typeof Tf): Promise<Record<string, unknown>> {
  const lists: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(outputs)) {
    if (value instanceof tf.Tensor) lists[snakeCase(name)] = await value.array();
    else if (Array.isArray(value) && value.length > 0 && value.every((item) => item instanceof tf.Tensor)) lists[snakeCase(name)] = await Promise.all(value.map((item) => item.array()));
  }
  return lists;
}

/** Sets the backend the user chose, then loads `architecture` from `modelDir` through @pretrain/auto. */
async function load(architecture: string, request: RunSettings & { modelDir: string; config: Record<string, unknown> }) {
  const [{ useBackend }, { loadArchitecture }, { directorySource }, { Rng, tf }] = await Promise.all([
    import('@pretrain/backends'), import('@pretrain/auto'), import('@pretrain/core/node'), import('@pretrain/core'),
  ]);
  await useBackend(request.backend);
  const { model } = await loadArchitecture(directorySource(request.modelDir), architecture, request.config, { rng: Rng.fromSeed(request.seed) });
  return { model, tf };
}

async function forward(family: FamilyCli, architecture: string, request: ForwardRequest): Promise<Record<string, unknown>> {
  const { model, tf } = await load(architecture, request);
  const tensors = inputTensors(request.inputs, tf);
  try {
    const outputs = tf.tidy(() => family.outputs(model, architecture, tensors) as Tf.TensorContainer) as Outputs;
    try {
      return await toLists(outputs, tf);
    } finally {
      tf.dispose(outputs as Tf.TensorContainer);
    }
  } finally {
    tf.dispose(Object.values(tensors) as Tensor[]);
    model.dispose();
  }
}

/** `pretrain generate`: greedy or sampled as the request says, stopping at the config's `eos_token_id` (as Hugging Face's `generate`). */
async function generate(architecture: string, request: GenerateRequest): Promise<GenerateResult> {
  const [{ model }, { generate: decode }, { Rng }] = await Promise.all([load(architecture, request), import('@pretrain/generate'), import('@pretrain/core')]);
  try {
    const eos = request.config.eos_token_id;
    const result = await decode(model as unknown as CausalLM, request.inputIds, {
      maxNewTokens: request.maxNewTokens, doSample: !request.greedy, temperature: request.temperature, topK: request.topK, topP: request.topP,
      rng: Rng.fromSeed(request.seed), eosTokenId: typeof eos === 'number' ? eos : undefined,
    });
    return { output_ids: result.outputIds, new_token_ids: result.newTokenIds };
  } finally {
    model.dispose();
  }
}

/** The handler for one `architectures` name of @pretrain/auto's table. */
export async function familyHandler(architecture: string): Promise<ArchitectureHandler> {
  const name = architectureFamilies[architecture];
  if (!name) throw new Error(`familyHandler: "${architecture}" is not in @pretrain/auto's table`);
  const family = await familyModules[name]();
  const handler: ArchitectureHandler = {
    forward: (request) => forward(family, architecture, request),
    numParameters: (config) => family.numParameters(config, architecture),
  };
  if (isCausalLM(architecture)) handler.generate = (request) => generate(architecture, request);
  return handler;
}

/** `pretrain info --preset ID` from `family`'s preset table. */
export async function familyPreset(family: FamilyName, id: string): Promise<PresetInfo> {
  return (await familyModules[family]()).presetInfo(id);
}
