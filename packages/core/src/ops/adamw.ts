import { add, div, mul, sqrt, square, sub, type Tensor } from '@tensorflow/tfjs-core';
import { FusedAdamW, type FusedAdamWAttrs } from '../fused/kernel_names.js';
import { hasFusedKernel, runFusedKernel } from '../fused/registry.js';

export interface AdamWState {
  parameter: Tensor;
  gradient: Tensor;
  firstMoment: Tensor;
  secondMoment: Tensor;
}

/** A type alias, not an interface: `tf.tidy` needs a value assignable to its TensorContainer index signature. */
export type AdamWUpdate = {
  parameter: Tensor;
  firstMoment: Tensor;
  secondMoment: Tensor;
};

/** The composite, op for op as `@pretrain/train`'s AdamW computed it before the fused kernel. */
function compositeAdamW({ parameter, gradient, firstMoment, secondMoment }: AdamWState, attrs: FusedAdamWAttrs): AdamWUpdate {
  const { learningRate, beta1, beta2, epsilon, weightDecay, step } = attrs;
  const newFirstMoment = add(mul(firstMoment, beta1), mul(gradient, 1 - beta1));
  const newSecondMoment = add(mul(secondMoment, beta2), mul(square(gradient), 1 - beta2));
  const decayed = weightDecay > 0 ? mul(parameter, 1 - learningRate * weightDecay) : parameter;
  const stepSize = learningRate / (1 - beta1 ** step);
  const correction2 = Math.sqrt(1 - beta2 ** step);
  const denominator = add(div(sqrt(newSecondMoment), correction2), epsilon);
  const newParameter = sub(decayed, mul(div(newFirstMoment, denominator), stepSize));
  return { parameter: newParameter, firstMoment: newFirstMoment, secondMoment: newSecondMoment };
}

/**
 * One AdamW step for one parameter (PyTorch's `torch.optim.AdamW`): new parameter and
 * moments, the inputs untouched. `weightDecay` is the decoupled λ (0: no decay). One
 * `PretrainFusedAdamW` kernel when the backend has it, else about a dozen tfjs ops.
 */
export function adamwUpdate(state: AdamWState, attrs: FusedAdamWAttrs): AdamWUpdate {
  const shapes = [state.gradient, state.firstMoment, state.secondMoment].map((tensor) => tensor.shape.join(','));
  if (shapes.some((shape) => shape !== state.parameter.shape.join(','))) {
    throw new Error(`adamwUpdate: parameter, gradient and moments must have one shape, received [${[state.parameter.shape.join(','), ...shapes].join('], [')}]`);
  }
  const allFloat = [state.parameter, state.gradient, state.firstMoment, state.secondMoment].every((tensor) => tensor.dtype === 'float32');
  if (!allFloat || !hasFusedKernel(FusedAdamW)) return compositeAdamW(state, attrs);
  const { parameter, gradient, firstMoment, secondMoment } = state;
  const [newParameter, newFirstMoment, newSecondMoment] = runFusedKernel(FusedAdamW, { parameter, gradient, firstMoment, secondMoment }, attrs) as [Tensor, Tensor, Tensor];
  return { parameter: newParameter, firstMoment: newFirstMoment, secondMoment: newSecondMoment };
}
