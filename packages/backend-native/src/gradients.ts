import { tf, type Tensor } from '@pretrain/core';
import { backendName } from './kernels/kernel.js';

const wrapped = Symbol('pretrain.native.flaggedMatMulGradient');

/**
 * The BatchMatMul gradient with transpose flags: BLAS reads them for free, where
 * core's gradient (registered for wasm, whose flagged matMul is 11–45× slower)
 * materialises every transpose. Batch axes that broadcast keep core's gradient.
 */
function flaggedGradient(dy: Tensor, a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): { a: () => Tensor; b: () => Tensor } {
  if (!transposeA && !transposeB) return { a: () => tf.matMul(dy, b, false, true), b: () => tf.matMul(a, dy, true, false) };
  if (!transposeA) return { a: () => tf.matMul(dy, b, false, false), b: () => tf.matMul(dy, a, true, false) };
  if (!transposeB) return { a: () => tf.matMul(b, dy, false, true), b: () => tf.matMul(a, dy, false, false) };
  return { a: () => tf.matMul(b, dy, true, true), b: () => tf.matMul(dy, a, true, true) };
}

/**
 * Wraps the registered BatchMatMul gradient (core's, after `registerGradients()`)
 * so that it takes the flagged form while `native` is the active backend; other
 * backends keep the gradient they had. Idempotent.
 */
export function registerFlaggedMatMulGradient(): void {
  const current = tf.getGradient('BatchMatMul') as (tf.GradConfig & { [wrapped]?: true }) | undefined;
  if (!current || current[wrapped]) return;
  const original = current.gradFunc;
  const gradFunc: tf.GradConfig['gradFunc'] = (dy, saved, attrs) => {
    const [a, b] = saved as [Tensor, Tensor];
    const sameBatch = a.rank === b.rank && a.shape.slice(0, -2).every((extent, axis) => extent === b.shape[axis]);
    if (tf.getBackend() !== backendName || !sameBatch) return original(dy, saved, attrs);
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    return flaggedGradient(dy as Tensor, a, b, transposeA, transposeB);
  };
  tf.registerGradient({ ...current, gradFunc, [wrapped]: true } as tf.GradConfig);
}
