import { readFileSync } from 'node:fs';
import { Parameter, Rng, fusedKernels, hasFusedKernel, setFusedKernelsEnabled, tf, type Tensor } from '@pretrain/core';
import { expectNoLeak, setupTestBackend, testBackend } from '@pretrain/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdamW } from './adamw.js';
import { clipByGlobalNorm, globalNorm, layerwiseLearningRateDecay } from './clip.js';
import { Lamb } from './lamb.js';
import { decaysByDefault, type NamedParameters } from './optimizer.js';

interface Reference {
  betas: [number, number];
  epsilon: number;
  weight_decay: number;
  learning_rates: number[];
  initial: Record<string, number[] | number[][]>;
  gradients: Array<Record<string, number[] | number[][]>>;
  after_step: Array<Record<string, number[] | number[][]>>;
  final_state: { 'dense.weight.exp_avg': number[][]; 'dense.weight.exp_avg_sq': number[][]; step: number };
}

const reference = JSON.parse(readFileSync(new URL('../../fixtures/adamw_reference.json', import.meta.url), 'utf8')) as Reference;
const owned: Array<{ dispose(): void }> = [];

beforeAll(async () => {
  await setupTestBackend();
});
afterEach(() => {
  owned.splice(0).forEach((item) => item.dispose());
});

function parameter(values: number[] | number[][]): Parameter {
  const initial = tf.tensor(values);
  const result = new Parameter(initial);
  initial.dispose();
  owned.push(result);
  return result;
}

function gradients(values: Record<string, number[] | number[][]>): Map<string, Tensor> {
  return new Map(Object.entries(values).map(([path, value]) => [path, tf.tensor(value)]));
}

function expectClose(actual: Tensor, expected: number[] | number[][], tolerance = 2e-6): void {
  const flat = (expected as number[]).flat() as number[];
  const values = actual.dataSync();
  flat.forEach((value, index) => expect(Math.abs(values[index]! - value), `element ${index}`).toBeLessThan(tolerance));
}

describe('AdamW', () => {
  it('matches torch.optim.AdamW step for step when some parameters do not decay', () => {
    const named: NamedParameters = [
      ['dense.weight', parameter(reference.initial['dense.weight']!)],
      ['dense.bias', parameter(reference.initial['dense.bias']!)],
    ];
    const optimizer = new AdamW(named, { beta1: reference.betas[0], beta2: reference.betas[1], epsilon: reference.epsilon, weightDecay: reference.weight_decay });
    owned.push(optimizer);
    reference.gradients.forEach((stepGradients, step) => {
      const grads = gradients(stepGradients);
      optimizer.apply(grads, reference.learning_rates[step]!);
      tf.dispose([...grads.values()]);
      for (const [path, value] of named) expectClose(value.variable, reference.after_step[step]![path]!);
    });
    const state = optimizer.state();
    expectClose(state.get('dense.weight.exp_avg')!, reference.final_state['dense.weight.exp_avg']);
    expectClose(state.get('dense.weight.exp_avg_sq')!, reference.final_state['dense.weight.exp_avg_sq'], 1e-6);
    expect(state.get('step')!.dataSync()[0]).toBe(reference.final_state.step);
    state.get('step')!.dispose();
  });

  it('takes the hand-computed first step when weight decay applies', () => {
    const weight = parameter([2]);
    const optimizer = new AdamW([['w', weight]], { epsilon: 0, weightDecay: 0.5 });
    owned.push(optimizer);
    const grads = new Map([['w', tf.tensor([-3])]]);
    optimizer.apply(grads, 0.1);
    tf.dispose([...grads.values()]);
    // decay: 2·(1 − 0.05) = 1.9; first step of Adam moves by lr·sign(g): 1.9 + 0.1.
    expect(weight.variable.dataSync()[0]).toBeCloseTo(2.0, 6);
  });

  it('restores its state so that a resumed optimizer continues identically', async () => {
    const run = async (resumeAt: number | undefined): Promise<Float32Array> => {
      let weight = parameter([[1, -2], [0.5, 3]]);
      let optimizer = new AdamW([['w', weight]], { weightDecay: 0.1 });
      for (let step = 0; step < 4; step++) {
        if (step === resumeAt) {
          const state = optimizer.state();
          const copied = new Map([...state].map(([key, value]) => [key, tf.clone(value)]));
          const values = tf.clone(weight.variable);
          optimizer.dispose();
          state.get('step')!.dispose();
          weight = parameter([[0, 0], [0, 0]]);
          weight.assign(values);
          optimizer = new AdamW([['w', weight]], { weightDecay: 0.1 });
          await optimizer.loadState(copied);
          tf.dispose([values, ...copied.values()]);
        }
        const grads = new Map([['w', tf.tensor([[step, -1], [2, 0.5 * step]])]]);
        optimizer.apply(grads, 0.01);
        tf.dispose([...grads.values()]);
      }
      owned.push(optimizer);
      return (await weight.variable.data()) as Float32Array;
    };
    expect(await run(2)).toEqual(await run(undefined));
  });

  it('gives the composite update within 1e-6 relative when the fused kernel runs', async () => {
    const run = async (fused: boolean): Promise<Float32Array[]> => {
      setFusedKernelsEnabled(fused);
      const rng = Rng.fromSeed(7);
      try {
        const [weight, bias] = [parameter([Array.from(rng.normal(64, 0, 1))]), parameter(Array.from(rng.normal(8, 0, 1)))];
        const optimizer = new AdamW([['dense.weight', weight], ['dense.bias', bias]], { weightDecay: 0.1 });
        owned.push(optimizer);
        const draws = Rng.fromSeed(8);
        for (let step = 0; step < 5; step++) {
          const grads = new Map([['dense.weight', tf.tensor([Array.from(draws.normal(64, 0, step))])], ['dense.bias', tf.tensor(Array.from(draws.normal(8, 0, 1e-3)))]]);
          optimizer.apply(grads, 0.01);
          tf.dispose([...grads.values()]);
        }
        const state = optimizer.state();
        state.get('step')!.dispose();
        const moments = [...state].filter(([key]) => key !== 'step').map(([, value]) => value);
        return Promise.all([weight.variable, bias.variable, ...moments].map(async (tensor) => (await tensor.data()) as Float32Array));
      } finally {
        setFusedKernelsEnabled(true);
      }
    };
    if (testBackend() === 'cpu' || testBackend() === 'wasm') expect(hasFusedKernel(fusedKernels.FusedAdamW)).toBe(true);
    const composite = await run(false);
    const fused = await run(true);
    composite.forEach((values, tensor) =>
      values.forEach((value, index) => expect(Math.abs(fused[tensor]![index]! - value), `tensor ${tensor}[${index}]`).toBeLessThanOrEqual(1e-6 * Math.abs(value) + 1e-12)),
    );
  });

  it('leaks no tensor per step', async () => {
    const weight = parameter([[1, 2, 3]]);
    const optimizer = new AdamW([['w', weight]]);
    owned.push(optimizer);
    await expectNoLeak(tf.memory, () => {
      const grads = new Map([['w', tf.ones([1, 3])]]);
      optimizer.apply(grads, 0.1);
      tf.dispose([...grads.values()]);
    });
  });
});

