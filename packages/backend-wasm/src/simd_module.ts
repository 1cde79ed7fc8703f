/**
 * A minimal WebAssembly binary writer: enough to hand-assemble small SIMD kernels that
 * import tfjs-backend-wasm's memory. Opcodes are the final WebAssembly 2.0 encodings.
 */

export const i32 = 0x7f;
export const f32 = 0x7d;
export const v128 = 0x7b;

export function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

export function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

const vector = (items: number[][]): number[] => [...unsignedLeb(items.length), ...items.flat()];
const name = (text: string): number[] => vector([...new TextEncoder().encode(text)].map((byte) => [byte]));
const section = (id: number, bytes: number[]): number[] => [id, ...unsignedLeb(bytes.length), ...bytes];
const simd = (opcode: number): number[] => [0xfd, ...unsignedLeb(opcode)];
/** Alignment 2^2 (float32 elements), offset 0. */
const memoryArgument = [2, 0];

/** The instructions the kernels use; each returns its bytes. */
export const op = {
  localGet: (index: number) => [0x20, ...unsignedLeb(index)],
  localSet: (index: number) => [0x21, ...unsignedLeb(index)],
  i32Const: (value: number) => [0x41, ...signedLeb(value)],
  i32Add: [0x6a],
  i32And: [0x71],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...unsignedLeb(depth)],
  brIf: (depth: number) => [0x0d, ...unsignedLeb(depth)],
  i32Load: [0x28, ...memoryArgument],
  i32Mul: [0x6c],
  if: [0x04, 0x40],
  else: [0x05],
  call: (functionIndex: number) => [0x10, ...unsignedLeb(functionIndex)],
  f32Load: [0x2a, ...memoryArgument],
  f32Store: [0x38, ...memoryArgument],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Sqrt: [0x91],
  v128Load: [...simd(0x00), ...memoryArgument],
  v128Store: [...simd(0x0b), ...memoryArgument],
  f32Const: (value: number) => [0x43, ...new Uint8Array(Float32Array.of(value).buffer)],
  f32Max: [0x97],
  f32ConvertI32U: [0xb3],
  i32x4Splat: simd(0x11),
  f32x4Splat: simd(0x13),
  f32x4ExtractLane: (lane: number) => [...simd(0x1f), lane],
  f32x4Gt: simd(0x44),
  f32x4Nearest: simd(0x6a),
  i32x4Shl: simd(0xab),
  i32x4Add: simd(0xae),
  v128And: simd(0x4e),
  v128Or: simd(0x50),
  f32x4Abs: simd(0xe0),
  f32x4Min: simd(0xe8),
  f32x4Max: simd(0xe9),
  i32x4TruncSatF32x4: simd(0xf8),
  f32x4Sqrt: simd(0xe3),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
};

/** `value` in all four float32 lanes. */
export const f32x4Constant = (value: number): number[][] => [op.f32Const(value), op.f32x4Splat];

/** Locals a counted loop uses: the element index, where it stops, and the byte offset `index·4`. */
export interface LoopLocals {
  index: number;
  end: number;
  offset: number;
}

/** `while (index < end) { offset = index·4; body; index += step }` (index carries over to the next loop). */
export function countedLoop({ index, end, offset }: LoopLocals, step: number, body: number[][]): number[][] {
  return [
    op.block, op.loop,
    op.localGet(index), op.localGet(end), op.i32GeU, op.brIf(1),
    op.localGet(index), op.i32Const(2), op.i32Shl, op.localSet(offset),
    ...body,
    op.localGet(index), op.i32Const(step), op.i32Add, op.localSet(index), op.br(0),
    op.end, op.end,
  ];
}

/** `pointer + offset`: the address of the current element group. */
export const address = (pointer: number, offset: number): number[][] => [op.localGet(pointer), op.localGet(offset), op.i32Add];

