import { tf, type Tensor } from '@pretrain/core';
import { mlmLoss } from '@pretrain/objective-mlm';
import { nspLoss } from '@pretrain/objective-nsp';

/** The two pretraining terms and their sum, as `BertForPreTraining` reports them in Hugging Face. */
export interface PretrainingLosses {
  loss: Tensor;
  mlmLoss: Tensor;
  nspLoss: Tensor;
}

/** `mlm(predictionLogits, labels) + nsp(seqRelationshipLogits, nextSentenceLabel)`; labels are `[B, L]` (or `[N]` for gathered logits). */
export function pretrainingLoss(predictionLogits: Tensor, seqRelationshipLogits: Tensor, labels: Tensor, nextSentenceLabel: Tensor): PretrainingLosses {
  const masked = mlmLoss(predictionLogits, labels);
  const nextSentence = nspLoss(seqRelationshipLogits, nextSentenceLabel);
  return { loss: tf.add(masked, nextSentence), mlmLoss: masked, nspLoss: nextSentence };
}

// The task heads' losses are written once, in @pretrain/blocks, for every encoder family.
export { multipleChoiceLoss, questionAnsweringLoss, sequenceClassificationLoss, tokenClassificationLoss } from '@pretrain/blocks';
