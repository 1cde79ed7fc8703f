import { Rng, tf } from '@pretrain/core';
import { expectNoLeak, setupTestBackend } from '@pretrain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, generateSteps } from './generate.js';
import { TinyLM } from './tiny_lm.test-helper.js';

let model: TinyLM;
beforeAll(async () => {
  await setupTestBackend();
  model = new TinyLM();
});
afterAll(() => model.dispose());

const prompts = [[3, 7, 1, 9, 4], [5, 2], [11, 11, 11]];

describe('generate', () => {
  it('gives the same greedy tokens with and without the KV cache', async () => {
    const cached = await generate(model, prompts, { maxNewTokens: 8 });
    const uncached = await generate(model, prompts, { maxNewTokens: 8, useCache: false });
    expect(cached.newTokenIds).toEqual(uncached.newTokenIds);
    expect(cached.newTokenIds.every((row) => row.length === 8)).toBe(true);
  });

  it('gives each left-padded row the tokens it gets alone', async () => {
    const together = await generate(model, prompts, { maxNewTokens: 6 });
    for (const [row, prompt] of prompts.entries()) {
      const alone = await generate(model, [prompt], { maxNewTokens: 6 });
      expect(together.newTokenIds[row]).toEqual(alone.newTokenIds[0]);
    }
  });

  it('returns prompt plus new tokens', async () => {
    const { outputIds, newTokenIds } = await generate(model, [[1, 2, 3]], { maxNewTokens: 4 });
    expect(outputIds[0]).toEqual([1, 2, 3, ...newTokenIds[0]!]);
  });

  it('stops a row at its EOS and pads nothing into its output', async () => {
    const free = await generate(model, [prompts[0]!], { maxNewTokens: 8 });
    const eos = free.newTokenIds[0]![2]!;
    const stopped = await generate(model, [prompts[0]!], { maxNewTokens: 8, eosTokenId: eos });
    const firstEos = free.newTokenIds[0]!.indexOf(eos);
    expect(stopped.newTokenIds[0]).toEqual(free.newTokenIds[0]!.slice(0, firstEos + 1));
  });

  it('stops at a stop sequence', async () => {
    const free = await generate(model, [prompts[1]!], { maxNewTokens: 8 });
    const stop = free.newTokenIds[0]!.slice(3, 5);
    const stopped = await generate(model, [prompts[1]!], { maxNewTokens: 8, stopSequences: [stop] });
    expect(stopped.newTokenIds[0]!.slice(-2)).toEqual(stop);
    expect(stopped.newTokenIds[0]!.length).toBeLessThanOrEqual(5);
  });

  it('samples reproducibly from a seed, and top-k 1 is greedy', async () => {
    const sample = (seed: number) => generate(model, prompts, { maxNewTokens: 6, doSample: true, temperature: 1.5, rng: Rng.fromSeed(seed) });
    expect((await sample(4)).newTokenIds).toEqual((await sample(4)).newTokenIds);
    expect((await sample(4)).newTokenIds).not.toEqual((await sample(5)).newTokenIds);
    const topOne = await generate(model, prompts, { maxNewTokens: 6, doSample: true, topK: 1, rng: Rng.fromSeed(9) });
    expect(topOne.newTokenIds).toEqual((await generate(model, prompts, { maxNewTokens: 6 })).newTokenIds);
  });

  it('requires an rng to sample', async () => {
    await expect(generate(model, prompts, { doSample: true })).rejects.toThrow('doSample needs an rng');
  });

  it('streams the same tokens step by step', async () => {
    const streamed: Array<Array<number | undefined>> = [];
    for await (const { tokens } of generateSteps(model, prompts, { maxNewTokens: 5 })) streamed.push(tokens);
    const whole = await generate(model, prompts, { maxNewTokens: 5 });
    expect(prompts.map((_, row) => streamed.map((tokens) => tokens[row]))).toEqual(whole.newTokenIds);
  });

  it('passes an attention mask only when some prompt is left-padded', async () => {
    const masked: boolean[] = [];
    const spy = Object.assign(Object.create(model) as TinyLM, {
      forward: (inputs: Parameters<TinyLM['forward']>[0]) => {
        masked.push(inputs.attentionMask !== undefined);
        return model.forward(inputs);
      },
    });
    await generate(spy, [[3, 7, 1], [5, 2, 9]], { maxNewTokens: 3 });
    expect(masked).toEqual([false, false, false]);
    masked.length = 0;
    await generate(spy, [[3, 7, 1], [5, 2]], { maxNewTokens: 3 });
    expect(masked).toEqual([true, true, true]);
  });

  it('leaves no tensor behind', async () => {
    await expectNoLeak(() => tf.memory(), () => generate(model, prompts, { maxNewTokens: 4 }), { steps: 2 });
    await expectNoLeak(() => tf.memory(), () => generate(model, prompts, { maxNewTokens: 4, useCache: false }), { steps: 2 });
  });
});