/**
 * `elementwise(inputs…, output, count, scalars…)`: `compute(lanes, scratch, scalars)` leaves one v128
 * result on the stack from the input lanes (locals `lanes[j]`), scratch v128 locals and the float32
 * scalar parameters splatted (`scalars[j]`); groups of four lanes, then the tail one element at a
 * time, splatted into four lanes so `compute` serves both.
 */
export function elementwiseFunction(
  name: string,
  inputCount: number,
  scratchCount: number,
  compute: (lanes: number[], scratch: number[], scalars: number[]) => number[][],
  scalarCount = 0,
): FunctionDefinition {
  const [output, count] = [inputCount, inputCount + 1];
  const firstScalar = inputCount + 2;
  const [index, end, offset] = [firstScalar + scalarCount, firstScalar + scalarCount + 1, firstScalar + scalarCount + 2];
  const vectorLocal = (slot: number) => offset + 1 + slot;
  const lanes = Array.from({ length: inputCount }, (_, input) => vectorLocal(input));
  const scratch = Array.from({ length: scratchCount }, (_, slot) => vectorLocal(inputCount + slot));
  const scalars = Array.from({ length: scalarCount }, (_, slot) => vectorLocal(inputCount + scratchCount + slot));
  const loopLocals = (stop: number) => ({ index, end: stop, offset });
  const loadEach = (load: number[][]) => lanes.flatMap((lane, input) => [...address(input, offset), ...load, op.localSet(lane)]);
  const body = compute(lanes, scratch, scalars);
  return {
    name,
    parameters: [...new Array<number>(inputCount + 2).fill(i32), ...new Array<number>(scalarCount).fill(f32)],
    locals: [i32, i32, i32, ...new Array<number>(inputCount + scratchCount + scalarCount).fill(v128)],
    body: [
      ...scalars.flatMap((lanesOfScalar, slot) => [op.localGet(firstScalar + slot), op.f32x4Splat, op.localSet(lanesOfScalar)]),
      op.localGet(count), op.i32Const(-4), op.i32And, op.localSet(end),
      ...countedLoop(loopLocals(end), 4, [...loadEach([op.v128Load]), ...address(output, offset), ...body, op.v128Store]),
      ...countedLoop(loopLocals(count), 1, [...loadEach([op.f32Load, op.f32x4Splat]), ...address(output, offset), ...body, op.f32x4ExtractLane(0), op.f32Store]),
    ],
  };
}

export interface FunctionDefinition {
  name: string;
  parameters: number[];
  /** The result types (none or one). */
  results?: number[];
  /** Local variable types after the parameters, in index order. */
  locals: number[];
  /** The instructions, or a function of the module's function index by name (for `call`). */
  body: number[][] | ((indexOf: (name: string) => number) => number[][]);
}

/** A module importing `env.memory` and exporting each function under its name. */
export function assembleModule(functions: FunctionDefinition[]): Uint8Array<ArrayBuffer> {
  const types = section(1, vector(functions.map(({ parameters, results = [] }) => [0x60, ...vector(parameters.map((type) => [type])), ...vector(results.map((type) => [type]))])));
  const imports = section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]]));
  const declarations = section(3, vector(functions.map((_, index) => unsignedLeb(index))));
  const exports = section(7, vector(functions.map((definition, index) => [...name(definition.name), 0x00, ...unsignedLeb(index)])));
  const indexOf = (name: string) => {
    const found = functions.findIndex((definition) => definition.name === name);
    if (found < 0) throw new Error(`assembleModule: no function "${name}"`);
    return found;
  };
  const bodies = functions.map(({ locals, body }) => {
    const instructions = typeof body === 'function' ? body(indexOf) : body;
    const code = [...vector(locals.map((type) => [1, type])), ...instructions.flat(), ...op.end];
    return [...unsignedLeb(code.length), ...code];
  });
  const code = section(10, vector(bodies));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...declarations, ...exports, ...code]);
}
