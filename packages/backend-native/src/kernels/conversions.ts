import { nativeKernel, sizeOf, type NativeKernelArguments } from './kernel.js';

/** int32 and bool to float32 (exact); every other cast is tfjs-cpu's. */
const cast = nativeKernel('Cast', ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const x = inputs.x!;
  const values = backend.data.get(x.dataId)?.values;
  const exact = (x.dtype === 'int32' && values instanceof Int32Array) || (x.dtype === 'bool' && values instanceof Uint8Array);
  if (attrs.dtype !== 'float32' || !exact) return undefined;
  const out = backend.allocate(values.length);
  backend.addon.toFloat(values, out);
  return backend.output(x.shape, out);
});

/** float32 one-hot rows from int32 indices (out-of-range indices give a row of `offValue`, as tfjs-cpu does). */
const oneHot = nativeKernel('OneHot', ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const indices = inputs.indices!;
  const values = backend.data.get(indices.dataId)?.values;
  const { depth, onValue, offValue, dtype } = attrs as { depth: number; onValue: number; offValue: number; dtype: string };
  if (dtype !== 'float32' || indices.dtype !== 'int32' || !(values instanceof Int32Array)) return undefined;
  const shape = [...indices.shape, depth];
  const out = backend.allocate(sizeOf(shape));
  backend.addon.oneHot(values, depth, onValue, offValue, out);
  return backend.output(shape, out);
});

export const conversionKernels = [cast, oneHot];
