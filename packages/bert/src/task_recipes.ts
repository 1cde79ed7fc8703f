// Fine-tuning recipes (core's `Recipe`, for `@pretrain/train`'s fit/evaluate/sweep):
// a task head plus Hugging Face's loss for it, with an accuracy metric.
import { tf, type LossOptions, type LossResult, type Recipe, type Tensor } from '@pretrain/core';
import { multipleChoiceLoss, questionAnsweringLoss, sequenceClassificationLoss, tokenClassificationLoss } from './losses.js';
import type { BertForwardOptions, BertInputs } from './model.js';
import type { BertForMultipleChoice, BertForQuestionAnswering, BertForSequenceClassification, BertForTokenClassification } from './tasks.js';

/** Encoder inputs plus labels: `[B]` per sequence (int32, or float32 for regression / multi-label `[B, numLabels]`), `[B, L]` per token. */
export interface LabelledBatch extends BertInputs {
  labels: Tensor;
}

export interface SpanBatch extends BertInputs {
  /** int32 `[B]`. */
  startPositions: Tensor;
  endPositions: Tensor;
}

type NamedRecipe<Batch, Model> = Recipe<Batch> & { readonly name: string; readonly model: Model };

/** Share of counted positions where the argmax equals the label (labels −100 not counted). */
function argmaxAccuracy(logits: Tensor, labels: Tensor): Tensor {
  return tf.tidy(() => {
    const target = tf.cast(labels, 'int32');
    const counted = tf.cast(tf.notEqual(target, -100), 'float32');
    const hits = tf.mul(tf.cast(tf.equal(tf.cast(tf.argMax(logits, -1), 'int32'), target), 'float32'), counted);
    return tf.div(tf.sum(hits), tf.maximum(tf.sum(counted), 1));
  });
}

function modeAndOptions(model: { train(mode?: boolean): unknown }, { training, rng }: LossOptions): BertForwardOptions {
  model.train(training);
  return { rng: training ? rng : undefined };
}

const inputsOf = ({ inputIds, attentionMask, tokenTypeIds, positionIds }: BertInputs): BertInputs => ({ inputIds, attentionMask, tokenTypeIds, positionIds });

/** Single sentences or pairs: `sequenceClassificationLoss` by `problem_type`; `accuracy` for single-label classification. */
export function sequenceClassificationRecipe(model: BertForSequenceClassification): NamedRecipe<LabelledBatch, BertForSequenceClassification> {
  return {
    name: 'sequence-classification',
    model,
    loss(batch: LabelledBatch, options: LossOptions): LossResult {
      const { logits } = model.forward(inputsOf(batch), modeAndOptions(model, options));
      const loss = sequenceClassificationLoss(logits, batch.labels, model.config.problemType);
      const classifies = batch.labels.dtype === 'int32' && logits.shape[1]! > 1 && model.config.problemType !== 'regression';
      return { loss, metrics: classifies ? { accuracy: argmaxAccuracy(logits, batch.labels) } : {} };
    },
  };
}

/** Tagging: cross-entropy over tokens labelled ≠ −100; `accuracy` over the same tokens. */
export function tokenClassificationRecipe(model: BertForTokenClassification): NamedRecipe<LabelledBatch, BertForTokenClassification> {
  return {
    name: 'token-classification',
    model,
    loss(batch: LabelledBatch, options: LossOptions): LossResult {
      const { logits } = model.forward(inputsOf(batch), modeAndOptions(model, options));
      return { loss: tokenClassificationLoss(logits, batch.labels), metrics: { accuracy: argmaxAccuracy(logits, batch.labels) } };
    },
  };
}

/** Span QA: mean of the start and end cross-entropies; `startAccuracy` / `endAccuracy` of the argmax positions. */
export function questionAnsweringRecipe(model: BertForQuestionAnswering): NamedRecipe<SpanBatch, BertForQuestionAnswering> {
  return {
    name: 'question-answering',
    model,
    loss(batch: SpanBatch, options: LossOptions): LossResult {
      const { startLogits, endLogits } = model.forward(inputsOf(batch), modeAndOptions(model, options));
      return {
        loss: questionAnsweringLoss(startLogits, endLogits, batch.startPositions, batch.endPositions),
        metrics: { startAccuracy: argmaxAccuracy(startLogits, batch.startPositions), endAccuracy: argmaxAccuracy(endLogits, batch.endPositions) },
      };
    },
  };
}

/** Multiple choice: inputs `[B, C, L]`, labels `[B]`; `accuracy`. */
export function multipleChoiceRecipe(model: BertForMultipleChoice): NamedRecipe<LabelledBatch, BertForMultipleChoice> {
  return {
    name: 'multiple-choice',
    model,
    loss(batch: LabelledBatch, options: LossOptions): LossResult {
      const { logits } = model.forward(inputsOf(batch), modeAndOptions(model, options));
      return { loss: multipleChoiceLoss(logits, batch.labels), metrics: { accuracy: argmaxAccuracy(logits, batch.labels) } };
    },
  };
}
