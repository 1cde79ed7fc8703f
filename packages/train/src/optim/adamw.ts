import { adamwUpdate } from '@pretrain/core';
import { AdamFamilyOptimizer, type UpdateInputs, type UpdateOutputs } from './optimizer.js';

/**
 * AdamW (Loshchilov & Hutter): Adam with weight decay decoupled from the
 * gradient, computed as PyTorch's `torch.optim.AdamW` does:
 * `p ← p·(1 − lr·λ)`, then `p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)`.
 * Each parameter's update is core's `adamwUpdate`: one fused kernel on backends
 * that register `PretrainFusedAdamW` (cpu, wasm), the same formula in tfjs ops elsewhere.
 */
export class AdamW extends AdamFamilyOptimizer {
  readonly kind = 'adamw';

  protected update(inputs: UpdateInputs): UpdateOutputs {
    const { parameter, gradient, firstMoment, secondMoment, learningRate, step } = inputs;
    return adamwUpdate(
      { parameter, gradient, firstMoment, secondMoment },
      { learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, weightDecay: inputs.decays ? this.weightDecay : 0, step },
    );
  }
}
