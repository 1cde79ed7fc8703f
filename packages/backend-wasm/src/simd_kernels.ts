import { fusedKernels, type SoftmaxCrossEntropyAttrs } from '@pretrain/core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { adamwFunction, adamwKernel, type AdamwExport } from './simd_adamw.js';
import { attentionKernels } from './simd_attention.js';
import { geluFunctions, geluKernels } from './simd_gelu.js';
import { layerNormFunctions, layerNormKernels } from './simd_layer_norm.js';
import { assembleModule } from './simd_module.js';
import { softmaxFunctions, type SoftmaxExports } from './simd_softmax.js';

/** The tfjs-backend-wasm module's memory when it can be imported (not the threaded build's shared memory). */
function backendMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const memory = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
  if (!(memory instanceof WebAssembly.Memory) || !(memory.buffer instanceof ArrayBuffer)) return undefined;
  return memory;
}

/**
 * `PretrainSoftmaxCrossEntropy` with its row passes (max, exp and sum, scale) as SIMD loops; the
 * per-row bookkeeping (ignored labels, the loss's logarithm, the label's −1/count) stays in JavaScript.
 */
function crossEntropyKernel(rows: SoftmaxExports): KernelConfig {
  return {
    kernelName: fusedKernels.SoftmaxCrossEntropy,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend: kernelBackend }) => {
      const wasm = kernelBackend as BackendWasm;
      const { logits, labels } = inputs as Record<string, TensorInfo>;
      const [count, vocabularySize] = logits!.shape as [number, number];
      const [loss, gradient] = [wasm.makeOutput([], 'float32'), wasm.makeOutput(logits!.shape, 'float32')];
      const [logitsAt, gradientAt] = [logits!, gradient].map((tensor) => wasm.dataIdMap.get(tensor.dataId)!.memoryOffset) as [number, number];
      const [logitValues, labelValues, gradientValues] = [logits!, labels!, gradient].map((tensor) => wasm.typedArrayFromHeap(tensor)) as [Float32Array, Int32Array, Float32Array];
      const { ignoreIndex } = attrs as unknown as SoftmaxCrossEntropyAttrs;
      let kept = 0;
      for (const label of labelValues) {
        if (label === ignoreIndex) continue;
        if (!(label >= 0 && label < vocabularySize)) throw new RangeError(`sparseSoftmaxCrossEntropy: label ${label} is outside [0, ${vocabularySize}) and is not the ignore index ${ignoreIndex}`);
        kept++;
      }
      const weight = 1 / Math.max(kept, 1);
      let total = 0;
      for (let row = 0; row < count; row++) {
        const [label, start] = [labelValues[row]!, row * vocabularySize];
        if (label === ignoreIndex) {
          gradientValues.fill(0, start, start + vocabularySize);
          continue;
        }
        const maximum = rows.rowMax(logitsAt + 4 * start, vocabularySize);
        const sum = rows.expShiftSum(logitsAt + 4 * start, gradientAt + 4 * start, vocabularySize, maximum);
        total += Math.log(sum) + maximum - logitValues[start + label]!;
        rows.scaleInPlace(gradientAt + 4 * start, vocabularySize, weight / sum);
        gradientValues[start + label] = gradientValues[start + label]! - weight;
      }
      wasm.typedArrayFromHeap(loss)[0] = kept === 0 ? 0 : total * weight;
      return [loss, gradient];
    },
  };
}

/**
 * Core's fused kernels that run as hand-assembled WebAssembly SIMD on the backend's own memory, or
 * an empty list where the module cannot be instantiated (no SIMD, a shared-memory build).
 */
export function simdKernels(backend: BackendWasm): KernelConfig[] {
  const memory = backendMemory(backend);
  const bytes = assembleModule([adamwFunction, ...softmaxFunctions, ...geluFunctions, ...layerNormFunctions]);
  if (!memory || !WebAssembly.validate(bytes)) return [];
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  return [adamwKernel(exports.adamw as AdamwExport), crossEntropyKernel(exports as unknown as SoftmaxExports), ...geluKernels(exports), ...layerNormKernels(exports), ...attentionKernels(exports as unknown as SoftmaxExports)];
}
