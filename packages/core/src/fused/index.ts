export * as fusedKernels from './kernel_names.js';
export { fusedKernelNames } from './kernel_names.js';
export type { AttentionSoftmaxAttrs, FusedAdamWAttrs, FusedKernelName, GeluAttrs, LayerNormAttrs, SoftmaxCrossEntropyAttrs } from './kernel_names.js';
export { fusedKernelsEnabled, hasFusedKernel, setFusedKernelsEnabled } from './registry.js';
export { cpuArrayAccess, fusedArrayKernel, registerFusedArrayKernels, registerFusedCpuKernels, type ArrayBackendAccess } from './array_kernels.js';
