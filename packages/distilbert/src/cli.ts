/**
 * What `pretrain forward` / `pretrain info` need from this family; `@pretrain/cli`'s
 * family handler does the rest (loading through `@pretrain/auto`, tensors in and out,
 * the backend). Structural: families do not import the CLI.
 */
import type { Module, Tensor } from '@pretrain/core';
import { mlmLoss } from '@pretrain/objective-mlm';
import { DistilBertConfig } from './config.js';
import type { DistilBertForMaskedLM } from './heads.js';
import { distilBertPresets, numParameters, presetConfig, type DistilBertArchitecture } from './presets.js';
import type { DistilBertTaskInputs } from './tasks.js';

type Outputs = Record<string, Tensor | Tensor[] | undefined>;

export const distilBertCli = {
  family: 'distilbert',
  /** Every output of `model`, plus the masked-LM loss for labels (the task heads add theirs). DistilBERT has no token types. Inside the caller's tidy. */
  outputs(model: Module, architecture: string, batch: DistilBertTaskInputs): Outputs {
    const outputs = (model as DistilBertForMaskedLM).forward(batch, { outputHiddenStates: true, outputAttentions: true }) as unknown as Outputs;
    const masked = architecture === 'DistilBertForMaskedLM' && batch.labels ? { loss: mlmLoss(outputs.logits as Tensor, batch.labels) } : {};
    return { ...outputs, ...masked };
  },
  numParameters: (config: Record<string, unknown>, architecture: string) => numParameters(DistilBertConfig.fromHf(config), architecture as DistilBertArchitecture),
  /** `pretrain info --preset ID`: the preset's Hugging Face config and its `DistilBertModel` parameter count. */
  presetInfo(id: string) {
    const config = presetConfig(id);
    return { family: 'distilbert', architecture: 'DistilBertModel', config: { ...DistilBertConfig.toHf(config), model_type: 'distilbert' } as Record<string, unknown>, numParameters: numParameters(config, 'DistilBertModel') };
  },
  presetIds: Object.keys(distilBertPresets) as readonly string[],
};
