// The tiny GPT of ../shared/PERF-FACTS.md, shared by every mode of this benchmark:
// vocab 8192, d_model 256, 4 layers, 4 heads, MLP 4× (GPT-2's tanh GELU), pre-LN, tied embeddings; dropout off.
import { readFileSync } from 'node:fs';
import { Rng } from '@pretrain/core';
import { GPT2Config, GPT2LMHeadModel } from '@pretrain/gpt';

export const tinyGpt = { vocabSize: 8192, nEmbd: 256, nLayer: 4, nHead: 4, residPdrop: 0, embdPdrop: 0, attnPdrop: 0 };
export const batchSize = 8;
export const context = 128;
/** Trained FLOPs per token (forward + backward), from PERF-FACTS. */
export const flopsPerTrainedToken = 33.0e6;

export function buildTinyGpt(nPositions, seed = 0) {
  return new GPT2LMHeadModel(GPT2Config.create({ ...tinyGpt, nPositions }), Rng.fromSeed(seed));
}

/** This process's peak resident memory (VmHWM), MB. */
export function peakMemoryMb() {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
}

/** CPU seconds this process has used (user + system): robust to other jobs sharing the cores, unlike wall time. */
export function cpuSeconds() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
