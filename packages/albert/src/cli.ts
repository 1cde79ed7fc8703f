/**
 * What `pretrain forward` / `pretrain info` need from this family; `@pretrain/cli`'s
 * family handler does the rest (loading through `@pretrain/auto`, tensors in and out,
 * the backend). Structural: families do not import the CLI.
 */
import { tf, type Module, type Tensor } from '@pretrain/core';
import { mlmLoss } from '@pretrain/objective-mlm';
import { sopLoss } from '@pretrain/objective-sop';
import { AlbertConfig } from './config.js';
import type { AlbertForPreTraining, AlbertForPreTrainingOutputs } from './heads.js';
import { albertPresets, numParameters, presetConfig, type AlbertArchitecture } from './presets.js';
import type { AlbertTaskInputs } from './tasks.js';

/** `pretrain forward`'s inputs as tensors: the task heads' labels plus AlbertForPreTraining's. */
export type AlbertCliBatch = AlbertTaskInputs & { sentenceOrderLabel?: Tensor };

type Outputs = Record<string, Tensor | Tensor[] | undefined>;

/** The pretraining heads' losses, as Hugging Face's forward returns them for the labels given (the task heads add theirs). */
function pretrainingLosses(architecture: string, outputs: Outputs, { labels, sentenceOrderLabel }: AlbertCliBatch): Outputs {
  if (architecture === 'AlbertForMaskedLM') return labels ? { loss: mlmLoss(outputs.logits as Tensor, labels) } : {};
  if (architecture !== 'AlbertForPreTraining') return {};
  const { predictionLogits, sopLogits } = outputs as unknown as AlbertForPreTrainingOutputs;
  const terms: Outputs = { mlmLoss: labels && mlmLoss(predictionLogits, labels), sopLoss: sentenceOrderLabel && sopLoss(sopLogits, sentenceOrderLabel) };
  return terms.mlmLoss && terms.sopLoss ? { ...terms, loss: tf.add(terms.mlmLoss as Tensor, terms.sopLoss as Tensor) } : terms;
}

export const albertCli = {
  family: 'albert',
  /** Every output of `model` (`embedding_output` included), plus the losses for the labels given. Inside the caller's tidy. */
  outputs(model: Module, architecture: string, batch: AlbertCliBatch): Outputs {
    const outputs = (model as AlbertForPreTraining).forward(batch, { outputHiddenStates: true, outputAttentions: true }) as unknown as Outputs;
    return { ...outputs, ...pretrainingLosses(architecture, outputs, batch) };
  },
  numParameters: (config: Record<string, unknown>, architecture: string) => numParameters(AlbertConfig.fromHf(config), architecture as AlbertArchitecture),
  /** `pretrain info --preset ID`: the preset's Hugging Face config and its `AlbertModel` parameter count. */
  presetInfo(id: string) {
    const config = presetConfig(id);
    return { family: 'albert', architecture: 'AlbertModel', config: { ...AlbertConfig.toHf(config), model_type: 'albert' } as Record<string, unknown>, numParameters: numParameters(config, 'AlbertModel') };
  },
  presetIds: Object.keys(albertPresets) as readonly string[],
};
