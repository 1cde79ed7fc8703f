import type { ArrayBackendAccess } from '@pretrain/core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Core's fused kernels on tfjs-backend-wasm, computed in JavaScript straight on the
 * wasm heap: inputs are read through views of the heap and outputs are allocated there
 * with the backend's own `makeOutput`, so one kernel replaces a chain of tfjs ops, each
 * of which would allocate and traverse a full-size tensor.
 */
export const wasmArrayAccess: ArrayBackendAccess = {
  view(backend, tensor) {
    const view = (backend as BackendWasm).typedArrayFromHeap(tensor);
    if (!(view instanceof Float32Array || view instanceof Int32Array)) throw new Error(`fused kernel: a ${tensor.dtype} input is not float32/int32`);
    return view;
  },
  allocate(backend, shape, dtype) {
    return (backend as BackendWasm).makeOutput(shape, dtype);
  },
};

