import { tf, type Tensor } from '@pretrain/core';
import { withTaskLoss, type TaskLabels } from './losses.js';

/** The encoder inputs of one row, as every encoder family names them. */
export interface EncoderInputs {
  inputIds: Tensor;
  attentionMask?: Tensor;
  tokenTypeIds?: Tensor;
  positionIds?: Tensor;
}

/**
 * Multiple choice as every encoder family runs it: inputs `[B, C, L]` go through `encode` as `[B·C, L]`; `score` turns
 * the encoder's outputs into one score per row (`[B·C]`, `[B·C, 1]` or `[B, C]`) → logits `[B, C]`, with the
 * cross-entropy `loss` when `labels [B]` are given. The encoder's outputs keep their `[B·C, …]` shape, as Hugging Face's.
 */
export function forwardChoices<Outputs extends object>(
  owner: string,
  inputs: EncoderInputs & TaskLabels,
  encode: (rows: EncoderInputs) => Outputs,
  score: (outputs: Outputs, numChoices: number) => Tensor,
): Outputs & { logits: Tensor; loss?: Tensor } {
  const { inputIds } = inputs;
  if (inputIds.rank !== 3) throw new Error(`${owner}: inputIds must be [batch, choices, length], received [${inputIds.shape.join(', ')}]`);
  const [, numChoices, length] = inputIds.shape as [number, number, number];
  return tf.tidy(() => {
    const rows = (tensor: Tensor | undefined) => (tensor === undefined ? undefined : tf.reshape(tensor, [-1, length])); // [B, C, L] -> [B·C, L]
    const outputs = encode({ inputIds: rows(inputIds)!, attentionMask: rows(inputs.attentionMask), tokenTypeIds: rows(inputs.tokenTypeIds), positionIds: rows(inputs.positionIds) });
    const logits = tf.reshape(score(outputs, numChoices), [-1, numChoices]);
    return withTaskLoss('multiple-choice', { ...outputs, logits }, inputs) as unknown as tf.TensorContainer;
  }) as unknown as Outputs & { logits: Tensor; loss?: Tensor };
}
