import { readFileSync } from 'node:fs';
import { describeShared, sharedPath } from '@pretrain/testing';
import { expect, it } from 'vitest';
import { parseMergesTxt, parseVocabJson, gpt1FromFiles } from './presets.js';
import { compareEncoding, corpusFiles, linesOf, loadReference, type Mismatch, type ReferenceTokenizer } from './testing/reference.js';

const reference = loadReference() as unknown as {
  Tokenizer: new (model: unknown) => ReferenceTokenizer & { setNormalizer(value: unknown): void; setPreTokenizer(value: unknown): void; setDecoder(value: unknown): void };
  BPE: { fromFile(vocab: string, merges: string, options: Record<string, unknown>): Promise<unknown> };
  bertNormalizer(options: Record<string, unknown>): unknown;
  bertPreTokenizer(): unknown;
  bpeDecoder(suffix: string): unknown;
};
const file = (name: string): string => sharedPath('data', 'vocab', 'openai-gpt', name);

/** The reference built like Hugging Face's OpenAIGPTConverter. */
async function referenceGpt1(): Promise<ReferenceTokenizer> {
  const model = await reference.BPE.fromFile(file('encoder_bpe_40000.json'), file('vocab_40000.bpe'), { unkToken: '<unk>', endOfWordSuffix: '</w>' });
  const tokenizer = new reference.Tokenizer(model);
  tokenizer.setNormalizer(reference.bertNormalizer({ lowercase: true }));
  tokenizer.setPreTokenizer(reference.bertPreTokenizer());
  tokenizer.setDecoder(reference.bpeDecoder('</w>'));
  tokenizer.addSpecialTokens(['<unk>']);
  return tokenizer;
}

function ours() {
  return gpt1FromFiles(parseVocabJson(readFileSync(file('encoder_bpe_40000.json'), 'utf8')), parseMergesTxt(readFileSync(file('vocab_40000.bpe'), 'utf8')));
}

describeShared('GPT-1 BPE (openai-gpt)', () => {
  it('matches the Rust reference on every corpus line', async () => {
    const [tokenizer, theirs] = [ours(), await referenceGpt1()];
    const mismatches: Mismatch[] = [];
    const idsOnlyMismatches: string[] = [];
    for (const corpus of corpusFiles(sharedPath('data', 'corpus'))) {
      const lines = linesOf(corpus.text);
      const expected = await theirs.encodeBatch(lines);
      lines.forEach((line, index) => {
        const encoding = tokenizer.encode(line);
        const mismatch = compareEncoding(line, encoding, expected[index] as never);
        if (mismatch !== null && mismatches.length < 5) mismatches.push({ ...mismatch, line: `${corpus.name}: ${line.slice(0, 200)}` });
        const ids = tokenizer.encodeIds(line);
        if ((ids.length !== encoding.ids.length || ids.some((id, at) => id !== encoding.ids[at])) && idsOnlyMismatches.length < 5) idsOnlyMismatches.push(line);
      });
    }
    expect(mismatches).toEqual([]);
    expect(idsOnlyMismatches).toEqual([]);
  }, 300_000);

  it('adds start, delimiter and classify tokens as special tokens recognised in text', async () => {
    const tokenizer = ours();
    expect(tokenizer.addTokens(['_start_', '_delimiter_', '_classify_'], { special: true })).toBe(3);
    expect(tokenizer.vocabSize).toBe(40481);
    const text = '_start_ Hello there _delimiter_ general kenobi _classify_';
    const encoding = tokenizer.encode(text);
    expect(encoding.ids.slice(0, 1)).toEqual([40478]);
    expect(encoding.ids[encoding.ids.length - 1]).toBe(40480);
    const theirs = await referenceGpt1();
    theirs.addSpecialTokens(['_start_', '_delimiter_', '_classify_']);
    expect(compareEncoding(text, encoding, await theirs.encode(text))).toBeNull();
    expect(tokenizer.decode(encoding.ids, { skipSpecialTokens: true })).toBe(await theirs.decode(encoding.ids, true));
  });
});
