/**
 * What `pretrain forward` / `pretrain info` need from this family; `@pretrain/cli`'s
 * family handler does the rest (loading through `@pretrain/auto`, tensors in and out,
 * the backend). Structural: families do not import the CLI.
 */
import type { Module, Tensor } from '@pretrain/core';
import { mlmLoss } from '@pretrain/objective-mlm';
import { discriminatorLoss } from '@pretrain/objective-rtd';
import { ElectraConfig } from './config.js';
import type { ElectraForPreTraining } from './heads.js';
import { electraPresets, numParameters, presetConfig, type ElectraArchitecture } from './presets.js';
import type { ElectraTaskInputs } from './tasks.js';

type Outputs = Record<string, Tensor | Tensor[] | undefined>;

/** The discriminator's (replaced-token detection) or the generator's (masked LM) loss for the labels given; the task heads add theirs. */
function pretrainingLoss(architecture: string, outputs: Outputs, { labels, attentionMask }: ElectraTaskInputs): Outputs {
  if (!labels) return {};
  if (architecture === 'ElectraForPreTraining') return { loss: discriminatorLoss(outputs.logits as Tensor, labels, attentionMask) };
  return architecture === 'ElectraForMaskedLM' ? { loss: mlmLoss(outputs.logits as Tensor, labels) } : {};
}

export const electraCli = {
  family: 'electra',
  /** Every output of `model` (`embedding_output` included), plus the loss for the labels given. Inside the caller's tidy. */
  outputs(model: Module, architecture: string, batch: ElectraTaskInputs): Outputs {
    const outputs = (model as ElectraForPreTraining).forward(batch, { outputHiddenStates: true, outputAttentions: true }) as unknown as Outputs;
    return { ...outputs, ...pretrainingLoss(architecture, outputs, batch) };
  },
  numParameters: (config: Record<string, unknown>, architecture: string) => numParameters(ElectraConfig.fromHf(config), architecture as ElectraArchitecture),
  /** `pretrain info --preset ID`: the preset's Hugging Face config and its `ElectraModel` parameter count. */
  presetInfo(id: string) {
    const config = presetConfig(id);
    return { family: 'electra', architecture: 'ElectraModel', config: { ...ElectraConfig.toHf(config), model_type: 'electra' } as Record<string, unknown>, numParameters: numParameters(config, 'ElectraModel') };
  },
  presetIds: Object.keys(electraPresets) as readonly string[],
};
