import { address, countedLoop, elementwiseFunction, f32, f32x4Constant, i32, op, v128, type FunctionDefinition } from './simd_module.js';

/**
 * Row primitives of the softmax-shaped kernels, as WebAssembly SIMD: `rowMax(pointer, count) → max`,
 * `expShiftSum(input, output, count, shift) → Σ` (writes `exp(x − shift)`), `scaleInPlace(pointer, count, factor)`.
 */

/**
 * `exp` of the four lanes of local `x`, in place (`k` is scratch): 2^k·e^r with k = nearest(x·log₂e),
 * r = x − k·ln2 (split in two constants), e^r by its degree-7 Taylor polynomial (|r| ≤ ln2/2: relative
 * error ~1e-7), 2^k built in the exponent bits. x is clamped to [−87.3, 88]: below, the result is
 * e^−87.3 ≈ 1e−38 instead of 0, which a softmax row never notices.
 */
export function exponential(x: number, k: number): number[][] {
  const coefficients = [1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2, 1, 1];
  return [
    op.localGet(x), ...f32x4Constant(-87.33654), op.f32x4Max, ...f32x4Constant(88), op.f32x4Min, op.localSet(x),
    op.localGet(x), ...f32x4Constant(Math.LOG2E), op.f32x4Mul, op.f32x4Nearest, op.localSet(k),
    op.localGet(x), op.localGet(k), ...f32x4Constant(0.693359375), op.f32x4Mul, op.f32x4Sub,
    op.localGet(k), ...f32x4Constant(-2.12194440e-4), op.f32x4Mul, op.f32x4Sub, op.localSet(x),
    ...f32x4Constant(1 / 5040),
    ...coefficients.flatMap((coefficient) => [op.localGet(x), op.f32x4Mul, ...f32x4Constant(coefficient), op.f32x4Add]),
    op.localGet(k), op.i32x4TruncSatF32x4, op.i32Const(127), op.i32x4Splat, op.i32x4Add, op.i32Const(23), op.i32x4Shl,
    op.f32x4Mul, op.localSet(x),
  ];
}

/** Lanes 0–3 of local `lanes` folded with `combine` (f32 add or max), left on the stack. */
const foldLanes = (lanes: number, combine: number[]): number[][] => [
  op.localGet(lanes), op.f32x4ExtractLane(0),
  ...[1, 2, 3].flatMap((lane) => [op.localGet(lanes), op.f32x4ExtractLane(lane), combine]),
];

const rowMax: FunctionDefinition = (() => {
  const [pointer, count, index, end, offset, lanes, scalar] = [0, 1, 2, 3, 4, 5, 6];
  const locals = (stop: number) => ({ index, end: stop, offset });
  return {
    name: 'rowMax',
    parameters: [i32, i32],
    results: [f32],
    locals: [i32, i32, i32, v128, f32],
    body: [
      op.localGet(pointer), op.f32Load, op.f32x4Splat, op.localSet(lanes),
      op.localGet(count), op.i32Const(-4), op.i32And, op.localSet(end),
      ...countedLoop(locals(end), 4, [op.localGet(lanes), ...address(pointer, offset), op.v128Load, op.f32x4Max, op.localSet(lanes)]),
      ...foldLanes(lanes, op.f32Max), op.localSet(scalar),
      ...countedLoop(locals(count), 1, [op.localGet(scalar), ...address(pointer, offset), op.f32Load, op.f32Max, op.localSet(scalar)]),
      op.localGet(scalar),
    ],
  };
})();

/** Below this shifted value exp is flushed to exactly 0 (a masked key's probability is 0, as in the composite). */
const flushBelow = -87.33654;

