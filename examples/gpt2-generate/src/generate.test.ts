import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { tf, type CausalLM } from '@pretrain/core';
import { generate } from '@pretrain/generate';
import { causalLMLoss } from '@pretrain/objective-clm';
import { describeShared, hfTinyDir, setupTestBackend, sharedPath } from '@pretrain/testing';
import { complete, filePerplexity, loadLanguageModel, loadTokenizer } from './generate.js';

describeShared('examples/gpt2-generate --smoke', () => {
  beforeAll(async () => {
    await setupTestBackend();
  });

  it('streams the same greedy completion as generate, within the tiny model’s 600 ids, and measures perplexity', async () => {
    const model = await loadLanguageModel(hfTinyDir('gpt2'));
    try {
      const tokenizer = loadTokenizer(sharedPath('data', 'vocab', 'gpt2'), model);
      const prompt = 'Hello world, this is a test';
      const ids = tokenizer.encode(prompt).ids;
      expect(Math.max(...ids)).toBeLessThan(600);
      expect(tokenizer.decode(ids)).toBe(prompt); // the byte spelling decodes to the same text
      let streamed = '';
      for await (const text of complete(model, tokenizer, prompt, { maxNewTokens: 10 })) streamed += text;
      const { newTokenIds } = await generate(model as CausalLM, [ids], { maxNewTokens: 10 });
      // streamText holds back a trailing U+FFFD (half of a multi-byte character) while it may still complete, and
      // releases it when generation ends: the stream joins to the decoded completion.
      expect(streamed).toBe(tokenizer.decode(newTokenIds[0]!));

      // One window (the text fits the 64-token context): the perplexity is exp of the model's own causal-LM loss.
      const text = 'The quick brown fox jumps over the lazy dog.';
      const file = join(await mkdtemp(join(tmpdir(), 'gpt2-generate-')), 'text.txt');
      await writeFile(file, text);
      const textIds = tokenizer.encode(text).ids;
      expect(textIds.length).toBeLessThanOrEqual(64);
      const result = await filePerplexity(model, tokenizer, file);
      const loss = tf.tidy(() => causalLMLoss(model.forward({ inputIds: tf.tensor2d([textIds], undefined, 'int32') }, { useCache: false }).logits, tf.tensor2d([textIds], undefined, 'int32')));
      const expected = Math.exp((await loss.data())[0]!);
      loss.dispose();
      expect(result.scoredTokens).toBe(textIds.length - 1);
      expect(Math.abs(result.perplexity - expected)).toBeLessThan(1e-3 * expected);
    } finally {
      model.dispose();
    }
  }, 60_000);
});
