import { sparseSoftmaxCrossEntropy, tf, type Tensor } from '@pretrain/core';
import { inferProblemType, type ProblemType } from '@pretrain/blocks';
import { causalLMLoss } from '@pretrain/objective-clm';

/** Multiple-choice cross-entropy: logits `[B, C]`, labels int32 `[B]` (the correct option). */
export function multipleChoiceLoss(mcLogits: Tensor, mcLabels: Tensor): Tensor {
  return tf.tidy(() => sparseSoftmaxCrossEntropy(mcLogits, tf.cast(mcLabels, 'int32')));
}

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

/**
 * The sequence-classification models' loss: regression (MSE on one output),
 * single-label cross-entropy, or multi-label binary cross-entropy on logits;
 * the problem type is `problemType`, else inferred as Hugging Face does.
 */
export function sequenceClassificationLoss(logits: Tensor, labels: Tensor, problemType: ProblemType | null = null): Tensor {
  const numLabels = logits.shape[logits.rank - 1]!;
  const kind = problemType ?? inferProblemType(numLabels, labels.dtype === 'int32');
  return tf.tidy(() => {
    switch (kind) {
      case 'regression':
        return tf.mean(tf.squaredDifference(tf.squeeze(logits), tf.squeeze(tf.cast(labels, 'float32'))));
      case 'single_label_classification':
        return sparseSoftmaxCrossEntropy(logits, tf.cast(labels, 'int32'));
      case 'multi_label_classification': {
        // Stable BCE with logits: max(x, 0) − x·y + log(1 + e^(−|x|)).
        const target = tf.cast(labels, 'float32');
        return tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))));
      }
    }
  });
}
