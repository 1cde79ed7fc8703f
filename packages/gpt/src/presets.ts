import { GPT2Config, innerSize, numLabels, OpenAIGPTConfig, type GPT2ConfigFields, type OpenAIGPTConfigFields } from './config.js';

/** The classes this package builds, by Hugging Face architecture name. */
export type GPT2Architecture = 'GPT2Model' | 'GPT2LMHeadModel' | 'GPT2DoubleHeadsModel' | 'GPT2ForSequenceClassification';
export type OpenAIGPTArchitecture = 'OpenAIGPTModel' | 'OpenAIGPTLMHeadModel' | 'OpenAIGPTDoubleHeadsModel' | 'OpenAIGPTForSequenceClassification';
export type GPTArchitecture = GPT2Architecture | OpenAIGPTArchitecture;

export const gpt2Architectures: readonly GPT2Architecture[] = ['GPT2Model', 'GPT2LMHeadModel', 'GPT2DoubleHeadsModel', 'GPT2ForSequenceClassification'];
export const openAIGPTArchitectures: readonly OpenAIGPTArchitecture[] = ['OpenAIGPTModel', 'OpenAIGPTLMHeadModel', 'OpenAIGPTDoubleHeadsModel', 'OpenAIGPTForSequenceClassification'];

type AnyGPTConfig = GPT2ConfigFields | OpenAIGPTConfigFields;

/**
 * Parameters of `architecture` for `config`, from the sizes alone (nothing
 * allocated). The LM head is tied to the token table and counts nothing, as
 * Hugging Face's `num_parameters()`.
 */
export function numParameters(config: AnyGPTConfig, architecture: GPTArchitecture = 'nInner' in config ? 'GPT2Model' : 'OpenAIGPTModel'): number {
  const { vocabSize: v, nPositions: p, nEmbd: c, nLayer: layers } = config;
  const inner = innerSize(config);
  const conv = (input: number, output: number) => input * output + output;
  const norm = 2 * c;
  const layer = norm + conv(c, 3 * c) + conv(c, c) + norm + conv(c, inner) + conv(inner, c);
  const isGpt2 = 'nInner' in config;
  const base = (v + p) * c + layers * layer + (isGpt2 ? norm : 0);
  if (architecture.endsWith('DoubleHeadsModel')) {
    const summaryOutputs = config.summaryProjToLabels ? 1 : c; // the double-heads models set num_labels = 1
    return base + (config.summaryUseProj ? conv(c, summaryOutputs) : 0);
  }
  if (architecture.endsWith('ForSequenceClassification')) return base + c * numLabels(config); // `score` has no bias
  return base;
}

/** What the GPT-3 paper's table 2.1 gives beside the shapes. */
export interface GPT3Training {
  /** Batch size in tokens (3.2M for 175B). */
  batchSizeTokens: number;
  learningRate: number;
  /** The rounded size the paper names the model by. */
  nominalParameters: string;
}

export interface GPTPreset {
  /** The Hugging Face model id, or `gpt3-<size>` for the GPT-3 paper's models (no public weights). */
  id: string;
  modelType: 'gpt2' | 'openai-gpt';
  /** Hugging Face `config.json` keys that differ from the config's defaults (camelCase). */
  overrides: Partial<GPT2ConfigFields> | Partial<OpenAIGPTConfigFields>;
  /** Base-model parameters as Hugging Face's `num_parameters()` reports them (GPT-1, GPT-2). */
  publishedParameters?: number;
  gpt3?: GPT3Training;
}

/** GPT-3 table 2.1 (Brown et al. 2020): every size reads 2048 tokens with GPT-2's vocabulary. */
function gpt3(size: string, nLayer: number, nEmbd: number, nHead: number, batchSizeTokens: number, learningRate: number, nominalParameters: string): GPTPreset {
  return { id: `gpt3-${size}`, modelType: 'gpt2', overrides: { nLayer, nEmbd, nHead, nPositions: 2048 }, gpt3: { batchSizeTokens, learningRate, nominalParameters } };
}

const million = 1_000_000;

