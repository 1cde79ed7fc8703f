import { tf } from '@pretrain/core';
import { binaryOps, compareOps, unaryOps } from '../addon.js';
import { floatInputs, nativeKernel, sizeOf, type NativeKernelArguments, type TensorInfo } from './kernel.js';

/** The float inputs and broadcast output shape of a binary kernel; undefined sends it to tfjs-cpu (empty, non-float, or shapes that do not broadcast: tfjs-cpu throws its own message). */
function broadcastInputs(backend: NativeKernelArguments['backend'], a: TensorInfo | undefined, b: TensorInfo | undefined) {
  const values = floatInputs(backend, [a, b]);
  if (!values || values[0]!.length === 0 || values[1]!.length === 0) return undefined;
  try {
    return { values, shape: tf.broadcast_util.assertAndGetBroadcastShape(a!.shape, b!.shape) };
  } catch {
    return undefined;
  }
}

function binaryKernel(name: keyof typeof binaryOps) {
  const op = binaryOps[name];
  return nativeKernel(name, ({ inputs, backend }: NativeKernelArguments) => {
    const { a, b } = inputs;
    const broadcast = broadcastInputs(backend, a, b);
    if (!broadcast) return undefined;
    const { values, shape } = broadcast;
    const out = backend.allocate(sizeOf(shape));
    backend.addon.binary(op, values[0]!, a!.shape, values[1]!, b!.shape, out);
    return backend.output(shape, out);
  });
}

function compareKernel(name: keyof typeof compareOps) {
  const op = compareOps[name];
  return nativeKernel(name, ({ inputs, backend }: NativeKernelArguments) => {
    const { a, b } = inputs;
    const broadcast = broadcastInputs(backend, a, b);
    if (!broadcast) return undefined;
    const { values, shape } = broadcast;
    const out = new Uint8Array(sizeOf(shape));
    backend.addon.compare(op, values[0]!, a!.shape, values[1]!, b!.shape, out);
    return backend.makeTensorInfo(shape, 'bool', out);
  });
}

function unaryKernel(name: keyof typeof unaryOps, alphaOf: (attrs: Record<string, unknown>) => number = () => 0) {
  const op = unaryOps[name];
  return nativeKernel(name, ({ inputs, backend, attrs }: NativeKernelArguments) => {
    const x = inputs.x!;
    const values = backend.floats(x);
    if (!values) return undefined;
    const out = backend.allocate(values.length);
    backend.addon.unary(op, values, out, alphaOf(attrs));
    return backend.output(x.shape, out);
  });
}

/** `where(condition, t, e)` when all three have one shape (tfjs broadcasts them before the kernel). */
const select = nativeKernel('Select', ({ inputs, backend }: NativeKernelArguments): TensorInfo | undefined => {
  const { condition, t, e } = inputs;
  const values = floatInputs(backend, [t, e]);
  const conditionValues = backend.data.get(condition!.dataId)?.values;
  if (!values || !(conditionValues instanceof Uint8Array) || condition!.shape.join() !== t!.shape.join() || t!.shape.join() !== e!.shape.join()) return undefined;
  const out = backend.allocate(values[0]!.length);
  backend.addon.select(conditionValues, values[0]!, values[1]!, out);
  return backend.output(t!.shape, out);
});

export const elementwiseKernels = [
  ...(Object.keys(binaryOps) as Array<keyof typeof binaryOps>).map((name) => binaryKernel(name)),
  ...(Object.keys(compareOps) as Array<keyof typeof compareOps>).map((name) => compareKernel(name)),
  ...(Object.keys(unaryOps) as Array<keyof typeof unaryOps>)
    .filter((name) => name !== 'Step')
    .map((name) => unaryKernel(name)),
  unaryKernel('Step', (attrs) => (attrs.alpha as number | undefined) ?? 0),
  select,
];
