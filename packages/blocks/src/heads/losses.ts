// The losses of the task heads, written once for every encoder family (BERT, ALBERT, ELECTRA,
// DistilBERT, …): what Hugging Face's `…For{SequenceClassification,TokenClassification,
// QuestionAnswering,MultipleChoice}.forward(labels=…)` returns as `loss`.
import { sparseSoftmaxCrossEntropy, tf, type Tensor } from '@pretrain/core';
import { inferProblemType, type ProblemType } from './classification.js';

/** Labels a task head takes beside its inputs, under Hugging Face's names (camelCase). */
export interface TaskLabels {
  /** Sequence classification `[B]` (int32 classes, float32 regression targets) or `[B, numLabels]` multi-label; token classification `[B, L]` (−100 ignored); multiple choice `[B]`. */
  labels?: Tensor;
  /** Question answering: `[B]` token indices of the answer span. */
  startPositions?: Tensor;
  endPositions?: Tensor;
}

/** `mean(max(x, 0) − x·y + log(1 + e^−|x|))`: binary cross-entropy on logits, numerically stable. */
export function binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor): Tensor {
  return tf.tidy(() => {
    const target = tf.cast(targets, 'float32');
    return tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))));
  });
}

/**
 * Sequence classification by `problemType`, else inferred as Hugging Face does
 * (1 label → regression MSE; int32 labels → cross-entropy; otherwise multi-label
 * binary cross-entropy on logits). `logits [B, numLabels]`.
 */
export function sequenceClassificationLoss(logits: Tensor, labels: Tensor, problemType: ProblemType | null = null): Tensor {
  const numberOfLabels = logits.shape[logits.rank - 1]!;
  const kind = problemType ?? inferProblemType(numberOfLabels, labels.dtype === 'int32');
  return tf.tidy(() => {
    if (kind === 'regression') {
      const predictions = numberOfLabels === 1 ? tf.reshape(logits, [-1]) : logits;
      return tf.mean(tf.square(tf.sub(predictions, tf.reshape(tf.cast(labels, 'float32'), predictions.shape))));
    }
    if (kind === 'single_label_classification') return sparseSoftmaxCrossEntropy(logits, tf.cast(labels, 'int32'));
    return binaryCrossEntropyWithLogits(logits, labels);
  });
}

/** Cross-entropy over the tokens whose label is not −100: `logits [B, L, numLabels]`, `labels [B, L]`. */
export function tokenClassificationLoss(logits: Tensor, labels: Tensor): Tensor {
  return tf.tidy(() => sparseSoftmaxCrossEntropy(logits, tf.cast(labels, 'int32')));
}

/**
 * `(CE(start) + CE(end)) / 2` with Hugging Face's convention: positions are
 * clamped to `[0, L]` and `L` (outside the sequence) is ignored. Logits `[B, L]`, positions `[B]`.
 */
export function questionAnsweringLoss(startLogits: Tensor, endLogits: Tensor, startPositions: Tensor, endPositions: Tensor): Tensor {
  const length = startLogits.shape[1]!;
  return tf.tidy(() => {
    // Clamped as float32: tfjs-wasm's clipByValue on int32 returns wrong values (9 → 0 for [0, 3]).
    const clamp = (positions: Tensor) => tf.cast(tf.clipByValue(tf.cast(positions, 'float32'), 0, length), 'int32');
    const start = sparseSoftmaxCrossEntropy(startLogits, clamp(startPositions), { ignoreIndex: length });
    const end = sparseSoftmaxCrossEntropy(endLogits, clamp(endPositions), { ignoreIndex: length });
    return tf.div(tf.add(start, end), 2);
  });
}

/** Cross-entropy over the choices: `logits [B, C]`, `labels [B]` (the correct choice). */
export function multipleChoiceLoss(logits: Tensor, labels: Tensor): Tensor {
  return tf.tidy(() => sparseSoftmaxCrossEntropy(logits, tf.cast(labels, 'int32')));
}

/** The losses a task head can return, by head kind. */
export type TaskKind = 'sequence-classification' | 'token-classification' | 'question-answering' | 'multiple-choice';

/** What a task head computed: `logits`, or start and end logits for spans. */
export interface TaskLogits {
  logits?: Tensor;
  startLogits?: Tensor;
  endLogits?: Tensor;
}

/**
 * The head's outputs with `loss` added when its labels are given (as Hugging
 * Face's forward does); without labels the outputs come back unchanged.
 */
export function withTaskLoss<Outputs extends TaskLogits>(kind: TaskKind, outputs: Outputs, labels: TaskLabels, problemType: ProblemType | null = null): Outputs & { loss?: Tensor } {
  const loss = taskLoss(kind, outputs, labels, problemType);
  return loss === undefined ? outputs : { ...outputs, loss };
}

function taskLoss(kind: TaskKind, { logits, startLogits, endLogits }: TaskLogits, labels: TaskLabels, problemType: ProblemType | null): Tensor | undefined {
  if (kind === 'question-answering') {
    if (!labels.startPositions || !labels.endPositions) return undefined;
    return questionAnsweringLoss(startLogits!, endLogits!, labels.startPositions, labels.endPositions);
  }
  if (!labels.labels) return undefined;
  if (kind === 'sequence-classification') return sequenceClassificationLoss(logits!, labels.labels, problemType);
  if (kind === 'token-classification') return tokenClassificationLoss(logits!, labels.labels);
  return multipleChoiceLoss(logits!, labels.labels);
}
