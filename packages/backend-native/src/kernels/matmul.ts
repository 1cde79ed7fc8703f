import { tf } from '@pretrain/core';
import { binaryOps, unaryOps } from '../addon.js';
import type { NativeBackend } from '../backend.js';
import { nativeKernel, sizeOf, type NativeKernelArguments, type TensorInfo } from './kernel.js';

interface MatMulAttributes {
  transposeA: boolean;
  transposeB: boolean;
}

/**
 * `a [...batch, m, k] · b [...batch, k, n]` (transpose flags read by BLAS) into
 * a pooled buffer; undefined for cases left to tfjs-cpu: non-float32, empty
 * sides, or batch axes that broadcast other than from 1.
 */
export function matMul(backend: NativeBackend, a: TensorInfo, b: TensorInfo, { transposeA, transposeB }: MatMulAttributes): TensorInfo | undefined {
  const aValues = backend.floats(a);
  const bValues = backend.floats(b);
  if (!aValues || !bValues || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const [aRows, aColumns] = a.shape.slice(-2) as [number, number];
  const [bRows, bColumns] = b.shape.slice(-2) as [number, number];
  const [m, k] = transposeA ? [aColumns, aRows] : [aRows, aColumns];
  const [kB, n] = transposeB ? [bColumns, bRows] : [bRows, bColumns];
  if (k !== kB || m === 0 || n === 0 || k === 0) return undefined;
  const aBatch = sizeOf(a.shape.slice(0, -2));
  const bBatch = sizeOf(b.shape.slice(0, -2));
  let outer: number[];
  try {
    outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    return undefined;
  }
  const batch = sizeOf(outer);
  if ((aBatch !== batch && aBatch !== 1) || (bBatch !== batch && bBatch !== 1)) return undefined;
  const out = backend.allocate(batch * m * n);
  backend.addon.gemm(aValues, bValues, out, batch, m, n, k, aBatch === 1 ? 0 : m * k, bBatch === 1 ? 0 : k * n, transposeA, transposeB);
  return backend.output([...outer, m, n], out);
}

function batchMatMul({ inputs, backend, attrs }: NativeKernelArguments): TensorInfo | undefined {
  return matMul(backend, inputs.a!, inputs.b!, attrs as unknown as MatMulAttributes);
}

const inPlaceActivations: Record<string, number> = { relu: unaryOps.Relu, relu6: unaryOps.Relu6, sigmoid: unaryOps.Sigmoid };

/** Whether `bias` broadcasts into `shape` without growing it (so it can be added in place). */
function addsInPlace(shape: number[], bias: readonly number[]): boolean {
  if (bias.length > shape.length) return false;
  return bias.every((extent, index) => extent === 1 || extent === shape[shape.length - bias.length + index]);
}

/**
 * tfjs-cpu's `_FusedMatMul` calls its own matmul by import, never the
 * registry, so it is replaced whole: product, bias and activation in place.
 */
function fusedMatMul({ inputs, backend, attrs }: NativeKernelArguments): TensorInfo | undefined {
  const { a, b, bias, preluActivationWeights } = inputs;
  const activation = (attrs.activation as string | undefined) ?? 'linear';
  if (preluActivationWeights || (activation !== 'linear' && !(activation in inPlaceActivations))) return undefined;
  const biasValues = bias ? backend.floats(bias) : undefined;
  if (bias && !biasValues) return undefined;
  const product = matMul(backend, a!, b!, attrs as unknown as MatMulAttributes);
  if (!product) return undefined;
  if (bias && !addsInPlace(product.shape, bias.shape)) {
    backend.disposeIntermediateTensorInfo(product);
    return undefined;
  }
  const values = backend.floats(product)!;
  if (bias) backend.addon.binary(binaryOps.Add, values, product.shape, biasValues!, bias.shape, values);
  const activationCode = inPlaceActivations[activation];
  if (activationCode !== undefined) backend.addon.unary(activationCode, values, values, 0);
  return product;
}

export const matMulKernels = [nativeKernel('BatchMatMul', batchMatMul), nativeKernel('_FusedMatMul', fusedMatMul)];
