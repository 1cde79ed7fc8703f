import { multipleChoiceLoss } from '@pretrain/blocks';
import { tf, type Tensor } from '@pretrain/core';
import { causalLMLoss } from '@pretrain/objective-clm';

// The sequence-classification and multiple-choice losses are @pretrain/blocks', shared by every family.
export { multipleChoiceLoss, sequenceClassificationLoss } from '@pretrain/blocks';

/** A type alias so it can be returned from `tf.tidy`. */
export type DoubleHeadsLosses = { lmLoss?: Tensor; mcLoss?: Tensor };

/**
 * The two losses Hugging Face's double-heads models return (`lm_loss`, `mc_loss`),
 * each when its labels are given: the shifted LM loss over every option's tokens
 * (`lmLabels [B, C, L]`, −100 ignored) and the multiple-choice loss (`mcLabels [B]`).
 */
export function doubleHeadsLoss(outputs: { logits: Tensor; mcLogits: Tensor }, labels: { lmLabels?: Tensor; mcLabels?: Tensor }): DoubleHeadsLosses {
  return tf.tidy(() => {
    const losses: DoubleHeadsLosses = {};
    if (labels.lmLabels) {
      const [batch, choices, length, vocab] = outputs.logits.shape as [number, number, number, number];
      losses.lmLoss = causalLMLoss(tf.reshape(outputs.logits, [batch * choices, length, vocab]), tf.reshape(labels.lmLabels, [batch * choices, length]));
    }
    if (labels.mcLabels) losses.mcLoss = multipleChoiceLoss(outputs.mcLogits, labels.mcLabels);
    return losses;
  });
}
