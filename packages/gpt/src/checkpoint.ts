import { loadPretrainedWeights, readConfig, Rng, savePretrained, type CheckpointConventions, type FileSource, type FileTarget, type LoadOptions, type LoadReport } from '@pretrain/core';
import { GPT2Config, OpenAIGPTConfig } from './config.js';
import { GPT2DoubleHeadsModel, GPT2ForSequenceClassification, GPT2LMHeadModel, OpenAIGPTDoubleHeadsModel, OpenAIGPTForSequenceClassification, OpenAIGPTLMHeadModel } from './heads.js';
import { GPT2Model, OpenAIGPTModel } from './model.js';
import { gpt2Architectures, openAIGPTArchitectures, type GPTArchitecture } from './presets.js';

/**
 * How Hugging Face stores both families: the decoder under `transformer.`;
 * GPT-2 files may carry the causal-mask buffers `attn.bias` / `attn.masked_bias`
 * (Hugging Face ignores them), and older files the tied `lm_head.weight`
 * (the token table itself, which the LM head reads).
 */
export const gptConventions: CheckpointConventions = {
  baseModelPrefix: 'transformer',
  ignoreUnexpected: [/(^|\.)attn\.(masked_)?bias$/, /^lm_head\.weight$/],
};

export interface GPTModels {
  GPT2Model: GPT2Model;
  GPT2LMHeadModel: GPT2LMHeadModel;
  GPT2DoubleHeadsModel: GPT2DoubleHeadsModel;
  GPT2ForSequenceClassification: GPT2ForSequenceClassification;
  OpenAIGPTModel: OpenAIGPTModel;
  OpenAIGPTLMHeadModel: OpenAIGPTLMHeadModel;
  OpenAIGPTDoubleHeadsModel: OpenAIGPTDoubleHeadsModel;
  OpenAIGPTForSequenceClassification: OpenAIGPTForSequenceClassification;
}

export type AnyGPTModel = GPTModels[GPTArchitecture];

const builders: { [A in GPTArchitecture]: (json: Record<string, unknown>, rng: Rng) => GPTModels[A] } = {
  GPT2Model: (json, rng) => new GPT2Model(GPT2Config.fromHf(json), rng),
  GPT2LMHeadModel: (json, rng) => new GPT2LMHeadModel(GPT2Config.fromHf(json), rng),
  GPT2DoubleHeadsModel: (json, rng) => new GPT2DoubleHeadsModel(GPT2Config.fromHf(json), rng),
  GPT2ForSequenceClassification: (json, rng) => new GPT2ForSequenceClassification(GPT2Config.fromHf(json), rng),
  OpenAIGPTModel: (json, rng) => new OpenAIGPTModel(OpenAIGPTConfig.fromHf(json), rng),
  OpenAIGPTLMHeadModel: (json, rng) => new OpenAIGPTLMHeadModel(OpenAIGPTConfig.fromHf(json), rng),
  OpenAIGPTDoubleHeadsModel: (json, rng) => new OpenAIGPTDoubleHeadsModel(OpenAIGPTConfig.fromHf(json), rng),
  OpenAIGPTForSequenceClassification: (json, rng) => new OpenAIGPTForSequenceClassification(OpenAIGPTConfig.fromHf(json), rng),
};

export const gptArchitectures: readonly GPTArchitecture[] = [...gpt2Architectures, ...openAIGPTArchitectures];

export function isGPTArchitecture(name: string): name is GPTArchitecture {
  return (gptArchitectures as readonly string[]).includes(name);
}

/** A freshly initialised model of `architecture` from a Hugging Face `config.json` object (weights drawn from `rng`). */
export function buildGPT<A extends GPTArchitecture>(architecture: A, json: Record<string, unknown>, rng: Rng): GPTModels[A] {
  if (!isGPTArchitecture(architecture)) throw new Error(`unknown GPT architecture "${String(architecture)}" (known: ${gptArchitectures.join(', ')})`);
  return builders[architecture](json, rng);
}

/** The architecture a config names (`architectures[0]`), else the family's LM head model from `model_type`. */
export function architectureOf(json: Record<string, unknown>, where: string): GPTArchitecture {
  const named = Array.isArray(json.architectures) ? (json.architectures[0] as unknown) : undefined;
  const fallback = json.model_type === 'openai-gpt' ? 'OpenAIGPTLMHeadModel' : 'GPT2LMHeadModel';
  const architecture = typeof named === 'string' ? named : fallback;
  if (!isGPTArchitecture(architecture)) throw new Error(`${where}: config.json architectures[0] "${architecture}" is not a GPT class (known: ${gptArchitectures.join(', ')})`);
  return architecture;
}

export interface LoadedGPT<A extends GPTArchitecture> {
  model: GPTModels[A];
  architecture: A;
  report: LoadReport;
}

/**
 * Reads a Hugging Face GPT-1/GPT-2 directory (`config.json` + safetensors) into
 * the class named by `architecture`, or by the config's `architectures[0]`.
 * Parameters the checkpoint lacks keep their initialisation from `rng` and are
 * listed in `report.missingKeys`. The model is in eval mode.
 */
export async function loadGPT<A extends GPTArchitecture = GPTArchitecture>(
  source: FileSource,
  { architecture, rng = Rng.fromSeed(0), ...options }: LoadOptions & { architecture?: A; rng?: Rng } = {},
): Promise<LoadedGPT<A>> {
  const json = await readConfig(source);
  const named = architecture ?? architectureOf(json, source.description);
  const model = buildGPT(named, json, rng);
  try {
    const report = await loadPretrainedWeights(model, source, gptConventions, options);
    model.eval();
    return { model: model as GPTModels[A], architecture: named as A, report };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** Writes `config.json` (with `architectures` and `model_type`) and `model.safetensors` as Hugging Face's `save_pretrained`. */
export async function saveGPT(model: AnyGPTModel, architecture: GPTArchitecture, target: FileTarget, options: { maxShardSize?: number } = {}): Promise<void> {
  const isGpt2 = architecture.startsWith('GPT2');
  const config = isGpt2 ? GPT2Config.toHf(model.config as GPT2Config) : OpenAIGPTConfig.toHf(model.config as OpenAIGPTConfig);
  await savePretrained(model, target, { ...config, architectures: [architecture], model_type: isGpt2 ? 'gpt2' : 'openai-gpt' }, options);
}