const expShiftSum: FunctionDefinition = (() => {
  const [input, output, count, shift, index, end, offset, shiftLanes, total, x, k, scalar, keep] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const flushed = [op.localGet(x), ...f32x4Constant(flushBelow), op.f32x4Gt, op.localSet(keep), ...exponential(x, k), op.localGet(x), op.localGet(keep), op.v128And, op.localSet(x)];
  const locals = (stop: number) => ({ index, end: stop, offset });
  return {
    name: 'expShiftSum',
    parameters: [i32, i32, i32, f32],
    results: [f32],
    locals: [i32, i32, i32, v128, v128, v128, v128, f32, v128],
    body: [
      op.localGet(shift), op.f32x4Splat, op.localSet(shiftLanes),
      ...f32x4Constant(0), op.localSet(total),
      op.localGet(count), op.i32Const(-4), op.i32And, op.localSet(end),
      ...countedLoop(locals(end), 4, [
        ...address(input, offset), op.v128Load, op.localGet(shiftLanes), op.f32x4Sub, op.localSet(x),
        ...flushed,
        ...address(output, offset), op.localGet(x), op.v128Store,
        op.localGet(total), op.localGet(x), op.f32x4Add, op.localSet(total),
      ]),
      ...foldLanes(total, op.f32Add), op.localSet(scalar),
      ...countedLoop(locals(count), 1, [
        ...address(input, offset), op.f32Load, op.localGet(shift), op.f32Sub, op.f32x4Splat, op.localSet(x),
        ...flushed,
        ...address(output, offset), op.localGet(x), op.f32x4ExtractLane(0), op.f32Store,
        op.localGet(scalar), op.localGet(x), op.f32x4ExtractLane(0), op.f32Add, op.localSet(scalar),
      ]),
      op.localGet(scalar),
    ],
  };
})();

const scaleInPlace: FunctionDefinition = (() => {
  const [pointer, count, factor, index, end, offset, factorLanes] = [0, 1, 2, 3, 4, 5, 6];
  const locals = (stop: number) => ({ index, end: stop, offset });
  return {
    name: 'scaleInPlace',
    parameters: [i32, i32, f32],
    locals: [i32, i32, i32, v128],
    body: [
      op.localGet(factor), op.f32x4Splat, op.localSet(factorLanes),
      op.localGet(count), op.i32Const(-4), op.i32And, op.localSet(end),
      ...countedLoop(locals(end), 4, [...address(pointer, offset), ...address(pointer, offset), op.v128Load, op.localGet(factorLanes), op.f32x4Mul, op.v128Store]),
      ...countedLoop(locals(count), 1, [...address(pointer, offset), ...address(pointer, offset), op.f32Load, op.localGet(factor), op.f32Mul, op.f32Store]),
    ],
  };
})();

/** rowDot(a, b, count) → Σ a·b. */
const rowDot: FunctionDefinition = (() => {
  const [first, second, count, index, end, offset, lanes, scalar] = [0, 1, 2, 3, 4, 5, 6, 7];
  const locals = (stop: number) => ({ index, end: stop, offset });
  return {
    name: 'rowDot',
    parameters: [i32, i32, i32],
    results: [f32],
    locals: [i32, i32, i32, v128, f32],
    body: [
      ...f32x4Constant(0), op.localSet(lanes),
      op.localGet(count), op.i32Const(-4), op.i32And, op.localSet(end),
      ...countedLoop(locals(end), 4, [op.localGet(lanes), ...address(first, offset), op.v128Load, ...address(second, offset), op.v128Load, op.f32x4Mul, op.f32x4Add, op.localSet(lanes)]),
      ...foldLanes(lanes, op.f32Add), op.localSet(scalar),
      ...countedLoop(locals(count), 1, [op.localGet(scalar), ...address(first, offset), op.f32Load, ...address(second, offset), op.f32Load, op.f32Mul, op.f32Add, op.localSet(scalar)]),
      op.localGet(scalar),
    ],
  };
})();

/**
 * attentionScaleMaskMax(scores, mask, output, count, scale) → max: writes scores·scale + mask (float32, as the
 * composite's two ops round) and returns the row's maximum, in one pass; without `withMask`, scores·scale.
 */