describe('Lamb', () => {
  it('scales the Adam direction by the trust ratio when the parameter decays', () => {
    const weight = parameter([3, 4]);
    const bias = parameter([1, 1]);
    const optimizer = new Lamb([['dense.weight', weight], ['dense.bias', bias]], { epsilon: 0, weightDecay: 0.1 });
    owned.push(optimizer);
    const grads = new Map([['dense.weight', tf.tensor([1, -2])], ['dense.bias', tf.tensor([0.5, -0.5])]]);
    optimizer.apply(grads, 0.01);
    tf.dispose([...grads.values()]);
    // Step 1: m̂ = g, v̂ = g², so m̂/√v̂ = sign(g) = [1, −1]; r = [1 + 0.3, −1 + 0.4] = [1.3, −0.6].
    const direction = [1.3, -0.6];
    const ratio = 5 / Math.hypot(...direction);
    expectClose(weight.variable, [3 - 0.01 * ratio * 1.3, 4 + 0.01 * ratio * 0.6], 1e-6);
    // The bias neither decays nor adapts: a plain Adam step of lr·sign(g).
    expectClose(bias.variable, [0.99, 1.01], 1e-6);
  });
});

describe('decaysByDefault', () => {
  it('excludes biases and normalisation weights of every family', () => {
    const excluded = ['bert.encoder.layer.0.attention.output.LayerNorm.weight', 'h.0.ln_1.weight', 'ln_f.weight', 'transformer.layer.0.sa_layer_norm.weight', 'cls.predictions.bias'];
    const included = ['bert.encoder.layer.0.attention.self.query.weight', 'wte.weight', 'h.0.attn.c_attn.weight'];
    expect(excluded.map(decaysByDefault)).toEqual(excluded.map(() => false));
    expect(included.map(decaysByDefault)).toEqual(included.map(() => true));
  });
});

describe('clipByGlobalNorm', () => {
  it('scales gradients to the maximum norm when the global norm exceeds it', () => {
    const grads = new Map([['a', tf.tensor([3])], ['b', tf.tensor([4])]]);
    const norm = globalNorm(grads.values());
    expect(norm.dataSync()[0]).toBeCloseTo(5, 6);
    const clipped = clipByGlobalNorm(grads, 1, 5);
    expect(clipped.get('a')!.dataSync()[0]).toBeCloseTo(0.6, 6);
    expect(clipped.get('b')!.dataSync()[0]).toBeCloseTo(0.8, 6);
    const unchanged = clipByGlobalNorm(grads, 10, 5);
    expect(unchanged.get('b')!.dataSync()[0]).toBe(4);
    tf.dispose([norm, ...grads.values(), ...clipped.values(), ...unchanged.values()]);
  });
});

describe('layerwiseLearningRateDecay', () => {
  it('gives decay^(depth − layer) per parameter path', () => {
    const layerOf = (path: string): number => (path.startsWith('embeddings') ? 0 : path.startsWith('encoder.layer.') ? Number(path.split('.')[2]) + 1 : 3);
    const scale = layerwiseLearningRateDecay({ decay: 0.8, depth: 3, layerOf });
    expect(scale('embeddings.word_embeddings.weight')).toBeCloseTo(0.512, 12);
    expect(scale('encoder.layer.1.output.dense.weight')).toBeCloseTo(0.8, 12);
    expect(scale('classifier.weight')).toBe(1);
  });
});
