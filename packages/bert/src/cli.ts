/**
 * What `pretrain forward` / `pretrain info` need from this family; `@pretrain/cli`'s
 * family handler does the rest (loading through `@pretrain/auto`, tensors in and out,
 * the backend). Structural: families do not import the CLI.
 */
import { tf, type Module, type Tensor } from '@pretrain/core';
import { mlmLoss } from '@pretrain/objective-mlm';
import { nspLoss } from '@pretrain/objective-nsp';
import type { BertForPreTraining, BertForPreTrainingOutputs } from './heads.js';
import { BertConfig } from './config.js';
import { bertPresets, numParameters, presetConfig, type BertArchitecture } from './presets.js';
import type { BertTaskInputs } from './tasks.js';

/** `pretrain forward`'s inputs as tensors: the task heads' labels plus BertForPreTraining's. */
export type BertCliBatch = BertTaskInputs & { nextSentenceLabel?: Tensor };

type Outputs = Record<string, Tensor | Tensor[] | undefined>;

/** The pretraining heads' losses, as Hugging Face's forward returns them for the labels given (the task heads add theirs). */
function pretrainingLosses(architecture: string, outputs: Outputs, { labels, nextSentenceLabel }: BertCliBatch): Outputs {
  if (architecture === 'BertForMaskedLM') return labels ? { loss: mlmLoss(outputs.logits as Tensor, labels) } : {};
  if (architecture !== 'BertForPreTraining') return {};
  const { predictionLogits, seqRelationshipLogits } = outputs as unknown as BertForPreTrainingOutputs;
  const terms: Outputs = { mlmLoss: labels && mlmLoss(predictionLogits, labels), nspLoss: nextSentenceLabel && nspLoss(seqRelationshipLogits, nextSentenceLabel) };
  return terms.mlmLoss && terms.nspLoss ? { ...terms, loss: tf.add(terms.mlmLoss as Tensor, terms.nspLoss as Tensor) } : terms;
}

export const bertCli = {
  family: 'bert',
  /** Every output of `model` with hidden states and attentions, plus the losses for the labels given. Inside the caller's tidy. */
  outputs(model: Module, architecture: string, batch: BertCliBatch): Outputs {
    const outputs = (model as BertForPreTraining).forward(batch, { outputHiddenStates: true, outputAttentions: true }) as unknown as Outputs;
    return { ...outputs, ...pretrainingLosses(architecture, outputs, batch) };
  },
  numParameters: (config: Record<string, unknown>, architecture: string) => numParameters(BertConfig.fromHf(config), architecture as BertArchitecture),
  /** `pretrain info --preset ID`: the preset's Hugging Face config and its `BertModel` parameter count. */
  presetInfo(id: string) {
    const config = presetConfig(id);
    return { family: 'bert', architecture: 'BertModel', config: { ...BertConfig.toHf(config), model_type: 'bert' } as Record<string, unknown>, numParameters: numParameters(config, 'BertModel') };
  },
  presetIds: Object.keys(bertPresets) as readonly string[],
};
