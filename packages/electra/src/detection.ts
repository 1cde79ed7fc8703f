import { tf, type Tensor } from '@pretrain/core';

/** Scalars over the attended positions (mask 1; every position without a mask); not differentiable. */
export interface DetectionMetrics {
  /** Share of attended positions whose label is "replaced". */
  replacedShare: Tensor;
  /** Accuracy of answering "original" everywhere: `1 − replacedShare`, the baseline for `discriminatorAccuracy`. */
  allOriginalAccuracy: Tensor;
  /** Share of replaced positions the discriminator calls replaced (`logit > 0`); 0 when none is replaced. */
  replacedRecall: Tensor;
  /** Share of positions called replaced that are; 0 when none is called replaced. */
  replacedPrecision: Tensor;
}

/** Replaced-token detection quality from the discriminator's `[B, L]` logits and int labels `[B, L]`. */
export function detectionMetrics(logits: Tensor, labels: Tensor, attentionMask?: Tensor): DetectionMetrics {
  const [replacedShare, allOriginalAccuracy, replacedRecall, replacedPrecision] = tf.tidy(() => {
    const weights = attentionMask ? tf.cast(attentionMask, 'float32') : tf.onesLike(logits);
    const replaced = tf.mul(tf.cast(labels, 'float32'), weights);
    const called = tf.mul(tf.cast(tf.greater(logits, 0), 'float32'), weights);
    const [counted, replacedCount, calledCount, hits] = [weights, replaced, called, tf.mul(replaced, called)].map((tensor) => tf.sum(tensor));
    const share = tf.div(replacedCount!, tf.maximum(counted!, 1));
    return [share, tf.sub(1, share), tf.div(hits!, tf.maximum(replacedCount!, 1)), tf.div(hits!, tf.maximum(calledCount!, 1))];
  });
  return { replacedShare: replacedShare!, allOriginalAccuracy: allOriginalAccuracy!, replacedRecall: replacedRecall!, replacedPrecision: replacedPrecision! };
}

/**
 * Area under the ROC curve of `scores` for separating `labels` 1 from 0 (the
 * probability a random replaced position scores above a random original one,
 * ties counting half); `NaN` when either class is empty. Plain arrays: collect
 * the attended positions of held-out batches first.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (scores.length !== labels.length) throw new RangeError(`rocAuc: ${scores.length} scores but ${labels.length} labels`);
  const order = Array.from({ length: scores.length }, (_, index) => index).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPositive = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const averageRank = (start + end) / 2 + 1; // 1-based ranks, ties share their mean
    for (let index = start; index <= end; index++) if (labels[order[index]!]) { rankSumPositive += averageRank; positives++; }
    start = end + 1;
  }
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}