function scaleMaskMax(withMask: boolean): FunctionDefinition {
  const [scores, mask, output, count, scale, index, end, offset, scaleLanes, value, maximumLanes, scalar] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const locals = (stop: number) => ({ index, end: stop, offset });
  const lanes = (load: number[], multiply: number[], add: number[], scaleLocal: number) => [
    ...address(scores, offset), load, op.localGet(scaleLocal), multiply, ...(withMask ? [...address(mask, offset), load, add] : []), op.localSet(value),
  ];
  return {
    name: withMask ? 'attentionScaleMaskMax' : 'attentionScaleMax',
    parameters: [i32, i32, i32, i32, f32],
    results: [f32],
    locals: [i32, i32, i32, v128, v128, v128, f32, f32],
    body: [
      op.localGet(scale), op.f32x4Splat, op.localSet(scaleLanes), ...f32x4Constant(-Infinity), op.localSet(maximumLanes),
      op.localGet(count), op.i32Const(-4), op.i32And, op.localSet(end),
      ...countedLoop(locals(end), 4, [
        ...lanes(op.v128Load, op.f32x4Mul, op.f32x4Add, scaleLanes), ...address(output, offset), op.localGet(value), op.v128Store,
        op.localGet(maximumLanes), op.localGet(value), op.f32x4Max, op.localSet(maximumLanes),
      ]),
      ...foldLanes(maximumLanes, op.f32Max), op.localSet(scalar),
      ...countedLoop(locals(count), 1, [
        ...address(scores, offset), op.f32Load, op.localGet(scale), op.f32Mul, ...(withMask ? [...address(mask, offset), op.f32Load, op.f32Add] : []),
        op.localSet(scalar + 1),
        ...address(output, offset), op.localGet(scalar + 1), op.f32Store,
        op.localGet(scalar), op.localGet(scalar + 1), op.f32Max, op.localSet(scalar),
      ]),
      op.localGet(scalar),
    ],
  };
}
const attentionScaleMaskMax = scaleMaskMax(true);
const attentionScaleMax = scaleMaskMax(false);
/** attentionSoftmaxGradRow(dy, p, output, count, dot, scale): (dy·p − dot·p)·scale, in tfjs's softmax-gradient order. */
const attentionSoftmaxGradRow = elementwiseFunction(
  'attentionSoftmaxGradRow',
  2,
  0,
  ([dy, probabilities], _scratch, [dot, scale]) => [op.localGet(dy!), op.localGet(probabilities!), op.f32x4Mul, op.localGet(dot!), op.localGet(probabilities!), op.f32x4Mul, op.f32x4Sub, op.localGet(scale!), op.f32x4Mul],
  2,
);

/** `for (row = 0; row < rows; row++) { rowAt = 4·row·keyLength; body }`. */
function rowsLoop(row: number, rows: number, rowAt: number, keyLength: number, body: number[][]): number[][] {
  return [
    op.i32Const(0), op.localSet(row),
    op.block, op.loop,
    op.localGet(row), op.localGet(rows), op.i32GeU, op.brIf(1),
    op.localGet(row), op.localGet(keyLength), op.i32Mul, op.i32Const(2), op.i32Shl, op.localSet(rowAt),
    ...body,
    op.localGet(row), op.i32Const(1), op.i32Add, op.localSet(row), op.br(0),
    op.end, op.end,
  ];
}

/**
 * attentionSoftmaxRows(scores, mask, maskRows, output, rows, keyLength, scale): each row of `output` is
 * softmax(scores·scale + mask row), the mask row's index read from the int32 array `maskRows`
 * (mask 0: no mask). One call per kernel; the row passes are the functions above.
 */
