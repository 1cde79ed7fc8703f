// One measurement per process (tfjs's backend and the wasm heap are process-global, and VmHWM is per process):
//   node worker.mjs train [--steps N] [--backend NAME]  → tokens/s, kernels per step, matmul vs elsewhere, peak memory
//   node worker.mjs matmul [--backend NAME]             → GFLOP/s at the GEMM shapes of one training step
//   node worker.mjs forward [--quick] [--backend NAME]  → forward tokens/s at b1×128
//   node worker.mjs decode [--quick] [--backend NAME]   → greedy ms/token through @pretrain/generate, KV cache at 32…1024, uncached at 1024
//                                                        (after 64 warm-up steps; 24 timed steps per context)
// Each prints one JSON line.
import { useBackend } from '@pretrain/backends';
import { Rng, tf } from '@pretrain/core';
import { generateSteps } from '@pretrain/generate';
import { causalLMLoss } from '@pretrain/objective-clm';
import { AdamW } from '@pretrain/train';
import { tinyGpt as gemmShapes } from '../matmul/shapes.mjs';
import { batchSize, buildTinyGpt, context, cpuSeconds, flopsPerTrainedToken, peakMemoryMb, tinyGpt } from './model.mjs';
import { backendName, option } from './options.mjs';

const [mode = 'train', ...flags] = process.argv.slice(2);
const quick = flags.includes('--quick');
const info = await useBackend(backendName(flags));

function makeTrainer() {
  const model = buildTinyGpt(context);
  model.train();
  const named = model.namedParameters();
  const optimizer = new AdamW(named, { weightDecay: 0.01 });
  const variables = named.map(([, parameter]) => parameter.variable);
  const rng = Rng.fromSeed(1);
  // Random token batches of the real shape, cycled (token values do not change the work).
  const batches = Array.from({ length: 4 }, () => tf.tensor2d(rng.int(batchSize * context, 0, tinyGpt.vocabSize), [batchSize, context], 'int32'));
  let index = 0;
  /** One AdamW step; resolves to the loss (the read-back is the step's synchronisation point). */
  return async () => {
    const inputIds = batches[index++ % batches.length];
    const { value, grads } = tf.variableGrads(() => causalLMLoss(model.forward({ inputIds }, { useCache: false }).logits, inputIds), variables);
    optimizer.apply(new Map(named.map(([path, parameter]) => [path, grads[parameter.variable.name]])), 3e-4);
    const loss = (await value.data())[0];
    tf.dispose([value, ...Object.values(grads)]);
    return loss;
  };
}

/** Kernel dispatches of one step, and the kernel time spent in matmuls (2-D and batched) vs the rest. */
async function profileStep(step) {
  const profile = await tf.profile(step);
  let matmulMs = 0;
  let otherKernelMs = 0;
  const byKernel = {};
  // customGrad's forward appears as an 'unnamed scope' wrapping kernels that are also listed: not a dispatch of its own.
  const kernels = profile.kernels.filter((kernel) => !kernel.name.includes('scope'));
  for (const kernel of kernels) {
    const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    const isMatmul = kernel.name === 'BatchMatMul' || kernel.name === '_FusedMatMul';
    const key = kernel.name === 'BatchMatMul' && kernel.inputShapes[0].length > 2 ? 'BatchMatMul (batched)' : kernel.name;
    byKernel[key] = byKernel[key] ?? { calls: 0, ms: 0 };
    byKernel[key].calls++;
    byKernel[key].ms += ms;
    if (isMatmul) matmulMs += ms;
    else otherKernelMs += ms;
  }
  return { opsPerStep: kernels.length, matmulMs, otherKernelMs, byKernel };
}

async function train(steps) {
  const step = makeTrainer();
  for (let warmup = 0; warmup < 3; warmup++) await step();
  const wallStart = performance.now();
  const cpuStart = cpuSeconds();
  let loss = NaN;
  for (let index = 0; index < steps; index++) loss = await step();
  const wall = (performance.now() - wallStart) / 1000;
  const cpu = cpuSeconds() - cpuStart;
  const tokens = steps * batchSize * context;
  const profile = await profileStep(step);
  return {
    steps, loss, flopsPerTrainedToken, tokensPerSecond: tokens / wall, tokensPerCpuSecond: tokens / cpu, stepMs: (1000 * wall) / steps, stepCpuMs: (1000 * cpu) / steps,
    ...profile, peakMemoryMb: peakMemoryMb(), numTensors: tf.memory().numTensors,
  };
}

