import { setupTestBackend } from '@pretrain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from './generate.js';
import { fewShotPrompt, questionAnsweringPrompt, summarizationPrompt, translationPrompt } from './prompts.js';
import { completeText, streamText } from './text.js';
import { TinyLM } from './tiny_lm.test-helper.js';
import { ToyTokenizer, scriptedModel } from './toy_tokenizer.test-helper.js';

let model: TinyLM;
const tokenizer = new ToyTokenizer();
beforeAll(async () => {
  await setupTestBackend();
  model = new TinyLM(5);
});
afterAll(() => model.dispose());

describe('streamText', () => {
  it('streams the decoded completion of the generated tokens', async () => {
    const chunks = [];
    for await (const chunk of streamText(model, tokenizer, 'once upon', { maxNewTokens: 8 })) chunks.push(chunk);
    const ids = (await generate(model, [tokenizer.encode('once upon').ids], { maxNewTokens: 8 })).newTokenIds[0]!;
    expect(chunks.slice(0, ids.length).map((chunk) => chunk.tokenId)).toEqual(ids);
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(tokenizer.decode(ids));
  });

  it('stops before a stop string', async () => {
    const full = await completeText(model, tokenizer, 'once upon', { maxNewTokens: 10 });
    const stop = full.slice(3, 5);
    const cut = await completeText(model, tokenizer, 'once upon', { maxNewTokens: 10, stopStrings: [stop] });
    expect(cut).toBe(full.slice(0, full.indexOf(stop)));
  });

  it('holds back half a character until its second byte arrives', async () => {
    // Tokens 21 then 22 decode to "é"; 21 alone decodes to U+FFFD, which must never be yielded.
    const prompt = 'ab';
    const scripted = scriptedModel([3, 21, 22, 4], prompt.length);
    const chunks = [];
    for await (const chunk of streamText(scripted, tokenizer, prompt, { maxNewTokens: 4 })) chunks.push(chunk);
    expect(chunks).toEqual([
      { tokenId: 3, text: 'c' },
      { tokenId: 21, text: '' },
      { tokenId: 22, text: 'é' },
      { tokenId: 4, text: 'd' },
    ]);
  });

  it('releases a half character still held back when generation ends', async () => {
    const scripted = scriptedModel([3, 21], 2);
    const chunks = [];
    for await (const chunk of streamText(scripted, tokenizer, 'ab', { maxNewTokens: 2 })) chunks.push(chunk);
    expect(chunks).toEqual([
      { tokenId: 3, text: 'c' },
      { tokenId: 21, text: '' },
      { tokenId: 21, text: '\uFFFD' },
    ]);
  });
});

describe('prompts', () => {
  it('formats GPT-2 zero-shot and GPT-3 few-shot prompts', () => {
    expect(summarizationPrompt('A long article. ')).toBe('A long article.\nTL;DR:');
    expect(questionAnsweringPrompt('Doc.', 'Who?', [{ question: 'What?', answer: 'It.' }])).toBe('Doc.\nQ: What?\nA: It.\nQ: Who?\nA:');
    expect(translationPrompt([{ source: 'cat', target: 'chat' }], 'dog')).toBe('cat = chat\ndog =');
    expect(
      fewShotPrompt({ description: 'Translate English to French:', demonstrations: [{ input: 'sea otter', output: 'loutre de mer' }], query: 'cheese', outputPrefix: '=> ', separator: '\n' }),
    ).toBe('Translate English to French:\nsea otter\n=> loutre de mer\ncheese\n=>');
  });
});
