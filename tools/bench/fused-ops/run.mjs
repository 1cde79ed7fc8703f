#!/usr/bin/env node
// Each fused op of @pretrain/core at the tiny GPT's training shapes (../shared/PERF-FACTS.md: batch 8 × 128,
// d_model 256, 4 heads, MLP 1024, vocab 8192), its fused kernel against its composite of tfjs ops, in one
// process, alternating, forward + backward (AdamW: one update of every parameter of the model):
//   node tools/bench/fused-ops/run.mjs [--backend wasm|cpu] [--repeats 5] [--all-kernels]
// Reads the built packages (pnpm build). Times are CPU ms of this process per call, the median of the repeats.
import { fileURLToPath } from 'node:url';

const packageDist = (name) => new URL(`../../../packages/${name}/dist/index.js`, import.meta.url).href;
const { useBackend } = await import(packageDist('backends'));
const core = await import(packageDist('core'));
const { tf, Rng, setFusedKernelsEnabled, hasFusedKernel, fusedKernels } = core;

const option = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const backend = option('--backend', 'wasm');
const repeats = Number(option('--repeats', '5'));
await useBackend(backend);
// --all-kernels: on wasm, also the kernels its setup leaves out (to measure them).
if (process.argv.includes('--all-kernels') && backend === 'wasm') (await import(packageDist('backend-wasm'))).registerFusedWasmKernels(core.fusedKernelNames);

const rng = Rng.fromSeed(0);
const normal = (shape, std = 1) => tf.tensor(rng.normal(shape.reduce((a, b) => a * b, 1), 0, std), shape);
const [batch, length, hidden, heads, inner, vocab] = [8, 128, 256, 4, 1024, 8192];

/** Gradient of `sum(op(x) · dy)` with respect to `x` (and, for layer norm, its weights): one forward + backward. */
const backward = (op, inputs, dy) => () => {
  const { grads } = tf.grads((...xs) => tf.sum(tf.mul(op(...xs), dy)))(inputs);
  return grads;
};

const parameterShapes = [[vocab, hidden], [1024, hidden], [hidden], [hidden]];
for (let layer = 0; layer < 4; layer++) parameterShapes.push([hidden], [hidden], [hidden, 3 * hidden], [3 * hidden], [hidden, hidden], [hidden], [hidden], [hidden], [hidden, inner], [inner], [inner, hidden], [hidden]);
const adamState = parameterShapes.map((shape) => ({ parameter: normal(shape), gradient: normal(shape, 1e-3), firstMoment: normal(shape, 1e-4), secondMoment: tf.abs(normal(shape, 1e-6)) }));

const rows = normal([batch * length, vocab], 2);
const labels = tf.tensor1d(rng.int(batch * length, 0, vocab), 'int32');
const causal = tf.tidy(() => tf.reshape(tf.mul(tf.sub(tf.linalg.bandPart(tf.ones([length, length]), -1, 0), 1), 3.4e38), [1, 1, length, length]));
const cases = [
  ['AdamW update (all 5.3 M parameters)', fusedKernels.FusedAdamW, () => () => adamState.map((state) => core.adamwUpdate(state, { learningRate: 3e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01, step: 3 }))],
  ['layerNorm [8,128,256]', fusedKernels.LayerNorm, () => backward((x, w, b) => core.layerNorm(x, w, b, 1e-5), [normal([batch, length, hidden]), normal([hidden]), normal([hidden])], normal([batch, length, hidden]))],
  ['geluTanh [8,128,1024]', fusedKernels.Gelu, () => backward(core.geluTanh, [normal([batch, length, inner])], normal([batch, length, inner]))],
  ['gelu (erf) [8,128,1024]', fusedKernels.Gelu, () => backward(core.gelu, [normal([batch, length, inner])], normal([batch, length, inner]))],
  ['sparseSoftmaxCrossEntropy [1024,8192]', fusedKernels.SoftmaxCrossEntropy, () => backward((x) => core.sparseSoftmaxCrossEntropy(x, labels), [rows], tf.scalar(1))],
  ['attentionSoftmax [8,4,128,128] + causal mask', fusedKernels.AttentionSoftmax, () => backward((x) => core.attentionSoftmax(x, { scale: 0.125, mask: causal }), [normal([batch, heads, length, length], 3)], normal([batch, heads, length, length]))],
];

function cpuMs(run) {
  const start = process.cpuUsage();
  tf.dispose(run());
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log(`backend ${tf.getBackend()}, ${repeats} repeats, CPU ms per call (median)\n`);
console.log('| op (forward + backward) | composite ms | fused ms | speed-up | kernels composite → fused |');
console.log('|---|---|---|---|---|');
for (const [label, kernelName, make] of cases) {
  if (!hasFusedKernel(kernelName)) {
    console.log(`| ${label} | – | no kernel on ${backend} | – | – |`);
    continue;
  }
  const run = make();
  const times = { composite: [], fused: [] };
  const kernels = {};
  for (const mode of ['composite', 'fused']) {
    setFusedKernelsEnabled(mode === 'fused');
    tf.dispose(run()); // warm-up
    kernels[mode] = (await tf.profile(() => tf.dispose(run()))).kernels.filter((kernel) => !kernel.name.includes('scope')).length;
  }
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const mode of ['composite', 'fused']) {
      setFusedKernelsEnabled(mode === 'fused');
      times[mode].push(cpuMs(run));
    }
  }
  const [composite, fused] = [median(times.composite), median(times.fused)];
  console.log(`| ${label} | ${composite.toFixed(1)} | ${fused.toFixed(1)} | ${(composite / fused).toFixed(2)}× | ${kernels.composite} → ${kernels.fused} |`);
}
setFusedKernelsEnabled(true);
if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(0);
