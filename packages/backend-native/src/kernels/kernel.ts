import { tf } from '@pretrain/core';
import type { NativeBackend } from '../backend.js';

export type TensorInfo = tf.TensorInfo;

export interface NativeKernelArguments {
  inputs: Record<string, TensorInfo | undefined> & TensorInfo[];
  backend: NativeBackend;
  attrs: Record<string, unknown>;
}

/** A kernel body: its output, or undefined to hand the case (dtype, shape, attribute) to tfjs-cpu's kernel. */
export type NativeKernelBody = (args: NativeKernelArguments) => TensorInfo | TensorInfo[] | undefined;

export const backendName = 'native';

/**
 * A kernel config for the native backend: `body` runs first, and tfjs-cpu's
 * kernel of the same name runs the cases it declines, so no op ever fails for
 * lack of native support.
 */
export function nativeKernel(kernelName: string, body: NativeKernelBody): tf.KernelConfig {
  let fallback: tf.KernelFunc | undefined;
  const kernelFunc = (args: unknown) => {
    const result = body(args as NativeKernelArguments);
    if (result !== undefined) return result;
    fallback ??= tf.getKernel(kernelName, 'cpu')?.kernelFunc;
    if (!fallback) throw new Error(`native backend: ${kernelName} has no native case for these inputs and tfjs-cpu has no ${kernelName} kernel`);
    return fallback(args as Parameters<tf.KernelFunc>[0]);
  };
  return { kernelName, backendName, kernelFunc: kernelFunc as tf.KernelFunc };
}

export const sizeOf = (shape: readonly number[]) => shape.reduce((product, extent) => product * extent, 1);

/** The float32 values of every input, or undefined when one is of another dtype. */
export function floatInputs(backend: NativeBackend, inputs: Array<TensorInfo | undefined>): Float32Array[] | undefined {
  const values: Float32Array[] = [];
  for (const input of inputs) {
    const floats = input && backend.floats(input);
    if (!floats) return undefined;
    values.push(floats);
  }
  return values;
}
