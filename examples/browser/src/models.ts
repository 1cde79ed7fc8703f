// Building, restoring and loading either model of the page, by kind.
import { Rng, type FileSource } from '@pretrain/core';
import { BertConfig, BertForMaskedLM, loadBert } from '@pretrain/bert';
import { GPT2Config, GPT2LMHeadModel, loadGPT } from '@pretrain/gpt';
import type { Tokenizer } from '@pretrain/tokenizers';
import { bertConfig, bertHfConfig, bertSpecialTokens, specialIds } from './bert.js';
import type { ModelKind, ModelSettings } from './protocol.js';

/** The model being trained or loaded, tagged by kind. */
export type TrainedModel = { kind: 'gpt'; model: GPT2LMHeadModel } | { kind: 'bert'; model: BertForMaskedLM };

/** A GPT-2 config without dropout (generation runs between training steps, in whatever mode the model is). */
export function gptConfig(model: ModelSettings, vocabSize: number): GPT2Config {
  return GPT2Config.fromHf({
    vocab_size: vocabSize,
    n_positions: model.nPositions,
    n_embd: model.nEmbd,
    n_layer: model.nLayer,
    n_head: model.nHead,
    resid_pdrop: 0,
    embd_pdrop: 0,
    attn_pdrop: 0,
  });
}

/** What `config.json` holds, as Hugging Face's `save_pretrained` writes it for the class. */
export function hfConfig(trained: TrainedModel): Record<string, unknown> {
  if (trained.kind === 'bert') return bertHfConfig(trained.model.config);
  return { ...GPT2Config.toHf(trained.model.config), architectures: ['GPT2LMHeadModel'], model_type: 'gpt2' };
}

/** A freshly initialised model of `settings.kind` for `tokenizer`'s vocabulary. */
export function buildModel(settings: ModelSettings, tokenizer: Tokenizer, seed: number): TrainedModel {
  const rng = Rng.fromSeed(seed);
  if (settings.kind === 'gpt') return { kind: 'gpt', model: new GPT2LMHeadModel(gptConfig(settings, tokenizer.vocabSize), rng) };
  return { kind: 'bert', model: new BertForMaskedLM(bertConfig(settings, tokenizer.vocabSize, specialIds(tokenizer).pad), rng) };
}

/** The kind a Hugging Face `config.json` describes (`model_type`, else `architectures[0]`). */
export function kindOf(json: Record<string, unknown>, description: string): ModelKind {
  const architecture = Array.isArray(json.architectures) ? String(json.architectures[0]) : '';
  if (json.model_type === 'bert' || architecture.startsWith('Bert')) return 'bert';
  if (json.model_type === 'gpt2' || architecture.startsWith('GPT2')) return 'gpt';
  throw new Error(`${description}/config.json: model_type ${JSON.stringify(json.model_type)} is neither gpt2 nor bert`);
}

/** The model a checkpoint's `config.json` describes, with fresh weights (`fit` restores them when it resumes). */
export function modelFromConfig(json: Record<string, unknown>, description: string): TrainedModel {
  const rng = Rng.fromSeed(0);
  if (kindOf(json, description) === 'gpt') return { kind: 'gpt', model: new GPT2LMHeadModel(GPT2Config.fromHf(json), rng) };
  return { kind: 'bert', model: new BertForMaskedLM(BertConfig.fromHf(json), rng) };
}

/** A Hugging Face GPT-2 or BERT directory with its weights (BERT as `BertForMaskedLM`, whatever head it was saved with). */
export async function loadModel(source: FileSource): Promise<TrainedModel> {
  const json = JSON.parse(await source.readText('config.json')) as Record<string, unknown>;
  if (kindOf(json, source.description) === 'gpt') return { kind: 'gpt', model: (await loadGPT(source, { architecture: 'GPT2LMHeadModel' })).model };
  return { kind: 'bert', model: (await loadBert(source, { architecture: 'BertForMaskedLM' })).model };
}

/** `tokenizer_config.json`, so Hugging Face's `AutoTokenizer` knows the special tokens' roles. */
export function tokenizerConfig(kind: ModelKind, tokenizer: Tokenizer, maxLength: number): Record<string, unknown> {
  const base = { tokenizer_class: 'PreTrainedTokenizerFast', model_max_length: maxLength, clean_up_tokenization_spaces: false };
  if (kind === 'gpt') {
    const end = tokenizer.tokenToId('<|endoftext|>') === undefined ? {} : { bos_token: '<|endoftext|>', eos_token: '<|endoftext|>' };
    return { ...base, ...end };
  }
  const [pad, unk, cls, sep, mask] = bertSpecialTokens;
  const unknown = tokenizer.tokenToId(unk) === undefined ? {} : { unk_token: unk };
  return { ...base, pad_token: pad, cls_token: cls, sep_token: sep, mask_token: mask, ...unknown };
}