/** Released GPT-1/GPT-2 checkpoints (Hugging Face ids) and the GPT-3 paper's eight sizes. */
export const gptPresets: Readonly<Record<string, GPTPreset>> = Object.fromEntries(
  [
    { id: 'openai-gpt', modelType: 'openai-gpt', overrides: {}, publishedParameters: 116_534_784 },
    { id: 'gpt2', modelType: 'gpt2', overrides: {}, publishedParameters: 124_439_808 },
    { id: 'gpt2-medium', modelType: 'gpt2', overrides: { nEmbd: 1024, nLayer: 24, nHead: 16 }, publishedParameters: 354_823_168 },
    { id: 'gpt2-large', modelType: 'gpt2', overrides: { nEmbd: 1280, nLayer: 36, nHead: 20 }, publishedParameters: 774_030_080 },
    { id: 'gpt2-xl', modelType: 'gpt2', overrides: { nEmbd: 1600, nLayer: 48, nHead: 25 }, publishedParameters: 1_557_611_200 },
    gpt3('small', 12, 768, 12, 0.5 * million, 6.0e-4, '125M'),
    gpt3('medium', 24, 1024, 16, 0.5 * million, 3.0e-4, '350M'),
    gpt3('large', 24, 1536, 16, 0.5 * million, 2.5e-4, '760M'),
    // The table prints 24 heads of 128 for d_model 2048, which cannot be; 16 × 128 = 2048 keeps its d_head.
    gpt3('xl', 24, 2048, 16, 1 * million, 2.0e-4, '1.3B'),
    gpt3('2.7b', 32, 2560, 32, 1 * million, 1.6e-4, '2.7B'),
    gpt3('6.7b', 32, 4096, 32, 2 * million, 1.2e-4, '6.7B'),
    // The table prints d_model 5140, which 40 heads of 128 cannot give; 40 × 128 = 5120 matches the 13B count.
    gpt3('13b', 40, 5120, 40, 2 * million, 1.0e-4, '13B'),
    gpt3('175b', 96, 12288, 96, 3.2 * million, 0.6e-4, '175B'),
  ].map((preset): [string, GPTPreset] => [preset.id, preset as GPTPreset]),
);

export interface PresetOptions {
  /**
   * GPT-3's alternating dense and locally banded attention: even layers dense,
   * odd layers see only the last `windowSize` tokens (GPT-Neo's `attention_types`).
   * The paper gives no band width; 256 (GPT-Neo's) by default.
   */
  sparseAttention?: boolean | { windowSize: number };
}

function lookup(id: string): GPTPreset {
  const preset = Object.hasOwn(gptPresets, id) ? gptPresets[id] : undefined;
  if (!preset) throw new Error(`unknown GPT preset "${id}" (known: ${Object.keys(gptPresets).join(', ')})`);
  return preset;
}

/** The `GPT2Config` of a GPT-2 or GPT-3 preset; throws listing the known ids. */
export function gpt2PresetConfig(id: string, { sparseAttention = false }: PresetOptions = {}): GPT2Config {
  const preset = lookup(id);
  if (preset.modelType !== 'gpt2') throw new Error(`preset "${id}" is a ${preset.modelType} model: use openAIGPTPresetConfig`);
  const config = GPT2Config.create(preset.overrides as Partial<GPT2ConfigFields>);
  if (sparseAttention === false) return config;
  const windowSize = sparseAttention === true ? 256 : sparseAttention.windowSize;
  if (config.nLayer % 2 !== 0) throw new Error(`preset "${id}": alternating attention needs an even number of layers, got ${config.nLayer}`);
  return GPT2Config.with(config, { attentionTypes: [[['global', 'local'], config.nLayer / 2]], windowSize });
}

/** The `OpenAIGPTConfig` of `openai-gpt`. */
export function openAIGPTPresetConfig(id: string): OpenAIGPTConfig {
  const preset = lookup(id);
  if (preset.modelType !== 'openai-gpt') throw new Error(`preset "${id}" is a ${preset.modelType} model: use gpt2PresetConfig`);
  return OpenAIGPTConfig.create(preset.overrides as Partial<OpenAIGPTConfigFields>);
}
