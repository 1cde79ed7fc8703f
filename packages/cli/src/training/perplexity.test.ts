import { describeShared, hfTinyDir } from '@pretrain/testing';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bertFromVocab } from '@pretrain/tokenizers';
import { expect, it } from 'vitest';
import { cli, temporaryDirectory, trainingBackend } from '../cli.test-helper.js';

describeShared('pretrain eval --corpus (perplexity of a causal LM)', () => {
  it('scores every token after the first with sliding windows of the model’s context', async () => {
    // hf-tiny gpt2 (context 64, vocabulary 600) with a word-level tokenizer whose ids fit its vocabulary.
    const directory = temporaryDirectory('perplexity');
    for (const file of ['config.json', 'model.safetensors']) copyFileSync(join(hfTinyDir('gpt2'), file), join(directory, file));
    const words = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'cat', 'sat', 'on', 'mat', '.'];
    writeFileSync(join(directory, 'tokenizer.json'), JSON.stringify(bertFromVocab(new Map(words.map((word, id) => [word, id]))).toJSON()));
    const corpus = join(directory, 'corpus.txt');
    writeFileSync(corpus, `${Array.from({ length: 30 }, () => 'the cat sat on the mat.').join('\n')}\n`);
    const { code, stdout, stderr } = await cli('eval', '--model', directory, '--corpus', corpus, '--stride', '32', '--json', '--backend', trainingBackend);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const scores = JSON.parse(stdout) as { perplexity: number; scoredTokens: number; windows: number; meanNegativeLogLikelihood: number };
    expect(scores.scoredTokens).toBe(30 * 7 - 1);
    expect(scores.windows).toBe(Math.ceil((30 * 7 - 64) / 32) + 1);
    expect(scores.perplexity).toBeCloseTo(Math.exp(scores.meanNegativeLogLikelihood), 6);
    expect(scores.perplexity).toBeGreaterThan(1);
  });
});
