/** Softmax-shaped fused kernels over flat typed arrays (see array_math.ts for the conventions). */

/**
 * Mean cross-entropy of `logits [N, V]` against `labels [N]` over the labels that are not
 * `ignoreIndex`, and its gradient `(softmax − onehot) / count` (0 on ignored rows).
 * Returns the loss (0 when every label is ignored). Throws on a label outside `[0, V)`.
 */
export function crossEntropyArrays(logits: Float32Array, labels: Int32Array | Float32Array, gradient: Float32Array, ignoreIndex: number): number {
  const rows = labels.length;
  const vocabularySize = logits.length / rows;
  let count = 0;
  for (let row = 0; row < rows; row++) {
    const label = labels[row]!;
    if (label === ignoreIndex) continue;
    if (!(label >= 0 && label < vocabularySize)) throw new RangeError(`sparseSoftmaxCrossEntropy: labels[${row}] = ${label} is outside [0, ${vocabularySize}) and is not the ignore index ${ignoreIndex}`);
    count++;
  }
  const weight = 1 / Math.max(count, 1);
  let total = 0;
  for (let row = 0, offset = 0; row < rows; row++, offset += vocabularySize) {
    const label = labels[row]!;
    if (label === ignoreIndex) {
      gradient.fill(0, offset, offset + vocabularySize);
      continue;
    }
    let maximum = -Infinity;
    for (let j = 0; j < vocabularySize; j++) maximum = Math.max(maximum, logits[offset + j]!);
    let sum = 0;
    for (let j = 0; j < vocabularySize; j++) {
      const exponential = Math.exp(logits[offset + j]! - maximum);
      gradient[offset + j] = exponential;
      sum += exponential;
    }
    total += Math.log(sum) + maximum - logits[offset + label]!;
    const scale = weight / sum;
    for (let j = 0; j < vocabularySize; j++) gradient[offset + j] = gradient[offset + j]! * scale;
    gradient[offset + label] = gradient[offset + label]! - weight;
  }
  return count === 0 ? 0 : total * weight;
}

/** Element strides of `shape`, 0 on axes of size 1 (broadcast against `target`). */
function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(0);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = shape[axis] === 1 && target[axis] !== 1 ? 0 : stride;
    stride *= shape[axis]!;
  }
  return strides;
}

/** Offset of row `row` of `rowShape` (the scores' shape without its last axis) in the mask. */
function maskRowOffset(row: number, rowShape: readonly number[], strides: readonly number[]): number {
  let offset = 0;
  let rest = row;
  for (let axis = rowShape.length - 1; axis >= 0; axis--) {
    const size = rowShape[axis]!;
    offset += (rest % size) * strides[axis]!;
    rest = Math.floor(rest / size);
  }
  return offset;
}

/**
 * Softmax over the last axis of `scores · scale + mask` into `probabilities` (float32, so each
 * sum is rounded before the max shift). `mask` broadcasts: same rank, each axis 1 or the scores'.
 */
export function attentionSoftmaxArrays(
  scores: Float32Array,
  shape: readonly number[],
  mask: { values: Float32Array; shape: readonly number[] } | undefined,
  probabilities: Float32Array,
  scale: number,
): void {
  const keyLength = shape[shape.length - 1]!;
  const rowShape = shape.slice(0, -1);
  const strides = mask ? broadcastStrides(mask.shape, shape) : [];
  const keyStride = strides[strides.length - 1] ?? 0;
  for (let row = 0, offset = 0; row < scores.length / keyLength; row++, offset += keyLength) {
    if (mask) {
      const maskOffset = maskRowOffset(row, rowShape, strides);
      for (let j = 0; j < keyLength; j++) probabilities[offset + j] = scores[offset + j]! * scale + mask.values[maskOffset + j * keyStride]!;
    } else {
      for (let j = 0; j < keyLength; j++) probabilities[offset + j] = scores[offset + j]! * scale;
    }
    let maximum = -Infinity;
    for (let j = 0; j < keyLength; j++) maximum = Math.max(maximum, probabilities[offset + j]!);
    let sum = 0;
    for (let j = 0; j < keyLength; j++) {
      const exponential = Math.exp(probabilities[offset + j]! - maximum);
      probabilities[offset + j] = exponential;
      sum += exponential;
    }
    const inverse = 1 / sum;
    for (let j = 0; j < keyLength; j++) probabilities[offset + j] = probabilities[offset + j]! * inverse;
  }
}

/** `dscores = scale · p · (dy − Σ dy·p)` per row of `keyLength`. */
export function attentionSoftmaxGradArrays(dy: Float32Array, probabilities: Float32Array, dscores: Float32Array, keyLength: number, scale: number): void {
  for (let offset = 0; offset < dy.length; offset += keyLength) {
    let dot = 0;
    for (let j = 0; j < keyLength; j++) dot += dy[offset + j]! * probabilities[offset + j]!;
    for (let j = 0; j < keyLength; j++) dscores[offset + j] = scale * probabilities[offset + j]! * (dy[offset + j]! - dot);
  }
}
