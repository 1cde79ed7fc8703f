/**
 * The fused kernels' arithmetic over flat typed arrays, shared by every backend
 * whose tensors live in JavaScript-visible memory (cpu's Float32Arrays, views of
 * the wasm heap). Accumulations are in float64; each output element is rounded
 * to float32 once, where the composites round after every op.
 */
import type { FusedAdamWAttrs } from './kernel_names.js';

/**
 * `[parameter′, m′, v′]` written into `outputs` (see {@link FusedAdamWAttrs} for the formula).
 * Every operation is rounded to float32 in the order the composite's tfjs ops take, with the
 * scalars as float32 tensors would hold them, so the result equals the composite's bit for bit
 * (cpu and wasm round each f32 op correctly); `Math.fround` costs little next to a pass per op.
 */
export function adamwArrays(
  inputs: { parameter: Float32Array; gradient: Float32Array; firstMoment: Float32Array; secondMoment: Float32Array },
  outputs: { parameter: Float32Array; firstMoment: Float32Array; secondMoment: Float32Array },
  { learningRate, beta1, beta2, epsilon, weightDecay, step }: FusedAdamWAttrs,
): void {
  const f = Math.fround;
  const { parameter, gradient, firstMoment, secondMoment } = inputs;
  const [beta1f, beta2f, keep1, keep2] = [f(beta1), f(beta2), f(1 - beta1), f(1 - beta2)];
  const decay = f(1 - learningRate * weightDecay);
  const stepSize = f(learningRate / (1 - beta1 ** step));
  const correction2 = f(Math.sqrt(1 - beta2 ** step));
  const epsilonf = f(epsilon);
  for (let i = 0; i < parameter.length; i++) {
    const g = gradient[i]!;
    const m = f(f(firstMoment[i]! * beta1f) + f(g * keep1));
    const v = f(f(secondMoment[i]! * beta2f) + f(f(g * g) * keep2));
    outputs.firstMoment[i] = m;
    outputs.secondMoment[i] = v;
    const decayed = weightDecay > 0 ? f(parameter[i]! * decay) : parameter[i]!;
    const denominator = f(f(f(Math.sqrt(v)) / correction2) + epsilonf);
    outputs.parameter[i] = decayed - f(f(m / denominator) * stepSize);
  }
}

/** Layer norm of `rows` rows of `size`: `y`, and each row's `mean` and `rstd = 1/√(var + ε)`. */
export function layerNormArrays(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  outputs: { y: Float32Array; mean: Float32Array; rstd: Float32Array },
  size: number,
  epsilon: number,
): void {
  const rows = x.length / size;
  for (let row = 0, offset = 0; row < rows; row++, offset += size) {
    let total = 0;
    for (let j = 0; j < size; j++) total += x[offset + j]!;
    const mean = total / size;
    let squares = 0;
    for (let j = 0; j < size; j++) {
      const centered = x[offset + j]! - mean;
      squares += centered * centered;
    }
    const rstd = 1 / Math.sqrt(squares / size + epsilon);
    for (let j = 0; j < size; j++) outputs.y[offset + j] = (x[offset + j]! - mean) * rstd * gamma[j]! + beta[j]!;
    outputs.mean[row] = mean;
    outputs.rstd[row] = rstd;
  }
}

/** The layer-norm backward pass: `dx` per row, `dgamma` and `dbeta` summed over rows. */
export function layerNormGradArrays(
  inputs: { dy: Float32Array; x: Float32Array; mean: Float32Array; rstd: Float32Array; gamma: Float32Array },
  outputs: { dx: Float32Array; dgamma: Float32Array; dbeta: Float32Array },
  size: number,
): void {
  const { dy, x, gamma } = inputs;
  const rows = x.length / size;
  const gammaSums = new Float64Array(size);
  const betaSums = new Float64Array(size);
  for (let row = 0, offset = 0; row < rows; row++, offset += size) {
    const mean = inputs.mean[row]!;
    const rstd = inputs.rstd[row]!;
    let gradientSum = 0;
    let gradientDotNormalized = 0;
    for (let j = 0; j < size; j++) {
      const normalized = (x[offset + j]! - mean) * rstd;
      const gradient = dy[offset + j]!;
      const scaled = gradient * gamma[j]!;
      gradientSum += scaled;
      gradientDotNormalized += scaled * normalized;
      gammaSums[j] = gammaSums[j]! + gradient * normalized;
      betaSums[j] = betaSums[j]! + gradient;
    }
    const [meanGradient, meanDot] = [gradientSum / size, gradientDotNormalized / size];
    for (let j = 0; j < size; j++) {
      const normalized = (x[offset + j]! - mean) * rstd;
      outputs.dx[offset + j] = rstd * (dy[offset + j]! * gamma[j]! - meanGradient - normalized * meanDot);
    }
  }
  outputs.dgamma.set(gammaSums);
  outputs.dbeta.set(betaSums);
}

/**
 * erf(x) as `1 − erfc(|x|)` with erfc's Chebyshev fit of Press et al. (Numerical
 * Recipes §6.2, fractional error < 1.2e-7 everywhere), sign restored.
 */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const polynomial =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const complement = t * Math.exp(-z * z + polynomial);
  return x >= 0 ? 1 - complement : complement - 1;
}

const inverseSqrt2 = Math.SQRT1_2;
const inverseSqrt2Pi = 1 / Math.sqrt(2 * Math.PI);
/** tanh form as `x·σ(u)`, `u = x(a + b·x²)`: `½(1 + tanh(u/2)) = σ(u)`. */
const sigmoidScale = 2 * Math.sqrt(2 / Math.PI);
const sigmoidCubic = sigmoidScale * 0.044715;

export function geluArrays(x: Float32Array, y: Float32Array, approximate: 'none' | 'tanh'): void {
  if (approximate === 'tanh') {
    for (let i = 0; i < x.length; i++) {
      const value = x[i]!;
      y[i] = value / (1 + Math.exp(-value * (sigmoidScale + sigmoidCubic * value * value)));
    }
    return;
  }
  for (let i = 0; i < x.length; i++) {
    const value = x[i]!;
    y[i] = 0.5 * value * (1 + erf(value * inverseSqrt2));
  }
}

/** `dx = dy · GELU′(x)`: `Φ + x·φ` (erf form), `s + x·s(1 − s)·u′` with `s = σ(u)` (tanh form). */
export function geluGradArrays(dy: Float32Array, x: Float32Array, dx: Float32Array, approximate: 'none' | 'tanh'): void {
  if (approximate === 'tanh') {
    for (let i = 0; i < x.length; i++) {
      const value = x[i]!;
      const squared = value * value;
      const gate = 1 / (1 + Math.exp(-value * (sigmoidScale + sigmoidCubic * squared)));
      dx[i] = dy[i]! * (gate + value * gate * (1 - gate) * (sigmoidScale + 3 * sigmoidCubic * squared));
    }
    return;
  }
  for (let i = 0; i < x.length; i++) {
    const value = x[i]!;
    const cdf = 0.5 * (1 + erf(value * inverseSqrt2));
    dx[i] = dy[i]! * (cdf + value * inverseSqrt2Pi * Math.exp(-0.5 * value * value));
  }
}