const attentionSoftmaxRows: FunctionDefinition = {
  name: 'attentionSoftmaxRows',
  parameters: [i32, i32, i32, i32, i32, i32, f32],
  locals: [i32, i32, i32, i32, f32],
  body: (indexOf) => {
    const [scores, mask, maskRows, output, rows, keyLength, scale, row, rowAt, outputRow, maskRow, maximum] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    return rowsLoop(row, rows, rowAt, keyLength, [
      op.localGet(output), op.localGet(rowAt), op.i32Add, op.localSet(outputRow),
      // scores·scale (+ mask row) into the output row, and its maximum
      ...maskedOrPlain(indexOf, { scores, mask, maskRows, keyLength, scale, row, rowAt, outputRow, maskRow }), op.localSet(maximum),
      op.localGet(outputRow), op.localGet(outputRow), op.localGet(keyLength), op.localGet(maximum), op.call(indexOf('expShiftSum')),
      op.localSet(maximum), // now the row's sum
      op.localGet(outputRow), op.localGet(keyLength), op.f32Const(1), op.localGet(maximum), op.f32Div, op.call(indexOf('scaleInPlace')),
    ]);
  },
};

interface RowLocals {
  scores: number;
  mask: number;
  maskRows: number;
  keyLength: number;
  scale: number;
  row: number;
  rowAt: number;
  outputRow: number;
  maskRow: number;
}

/** `mask ? attentionScaleMaskMax(scores row, mask row, output row) : attentionScaleMax(scores row, output row)`: the row's max on the stack. */
function maskedOrPlain(indexOf: (name: string) => number, locals: RowLocals): number[][] {
  const { scores, mask, maskRows, keyLength, scale, row, rowAt, outputRow, maskRow } = locals;
  const scoresRow = [op.localGet(scores), op.localGet(rowAt), op.i32Add];
  return [
    op.localGet(mask), [0x04, f32], // if with an f32 result
    op.localGet(maskRows), op.localGet(row), op.i32Const(2), op.i32Shl, op.i32Add, op.i32Load, // mask row index
    op.localGet(keyLength), op.i32Mul, op.i32Const(2), op.i32Shl, op.localGet(mask), op.i32Add, op.localSet(maskRow),
    ...scoresRow, op.localGet(maskRow), op.localGet(outputRow), op.localGet(keyLength), op.localGet(scale), op.call(indexOf('attentionScaleMaskMax')),
    op.else,
    ...scoresRow, op.i32Const(0), op.localGet(outputRow), op.localGet(keyLength), op.localGet(scale), op.call(indexOf('attentionScaleMax')),
    op.end,
  ];
}

/** attentionSoftmaxGradRows(dy, probabilities, output, rows, keyLength, scale): each row through rowDot and attentionSoftmaxGradRow. */
const attentionSoftmaxGradRows: FunctionDefinition = {
  name: 'attentionSoftmaxGradRows',
  parameters: [i32, i32, i32, i32, i32, f32],
  locals: [i32, i32, f32],
  body: (indexOf) => {
    const [dy, probabilities, output, rows, keyLength, scale, row, rowAt, dot] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    const at = (pointer: number) => [op.localGet(pointer), op.localGet(rowAt), op.i32Add];
    return rowsLoop(row, rows, rowAt, keyLength, [
      ...at(dy), ...at(probabilities), op.localGet(keyLength), op.call(indexOf('rowDot')), op.localSet(dot),
      ...at(dy), ...at(probabilities), ...at(output), op.localGet(keyLength), op.localGet(dot), op.localGet(scale), op.call(indexOf('attentionSoftmaxGradRow')),
    ]);
  },
};

export const softmaxFunctions: FunctionDefinition[] = [
  rowMax, expShiftSum, scaleInPlace, rowDot, attentionScaleMaskMax, attentionScaleMax, attentionSoftmaxGradRow, attentionSoftmaxRows, attentionSoftmaxGradRows,
];

export interface SoftmaxExports {
  rowMax(pointer: number, count: number): number;
  expShiftSum(input: number, output: number, count: number, shift: number): number;
  scaleInPlace(pointer: number, count: number, factor: number): void;
  rowDot(first: number, second: number, count: number): number;
  attentionSoftmaxGradRow(dy: number, probabilities: number, output: number, count: number, dot: number, scale: number): void;
  attentionSoftmaxRows(scores: number, mask: number, maskRows: number, output: number, rows: number, keyLength: number, scale: number): void;
  attentionSoftmaxGradRows(dy: number, probabilities: number, output: number, rows: number, keyLength: number, scale: number): void;
}
