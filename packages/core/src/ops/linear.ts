import { add, getBackend, matMul as tfMatMul, reshape, transpose, type Tensor } from '@tensorflow/tfjs-core';
import { batchedMatMul } from './batched_matmul.js';
import { customOp } from './custom_op.js';
import { Parameter } from '../module/parameter.js';
import { transposeLastTwo } from '../tensor/wasm_safe_gradients.js';

/**
 * `a @ b` (batched over leading axes) with the transposes materialised instead
 * of passed as flags: tfjs-wasm's matMul is 11–45× slower with flags
 * (PERF-FACTS 1). Its gradient (registered by `registerGradients`) uses plain
 * matMuls too. On `native` (@pretrain/backend-native, BLAS) the flags are passed.
 */
export function matMul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  if (readsTransposeFlags()) return tfMatMul(a, b, transposeA, transposeB);
  return batchedMatMul(transposeA ? transposeLastTwo(a) : a, transposeB ? transposeLastTwo(b) : b);
}

function weightOf(weight: Parameter | Tensor): Tensor {
  return weight instanceof Parameter ? weight.variable : weight;
}

/** Backends whose matMul reads transpose flags at full speed (BLAS); tfjs-wasm's is 11–45× slower with them. */
const readsTransposeFlags = () => getBackend() === 'native';

/** `[out, in]` as `[in, out]`: cached on a Parameter until its value changes, else computed. */
function transposedWeight(weight: Parameter | Tensor): Tensor {
  return weight instanceof Parameter ? weight.transposed() : transpose(weight);
}

/**
 * `dW = dyᵀ · x` (`[out, in]`) with whichever materialised transpose moves fewer
 * elements (transposes cost ~14 ns per element on wasm): `dy [N, out]` itself, or
 * `x [N, in]` and then the `[in, out]` product — 8.4 M against 2.4 M elements for
 * a tied LM head of 8192 × 256 over 1024 tokens.
 */
function weightGradient(gradientRows: Tensor, rows: Tensor): Tensor {
  const [count, outputSize] = gradientRows.shape as [number, number];
  const inputSize = rows.shape[1]!;
  if (readsTransposeFlags()) return tfMatMul(gradientRows, rows, true, false);
  if (count * outputSize <= count * inputSize + inputSize * outputSize) return tfMatMul(transpose(gradientRows), rows);
  return transpose(tfMatMul(transpose(rows), gradientRows));
}

/**
 * `x @ weightᵀ + bias`, a Hugging Face `nn.Linear`: `x [..., in]`,
 * `weight [out, in]`, `bias [out]` → `[..., out]`. With a `Parameter` the
 * transposed weight is prepared once per value (once per optimizer step, and
 * once for all of inference); the gradient uses plain matMuls only.
 */
export function linear(x: Tensor, weight: Parameter | Tensor, bias?: Parameter | Tensor): Tensor {
  const weightValue = weightOf(weight);
  const [outputSize, inputSize] = weightValue.shape as [number, number];
  if (weightValue.rank !== 2 || x.shape[x.rank - 1] !== inputSize) {
    throw new Error(`linear: x [${x.shape.join(', ')}] does not match weight [${weightValue.shape.join(', ')}] ([out, in])`);
  }
  const outputShape = [...x.shape.slice(0, -1), outputSize];
  const withoutBias = customOp<[Tensor, Tensor]>(([input, weightTensor], save) => {
    const rows = reshape(input, [-1, inputSize]); // [N, in]
    save([rows, weightTensor]);
    return {
      value: reshape(readsTransposeFlags() ? tfMatMul(rows, weightTensor, false, true) : tfMatMul(rows, transposedWeight(weight)), outputShape),
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [savedRows, savedWeight] = saved as [Tensor, Tensor];
        const gradientRows = reshape(dy as Tensor, [-1, outputSize]); // [N, out]
        return [reshape(tfMatMul(gradientRows, savedWeight), input.shape), weightGradient(gradientRows, savedRows)];
      },
    };
  });
  const output = withoutBias(x, weightValue);
  return bias === undefined ? output : add(output, weightOf(bias));
}

/**
 * `x @ weight + bias` for weights stored `[in, out]` (GPT-2's `Conv1D`):
 * no transpose in the forward pass; the gradient's transposes are materialised.
 */
export function linearInOut(x: Tensor, weight: Parameter | Tensor, bias?: Parameter | Tensor): Tensor {
  const weightValue = weightOf(weight);
  const [inputSize, outputSize] = weightValue.shape as [number, number];
  if (weightValue.rank !== 2 || x.shape[x.rank - 1] !== inputSize) {
    throw new Error(`linearInOut: x [${x.shape.join(', ')}] does not match weight [${weightValue.shape.join(', ')}] ([in, out])`);
  }
  const output = reshape(tfMatMul(reshape(x, [-1, inputSize]), weightValue), [...x.shape.slice(0, -1), outputSize]);
  return bias === undefined ? output : add(output, weightOf(bias));
}
