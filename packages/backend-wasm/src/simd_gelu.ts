import { fusedKernels, type GeluAttrs } from '@pretrain/core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { elementwiseFunction, f32x4Constant, op, type FunctionDefinition } from './simd_module.js';
import { exponential } from './simd_softmax.js';

// tanh form as x·σ(u), u = x(a + b·x²) with a = 2√(2/π), b = 0.044715a (½(1 + tanh(u/2)) = σ(u)).
const sigmoidScale = 2 * Math.sqrt(2 / Math.PI);
const sigmoidCubic = sigmoidScale * 0.044715;
const constant = f32x4Constant;

/** σ(u) of local `x` into local `gate` (`e`, `k` scratch). */
const gateOf = (x: number, gate: number, e: number, k: number): number[][] => [
  op.localGet(x), op.localGet(x), op.f32x4Mul, ...constant(-sigmoidCubic), op.f32x4Mul, ...constant(-sigmoidScale), op.f32x4Add, op.localGet(x), op.f32x4Mul, op.localSet(e),
  ...exponential(e, k),
  ...constant(1), ...constant(1), op.localGet(e), op.f32x4Add, op.f32x4Div, op.localSet(gate),
];

const geluTanh = elementwiseFunction('geluTanh', 1, 3, ([x], [gate, e, k]) => [...gateOf(x!, gate!, e!, k!), op.localGet(x!), op.localGet(gate!), op.f32x4Mul]);

/** dy · (s + x·s(1 − s)·(a + 3b·x²)). */
const geluTanhGrad = elementwiseFunction('geluTanhGrad', 2, 3, ([dy, x], [gate, e, k]) => [
  ...gateOf(x!, gate!, e!, k!),
  op.localGet(dy!),
  op.localGet(gate!), op.localGet(x!), op.localGet(gate!), op.f32x4Mul, ...constant(1), op.localGet(gate!), op.f32x4Sub, op.f32x4Mul,
  op.localGet(x!), op.localGet(x!), op.f32x4Mul, ...constant(3 * sigmoidCubic), op.f32x4Mul, ...constant(sigmoidScale), op.f32x4Add, op.f32x4Mul,
  op.f32x4Add, op.f32x4Mul,
]);

const signBit = [op.i32Const(-0x80000000), op.i32x4Splat];

/**
 * Φ(x) = ½(1 + erf(x/√2)) of local `x` into local `cdf`: erf(z) = sign(z)·(1 − erfc|z|) with erfc's
 * Chebyshev fit of Press et al. (Numerical Recipes §6.2, fractional error < 1.2e-7); `t`, `e`, `k` scratch.
 */
function cdfOf(x: number, cdf: number, t: number, e: number, k: number): number[][] {
  const coefficients = [-0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223];
  return [
    op.localGet(x), ...constant(Math.SQRT1_2), op.f32x4Mul, op.f32x4Abs, op.localSet(e), // |z|
    ...constant(1), ...constant(1), ...constant(0.5), op.localGet(e), op.f32x4Mul, op.f32x4Add, op.f32x4Div, op.localSet(t),
    ...constant(0.17087277), ...coefficients.flatMap((coefficient) => [op.localGet(t), op.f32x4Mul, ...constant(coefficient), op.f32x4Add]),
    op.localGet(e), op.localGet(e), op.f32x4Mul, op.f32x4Sub, op.localSet(e), // P(t) − z²
    ...exponential(e, k),
    ...constant(1), op.localGet(t), op.localGet(e), op.f32x4Mul, op.f32x4Sub, // 1 − erfc|z| = |erf z|
    op.localGet(x), ...signBit, op.v128And, op.v128Or, // sign of x
    ...constant(1), op.f32x4Add, ...constant(0.5), op.f32x4Mul, op.localSet(cdf),
  ];
}

const geluErf = elementwiseFunction('geluErf', 1, 4, ([x], [cdf, t, e, k]) => [...cdfOf(x!, cdf!, t!, e!, k!), op.localGet(x!), op.localGet(cdf!), op.f32x4Mul]);

/** dy · (Φ(x) + x·φ(x)), φ(x) = e^(−x²/2)/√(2π). */
const geluErfGrad = elementwiseFunction('geluErfGrad', 2, 4, ([dy, x], [cdf, t, e, k]) => [
  ...cdfOf(x!, cdf!, t!, e!, k!),
  op.localGet(x!), op.localGet(x!), op.f32x4Mul, ...constant(-0.5), op.f32x4Mul, op.localSet(e!),
  ...exponential(e!, k!),
  op.localGet(dy!), op.localGet(cdf!), op.localGet(x!), op.localGet(e!), op.f32x4Mul, ...constant(1 / Math.sqrt(2 * Math.PI)), op.f32x4Mul, op.f32x4Add, op.f32x4Mul,
]);

export const geluFunctions: FunctionDefinition[] = [geluTanh, geluTanhGrad, geluErf, geluErfGrad];

type Elementwise = (...pointersAndCount: number[]) => void;

/** `PretrainGelu` and `PretrainGeluGrad` (both forms) through the module's exports. */
export function geluKernels(exports: WebAssembly.Exports): KernelConfig[] {
  const run = (forward: boolean) => ({ inputs, attrs, backend }: { inputs: object; attrs?: object; backend: unknown }) => {
    const wasm = backend as BackendWasm;
    const { dy, x } = inputs as Record<string, TensorInfo | undefined>;
    const output = wasm.makeOutput(x!.shape, 'float32');
    const address = (tensor: TensorInfo) => wasm.dataIdMap.get(tensor.dataId)!.memoryOffset;
    const tanh = (attrs as unknown as GeluAttrs).approximate === 'tanh';
    const name = `${tanh ? 'geluTanh' : 'geluErf'}${forward ? '' : 'Grad'}`;
    const size = x!.shape.reduce((product, length) => product * length, 1);
    (exports[name] as Elementwise)(...(forward ? [x!] : [dy!, x!]).map((tensor) => address(tensor)), address(output), size);
    return output;
  };
  return [
    { kernelName: fusedKernels.Gelu, backendName: 'wasm', kernelFunc: run(true) },
    { kernelName: fusedKernels.GeluGrad, backendName: 'wasm', kernelFunc: run(false) },
  ] as KernelConfig[];
}
