import { add, mul, softmax, type Tensor } from '@tensorflow/tfjs-core';
import { customOp } from './custom_op.js';
import { AttentionSoftmax, AttentionSoftmaxGrad } from '../fused/kernel_names.js';
import { hasFusedKernel, runFusedKernel } from '../fused/registry.js';

export interface AttentionSoftmaxOptions {
  /** Multiplies the scores before the mask is added (e.g. 1/√headSize); default 1. */
  scale?: number;
  /**
   * Additive mask of the scores' rank, each axis 1 or the scores' (e.g. `[B|1, 1, Tq, Tk]`):
   * 0 where a query may attend, a large negative value where not. It gets no gradient.
   */
  mask?: Tensor;
}

/** The fused kernels: probabilities saved, one backward kernel. */
function fusedAttentionSoftmax(scale: number, mask: Tensor | undefined) {
  return customOp<[Tensor]>(([scores], save) => {
    const [probabilities] = runFusedKernel(AttentionSoftmax, mask ? { scores, mask } : { scores }, { scale }) as [Tensor];
    save([probabilities]);
    return {
      value: probabilities,
      gradFunc: (dy: Tensor, [saved]: Tensor[]) => runFusedKernel(AttentionSoftmaxGrad, { dy, probabilities: saved! }, { scale }),
    };
  });
}

/**
 * `softmax(scores · scale + mask)` over the last axis: attention probabilities from
 * raw `q·kᵀ` scores `[..., Tq, Tk]`. Runs the backend's `PretrainAttentionSoftmax`
 * kernels when registered, else tfjs ops (whose gradient is tfjs's softmax gradient).
 */
export function attentionSoftmax(scores: Tensor, { scale = 1, mask }: AttentionSoftmaxOptions = {}): Tensor {
  if (mask && (mask.rank !== scores.rank || mask.shape.some((size, axis) => size !== 1 && size !== scores.shape[axis]))) {
    throw new Error(`attentionSoftmax: mask [${mask.shape.join(', ')}] does not broadcast to scores [${scores.shape.join(', ')}] (same rank, each axis 1 or equal)`);
  }
  const fused = scores.dtype === 'float32' && (!mask || mask.dtype === 'float32') && hasFusedKernel(AttentionSoftmax) && hasFusedKernel(AttentionSoftmaxGrad);
  if (fused) return fusedAttentionSoftmax(scale, mask)(scores);
  const scaled = scale === 1 ? scores : mul(scores, scale);
  return softmax(mask ? add(scaled, mask) : scaled, -1);
}