/** Time-weighted GFLOP/s over the 2-D GEMMs of one step (each shape as often as the step runs it) and over the batched attention products. */
async function matmul() {
  let flops2d = 0, seconds2d = 0, flopsBatched = 0, secondsBatched = 0;
  const rows = [];
  for (const { name, m, k, n, batch } of gemmShapes) {
    const a = tf.randomNormal(batch ? [batch, m, k] : [m, k]);
    const b = tf.randomNormal(batch ? [batch, k, n] : [k, n]);
    const once = async () => { const c = tf.matMul(a, b); await c.data(); c.dispose(); };
    await once();
    let runs = 0;
    const start = cpuSeconds();
    while (cpuSeconds() - start < 0.4 || runs < 3) { await once(); runs++; }
    const seconds = (cpuSeconds() - start) / runs; // CPU seconds, as the training figure uses
    const flops = 2 * (batch ?? 1) * m * k * n;
    const perStep = name.startsWith('lm_head') ? 1 : tinyGpt.nLayer; // the layer GEMMs run once per layer
    if (batch) { flopsBatched += perStep * flops * 3; secondsBatched += perStep * seconds * 3; } // forward + two backward products
    else { flops2d += perStep * flops; seconds2d += perStep * seconds; }
    rows.push({ name, gflops: flops / seconds / 1e9 });
    tf.dispose([a, b]);
  }
  return { gemmGflops: flops2d / seconds2d / 1e9, batchedGflops: flopsBatched / secondsBatched / 1e9, stepMatmulFlops: flops2d + flopsBatched, rows };
}

/** Forward passes at b1×128 for a time budget: tokens per second (wall) and per CPU-second. */
async function forward() {
  const model = buildTinyGpt(context);
  model.eval();
  const prompt = tf.tensor2d(Rng.fromSeed(2).int(context, 0, tinyGpt.vocabSize), [1, context], 'int32');
  const once = async () => {
    const logits = tf.tidy(() => model.forward({ inputIds: prompt }, { useCache: false }).logits);
    await logits.data();
    logits.dispose();
  };
  await once();
  let runs = 0;
  const [wallStart, cpuStart] = [performance.now(), cpuSeconds()];
  while (performance.now() - wallStart < (quick ? 2000 : 8000) || runs < 3) { await once(); runs++; }
  const [wall, cpu] = [(performance.now() - wallStart) / 1000, cpuSeconds() - cpuStart];
  return { runs, tokensPerSecond: (runs * context) / wall, tokensPerCpuSecond: (runs * context) / cpu, peakMemoryMb: peakMemoryMb() };
}

/** Prompt of `length − newTokens − 1` ids, then `newTokens + 1` steps; the last `newTokens` (each ending at ≤ `length`) are timed. */
async function msPerToken(model, rng, length, newTokens, useCache) {
  const prompt = rng.int(length - newTokens - 1, 0, tinyGpt.vocabSize);
  let count = 0, wallStart = 0, cpuStart = 0;
  for await (const _ of generateSteps(model, [prompt], { maxNewTokens: newTokens + 1, useCache })) {
    if (count++ === 0) { wallStart = performance.now(); cpuStart = cpuSeconds(); } // after the prefill step
  }
  return { wall: (performance.now() - wallStart) / newTokens, cpu: (1000 * (cpuSeconds() - cpuStart)) / newTokens };
}

async function decode() {
  const model = buildTinyGpt(1024);
  model.eval();
  const rng = Rng.fromSeed(2);
  // Warm-up, as torch_gpt.py's: kernels compiled, weights packed, and enough steps for V8 to optimise the step's code.
  await msPerToken(model, rng, 128, quick ? 8 : 64, true);
  const rows = {};
  for (const length of [32, 128, 512, 1024]) rows[`cached${length}`] = await msPerToken(model, rng, length, quick ? 4 : 24, true);
  rows.uncached1024 = await msPerToken(model, rng, 1024, quick ? 2 : 4, false);
  const pick = (key) => Object.fromEntries(Object.entries(rows).map(([name, row]) => [name, row[key]]));
  return { msPerToken: pick('wall'), cpuMsPerToken: pick('cpu'), peakMemoryMb: peakMemoryMb() };
}

const modes = { train: () => train(Number(option(flags, 'steps', quick ? '5' : '20'))), matmul, forward, decode };
if (!modes[mode]) throw new Error(`worker.mjs: unknown mode "${mode}" (train, matmul, forward, decode)`);
const result = await modes[mode]();
const threads = `${info.threads} thread${info.threads === 1 ? '' : 's'}`;
console.log(JSON.stringify({ runtime: `tfjs-${info.name} (${threads})${mode === 'decode' ? ' + @pretrain/generate' : ''}`, mode, ...result }));
process.exit(0);
