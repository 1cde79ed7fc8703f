import {
  cast, div, exp, expandDims, log, max, maximum, mul, neg, notEqual, oneHot, reshape, sub, sum, where, zerosLike, type Tensor,
} from '@tensorflow/tfjs-core';
import { customOp } from './custom_op.js';
import { SoftmaxCrossEntropy } from '../fused/kernel_names.js';
import { hasFusedKernel, runFusedKernel } from '../fused/registry.js';

/** `x − max − log Σ exp(x − max)` along `axis` (the max shift keeps exp from overflowing). */
function logSoftmaxValue(x: Tensor, axis: number): Tensor {
  const shifted = sub(x, max(x, axis, true));
  return sub(shifted, log(sum(exp(shifted), axis, true)));
}

/** Numerically stable log-softmax along `axis` (default the last). Gradient: `dy − softmax · Σ dy`. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const op = customOp<[Tensor]>(([input], save) => {
    const value = logSoftmaxValue(input, axis);
    save([value]);
    return {
      value,
      gradFunc: (dy: Tensor | Tensor[], [savedValue]: Tensor[]) => [sub(dy as Tensor, mul(exp(savedValue!), sum(dy as Tensor, axis, true)))],
    };
  });
  return op(x);
}

export interface CrossEntropyOptions {
  /** Labels equal to this are left out of the mean (PyTorch's and Hugging Face's −100). */
  ignoreIndex?: number;
}

/** The fused kernel: loss and the gradient of the mean loss in one pass; backward scales the saved gradient by dy. */
function fusedCrossEntropy(logits: Tensor, labels: Tensor, ignoreIndex: number): Tensor {
  const vocabularySize = logits.shape[logits.rank - 1]!;
  const op = customOp<[Tensor]>(([input], save) => {
    const rows = reshape(input, [-1, vocabularySize]); // [N, V]
    const [loss, gradient] = runFusedKernel(SoftmaxCrossEntropy, { logits: rows, labels: reshape(cast(labels, 'int32'), [-1]) }, { ignoreIndex }) as [Tensor, Tensor];
    save([gradient]);
    return { value: loss, gradFunc: (dy: Tensor, [savedGradient]: Tensor[]) => [reshape(mul(savedGradient!, dy), input.shape)] };
  });
  return op(logits);
}

/**
 * Mean cross-entropy of `logits [..., V]` against integer `labels [...]`,
 * over the positions whose label is not `ignoreIndex` (as PyTorch's
 * `cross_entropy(..., ignore_index=-100)`); 0 when every label is ignored.
 * Runs the backend's `PretrainSoftmaxCrossEntropy` kernel when registered
 * (which rejects a label outside `[0, V)`), else the composite.
 */
export function sparseSoftmaxCrossEntropy(logits: Tensor, labels: Tensor, { ignoreIndex = -100 }: CrossEntropyOptions = {}): Tensor {
  const vocabularySize = logits.shape[logits.rank - 1]!;
  if (labels.shape.join(',') !== logits.shape.slice(0, -1).join(',')) {
    throw new Error(`sparseSoftmaxCrossEntropy: labels [${labels.shape.join(', ')}] must be logits [${logits.shape.join(', ')}] without the last axis`);
  }
  if (logits.dtype === 'float32' && labels.size > 0 && hasFusedKernel(SoftmaxCrossEntropy)) return fusedCrossEntropy(logits, labels, ignoreIndex);
  const op = customOp<[Tensor]>(([input], save) => {
    const flatLabels = reshape(cast(labels, 'int32'), [-1]); // [N]
    const valid = notEqual(flatLabels, ignoreIndex);
    const weights = cast(valid, 'float32'); // [N]
    const targets = oneHot(where(valid, flatLabels, zerosLike(flatLabels)), vocabularySize); // [N, V]
    const rows = reshape(input, [-1, vocabularySize]); // [N, V]
    const shifted = sub(rows, max(rows, -1, true));
    const exponentials = exp(shifted);
    const total = sum(exponentials, -1, true); // [N, 1]
    const denominator = maximum(sum(weights), 1);
    // log p(label) = shifted[label] − log Σ exp: picks from `shifted`, so no [N, V] log-softmax is materialised.
    const picked = sub(sum(mul(shifted, targets), -1), reshape(log(total), [-1])); // [N]
    // The gradient needs softmax = exp / Σ exp: one division now instead of a second [N, V] exp later.
    save([div(exponentials, total), targets, weights, denominator]);
    return {
      value: neg(div(sum(mul(picked, weights)), denominator)),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [savedProbabilities, savedTargets, savedWeights, savedDenominator] = saved as [Tensor, Tensor, Tensor, Tensor];
        const scale = expandDims(div(mul(savedWeights, dy as Tensor), savedDenominator), 1); // [N, 1]
        return [reshape(mul(sub(savedProbabilities, savedTargets), scale), input.shape)];
      },
    };
  });
  return op(logits);
}
