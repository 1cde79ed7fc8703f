/**
 * What `pretrain forward` / `pretrain info` need from this family; `@pretrain/cli`'s
 * family handler does the rest (loading through `@pretrain/auto`, tensors in and out,
 * the backend, and decoding for `pretrain generate`, which is generic over core's
 * `CausalLM`). Structural: families do not import the CLI.
 */
import { tf, type Module, type Tensor } from '@pretrain/core';
import { causalLMLoss } from '@pretrain/objective-clm';
import { GPT2Config, OpenAIGPTConfig } from './config.js';
import type { GPT2DoubleHeadsModel, GPT2ForSequenceClassification, OpenAIGPTDoubleHeadsModel, OpenAIGPTForSequenceClassification } from './heads.js';
import { doubleHeadsLoss, sequenceClassificationLoss } from './losses.js';
import type { GPTDecoder, GPTInputs } from './model.js';
import { gpt2PresetConfig, gptPresets, numParameters, openAIGPTPresetConfig, type GPTArchitecture } from './presets.js';

/** `pretrain forward`'s inputs as tensors: `labels` are `[B, L]` token ids (LM heads, −100 ignored) or `[B]` sequence labels (classification). */
export type GPTCliBatch = GPTInputs & { labels?: Tensor };

type Outputs = Record<string, Tensor | Tensor[] | undefined>;

const options = { outputHiddenStates: true, outputAttentions: true, useCache: false };

/** The double-heads models on `[B, L]` rows (Hugging Face accepts them: one sequence per example, `mc_logits [B]`), with the LM loss for token labels. */
function doubleHeadsOutputs(model: GPT2DoubleHeadsModel | OpenAIGPTDoubleHeadsModel, batch: GPTCliBatch): Outputs {
  const withChoice = (tensor: Tensor | undefined) => tensor && tf.expandDims(tensor, 1);
  const outputs = model.forwardChoices(
    { inputIds: withChoice(batch.inputIds)!, attentionMask: withChoice(batch.attentionMask), tokenTypeIds: withChoice(batch.tokenTypeIds), positionIds: withChoice(batch.positionIds) },
    options,
  );
  const named: Outputs = { logits: tf.squeeze(outputs.logits, [1]), mcLogits: tf.squeeze(outputs.mcLogits, [1]), hiddenStates: outputs.hiddenStates, attentions: outputs.attentions };
  if (batch.labels?.rank === 2) named.lmLoss = doubleHeadsLoss(outputs, { lmLabels: tf.expandDims(batch.labels, 1) }).lmLoss;
  return named;
}

export const gptCli = {
  family: 'gpt',
  /** Every output of `model` (the KV cache off), plus the loss Hugging Face's forward returns for the labels given. Inside the caller's tidy. */
  outputs(model: Module, architecture: string, batch: GPTCliBatch): Outputs {
    if (architecture.endsWith('DoubleHeadsModel')) return doubleHeadsOutputs(model as GPT2DoubleHeadsModel, batch);
    // The CLI keeps tensor outputs only, so the (empty) KV cache drops out.
    const outputs = (model as GPTDecoder).forward(batch, options) as unknown as Outputs;
    const { labels } = batch;
    const logits = outputs.logits as Tensor | undefined;
    if (!labels || !logits) return outputs;
    if (architecture.endsWith('LMHeadModel')) return labels.rank === 2 ? { ...outputs, loss: causalLMLoss(logits, labels) } : outputs;
    return { ...outputs, loss: sequenceClassificationLoss(logits, labels, (model as GPT2ForSequenceClassification | OpenAIGPTForSequenceClassification).config.problemType) };
  },
  numParameters(config: Record<string, unknown>, architecture: string): number {
    const model = architecture.startsWith('GPT2') ? GPT2Config.fromHf(config) : OpenAIGPTConfig.fromHf(config);
    return numParameters(model, architecture as GPTArchitecture);
  },
  /** `pretrain info --preset ID`: the preset's Hugging Face config and its base-model parameter count. */
  presetInfo(id: string) {
    if (gptPresets[id]?.modelType === 'openai-gpt') {
      const config = openAIGPTPresetConfig(id);
      return { family: 'gpt', architecture: 'OpenAIGPTModel', config: { ...OpenAIGPTConfig.toHf(config), model_type: 'openai-gpt' } as Record<string, unknown>, numParameters: numParameters(config, 'OpenAIGPTModel') };
    }
    const config = gpt2PresetConfig(id);
    return { family: 'gpt', architecture: 'GPT2Model', config: { ...GPT2Config.toHf(config), model_type: 'gpt2' } as Record<string, unknown>, numParameters: numParameters(config, 'GPT2Model') };
  },
  presetIds: Object.keys(gptPresets) as readonly string[],
};
