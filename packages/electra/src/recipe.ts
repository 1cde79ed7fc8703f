import { type LossOptions, type LossResult, type Recipe, type Rng, type Tensor } from '@pretrain/core';
import { mlmAccuracy, mlmLoss } from '@pretrain/objective-mlm';
import { discriminatorAccuracy, discriminatorLoss, DISCRIMINATOR_WEIGHT, replaceAtPositions, replacedTokenLabels, rtdLoss, sampleFromLogits } from '@pretrain/objective-rtd';
import { detectionMetrics } from './detection.js';
import type { ElectraPretrainingPair } from './pair.js';

/** An ELECTRA pretraining batch (from `electraMasker(...).maskBatch(...)`). */
export interface RtdBatch {
  /** int32 `[B, L]`: the masked text, the generator's input. */
  inputIds: Tensor;
  /** int32 `[B, L]`: the text before masking, against which replacements are labelled. */
  originalInputIds: Tensor;
  attentionMask?: Tensor;
  tokenTypeIds?: Tensor;
  /** int32 `[N]` flat positions `b · L + t` of the masked tokens. */
  maskedPositions: Tensor;
  /** int32 `[N]`: the original tokens there. */
  maskedLabels: Tensor;
}

export interface ElectraRecipeOptions {
  /** λ, the weight of the discriminator loss; default 50. */
  discriminatorWeight?: number;
  /** Sampling temperature of the generator's softmax; default 1. */
  temperature?: number;
}

/** One corrupt-then-detect pass: the generator's `[N, V]` logits, the discriminator's input, its `[B, L]` logits and the labels. */
export interface ReplacedTokenDetection {
  generatorLogits: Tensor;
  /** int32 `[B, L]`: the masked text with the generator's samples at the masked positions. */
  corruptedIds: Tensor;
  /** int32 `[B, L]`: 1 where `corruptedIds` differs from the original text. */
  labels: Tensor;
  /** `[B, L]`: the discriminator's "replaced" logits. */
  logits: Tensor;
}

/**
 * Runs the generator on the masked batch, samples a replacement at every masked
 * position from its softmax (off the gradient tape, from `rng.derive('replacements')`),
 * and runs the discriminator on the result. `dropout` is the rng for dropout (none in eval).
 */
export function detectReplacedTokens(pair: ElectraPretrainingPair, batch: RtdBatch, rng: Rng, { temperature = 1, dropout }: { temperature?: number; dropout?: Rng } = {}): ReplacedTokenDetection {
  const { attentionMask, tokenTypeIds, maskedPositions } = batch;
  const generatorLogits = pair.generator.forward({ inputIds: batch.inputIds, attentionMask, tokenTypeIds }, { maskedPositions, rng: dropout?.derive('generator') }).logits; // [N, V]
  const sampled = sampleFromLogits(generatorLogits, rng.derive('replacements'), { temperature });
  const corruptedIds = replaceAtPositions(batch.inputIds, maskedPositions, sampled); // [B, L]
  const labels = replacedTokenLabels(batch.originalInputIds, corruptedIds);
  const logits = pair.discriminator.forward({ inputIds: corruptedIds, attentionMask, tokenTypeIds }, { rng: dropout?.derive('discriminator') }).logits; // [B, L]
  return { generatorLogits, corruptedIds, labels, logits };
}

/**
 * ELECTRA's joint pretraining as a named recipe: the generator's MLM loss on
 * the masked positions, replacements sampled from its softmax (no gradient
 * through the sampling), the discriminator's binary loss on every attended
 * position (a sample equal to the original counts as original),
 * `loss = mlm + λ · discriminator`. The recipe's model is the pair: its
 * trainable variables are the union of both networks, the shared embeddings
 * once. Metrics: `mlmLoss`, `discriminatorLoss`, `mlmAccuracy`,
 * `discriminatorAccuracy`, and over attended positions `replacedShare`,
 * `allOriginalAccuracy` (the accuracy of always answering "original", the
 * baseline `discriminatorAccuracy` must beat), `replacedRecall`, `replacedPrecision`.
 */
export function electraRecipe(pair: ElectraPretrainingPair, { discriminatorWeight = DISCRIMINATOR_WEIGHT, temperature = 1 }: ElectraRecipeOptions = {}): Recipe<RtdBatch> & { readonly name: 'mlm+rtd' } {
  return {
    name: 'mlm+rtd',
    model: pair,
    loss(batch: RtdBatch, { training, rng }: LossOptions): LossResult {
      pair.train(training);
      const { generatorLogits, labels, logits } = detectReplacedTokens(pair, batch, rng, { temperature, dropout: training ? rng : undefined });
      const generatorLoss = mlmLoss(generatorLogits, batch.maskedLabels);
      const detection = discriminatorLoss(logits, labels, batch.attentionMask);
      const metrics = {
        mlmLoss: generatorLoss,
        discriminatorLoss: detection,
        mlmAccuracy: mlmAccuracy(generatorLogits, batch.maskedLabels),
        discriminatorAccuracy: discriminatorAccuracy(logits, labels, batch.attentionMask),
        ...detectionMetrics(logits, labels, batch.attentionMask),
      };
      return { loss: rtdLoss(generatorLoss, detection, discriminatorWeight), metrics };
    },
  };
}
