// Core's fused kernels (packages/core/src/fused/kernel_names.ts) natively; a case the
// addon declines (a float32 label tensor, say) runs core's typed-array version for cpu.
import { fusedKernels } from '@pretrain/core';
import { floatInputs, nativeKernel, sizeOf, type NativeKernelArguments, type TensorInfo } from './kernel.js';

const lastAxis = (tensor: TensorInfo) => tensor.shape[tensor.shape.length - 1] ?? 1;

const adamw = nativeKernel(fusedKernels.FusedAdamW, ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const values = floatInputs(backend, [inputs.parameter, inputs.gradient, inputs.firstMoment, inputs.secondMoment]);
  if (!values) return undefined;
  const shape = inputs.parameter!.shape;
  const outputs = [0, 1, 2].map(() => backend.allocate(values[0]!.length));
  const { learningRate, beta1, beta2, epsilon, weightDecay, step } = attrs as Record<string, number>;
  backend.addon.adamw(values[0]!, values[1]!, values[2]!, values[3]!, outputs[0]!, outputs[1]!, outputs[2]!, learningRate!, beta1!, beta2!, epsilon!, weightDecay!, step!);
  return outputs.map((output) => backend.output(shape, output));
});

const layerNorm = nativeKernel(fusedKernels.LayerNorm, ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const { x, gamma, beta } = inputs;
  const values = floatInputs(backend, [x, gamma, beta]);
  if (!values || values[0]!.length === 0) return undefined;
  const size = lastAxis(x!);
  const rows = values[0]!.length / size;
  const [y, mean, rstd] = [backend.allocate(values[0]!.length), backend.allocate(rows), backend.allocate(rows)];
  backend.addon.layerNorm(values[0]!, values[1]!, values[2]!, y, mean, rstd, size, attrs.epsilon as number);
  return [backend.output(x!.shape, y), backend.output([rows], mean), backend.output([rows], rstd)];
});

const layerNormGrad = nativeKernel(fusedKernels.LayerNormGrad, ({ inputs, backend }: NativeKernelArguments) => {
  const { dy, x, mean, rstd, gamma } = inputs;
  const values = floatInputs(backend, [dy, x, mean, rstd, gamma]);
  if (!values || values[1]!.length === 0) return undefined;
  const [dx, dgamma, dbeta] = [backend.allocate(values[1]!.length), backend.allocate(values[4]!.length), backend.allocate(values[4]!.length)];
  backend.addon.layerNormGrad(values[0]!, values[1]!, values[2]!, values[3]!, values[4]!, dx, dgamma, dbeta, lastAxis(x!));
  return [backend.output(x!.shape, dx), backend.output(gamma!.shape, dgamma), backend.output(gamma!.shape, dbeta)];
});

const gelu = nativeKernel(fusedKernels.Gelu, ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const x = inputs.x!;
  const values = backend.floats(x);
  if (!values) return undefined;
  const y = backend.allocate(values.length);
  backend.addon.gelu(values, y, attrs.approximate === 'tanh');
  return backend.output(x.shape, y);
});

const geluGrad = nativeKernel(fusedKernels.GeluGrad, ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const values = floatInputs(backend, [inputs.dy, inputs.x]);
  if (!values) return undefined;
  const dx = backend.allocate(values[1]!.length);
  backend.addon.geluGrad(values[0]!, values[1]!, dx, attrs.approximate === 'tanh');
  return backend.output(inputs.x!.shape, dx);
});

const softmaxCrossEntropy = nativeKernel(fusedKernels.SoftmaxCrossEntropy, ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const { logits, labels } = inputs;
  const logitValues = backend.floats(logits!);
  const labelValues = backend.data.get(labels!.dataId)?.values;
  if (!logitValues || !(labelValues instanceof Int32Array) || labelValues.length === 0 || logitValues.length === 0) return undefined;
  const [loss, gradient] = [backend.allocate(1), backend.allocate(logitValues.length)];
  // A bad label: core's typed-array kernel throws its message.
  if (backend.addon.crossEntropy(logitValues, labelValues, gradient, loss, attrs.ignoreIndex as number) >= 0) return undefined;
  return [backend.output([], loss), backend.output(logits!.shape, gradient)];
});

const attentionSoftmax = nativeKernel(fusedKernels.AttentionSoftmax, ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const { scores, mask } = inputs;
  const values = backend.floats(scores!);
  const maskValues = mask ? backend.floats(mask) : undefined;
  if (!values || values.length === 0 || (mask && (!maskValues || mask.shape.length !== scores!.shape.length))) return undefined;
  const out = backend.allocate(values.length);
  backend.addon.attentionSoftmax(values, scores!.shape, maskValues !== undefined, maskValues ?? null, mask?.shape ?? null, attrs.scale as number, out);
  return backend.output(scores!.shape, out);
});

const attentionSoftmaxGrad = nativeKernel(fusedKernels.AttentionSoftmaxGrad, ({ inputs, backend, attrs }: NativeKernelArguments) => {
  const values = floatInputs(backend, [inputs.dy, inputs.probabilities]);
  if (!values || sizeOf(inputs.dy!.shape) === 0) return undefined;
  const out = backend.allocate(values[0]!.length);
  backend.addon.attentionSoftmaxGrad(values[0]!, values[1]!, out, lastAxis(inputs.dy!), attrs.scale as number);
  return backend.output(inputs.dy!.shape, out);
});

export const fusedKernelsNative = [adamw, layerNorm, layerNormGrad, gelu, geluGrad, softmaxCrossEntropy, attentionSoftmax, attentionSoftmaxGrad];
