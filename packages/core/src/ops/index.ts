export { embedding } from './embedding.js';
export { gelu, geluTanh } from './gelu.js';
export { layerNorm } from './layer_norm.js';
export { linear, linearInOut, matMul } from './linear.js';
export { logSoftmax, sparseSoftmaxCrossEntropy, type CrossEntropyOptions } from './softmax.js';
export { attentionSoftmax, type AttentionSoftmaxOptions } from './attention_softmax.js';
export { adamwUpdate, type AdamWState, type AdamWUpdate } from './adamw.js';
export { addMany } from './add_many.js';
