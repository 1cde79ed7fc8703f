import { readFileSync } from 'node:fs';
import { describeShared, sharedPath } from '@pretrain/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bpe } from './bpe.js';
import { ByteLevelPreTokenizer, byteToChar } from './bytelevel.js';
import { ByteLevelDecoder } from './decoders.js';
import { Tokenizer } from './tokenizer.js';

/** Any UTF-16 unit (lone surrogates included), whole astral characters, and the troublesome ASCII. */
const unit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
  fc.constantFrom(' ', '\n', '\t', '\u0000', "'s", '<|endoftext|>', '\r\n', 'é', 'e\u0301', '中'),
  fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
);
const anyText = fc.string({ unit, maxLength: 60 });

function expectOffsetsInside(tokenizer: Tokenizer, text: string): void {
  const encoding = tokenizer.encode(text, null, { addSpecialTokens: false });
  let previous = 0;
  const bad = encoding.offsets.filter(([start, end]) => {
    const wrong = start < previous || start > end || end > text.length;
    previous = start;
    return wrong;
  });
  expect(bad).toEqual([]);
}

function bytesOnlyTokenizer(): Tokenizer {
  const vocab = new Map<string, number>(byteToChar.map((character, byte) => [character, byte]));
  return new Tokenizer({
    normalizer: null,
    preTokenizer: new ByteLevelPreTokenizer({ addPrefixSpace: false }),
    model: new Bpe(vocab, [], { byteLevel: true }),
    postProcessor: null,
    decoder: new ByteLevelDecoder(),
    prefixCode: 0x20,
  });
}

describe('byte-level BPE round trip', () => {
  it('decodes what it encodes for arbitrary strings, lone surrogates included', () => {
    const tokenizer = bytesOnlyTokenizer();
    fc.assert(fc.property(anyText, (text) => tokenizer.decode(tokenizer.encode(text).ids) === text), { numRuns: 300 });
  });
});

describeShared('Tokenizer on hostile input', () => {
  const load = (name: string): Tokenizer => Tokenizer.fromJSON(readFileSync(sharedPath('data', 'vocab', name, 'tokenizer.json'), 'utf8'));
  const tokenizers = { bert: load('bert-base-uncased'), gpt2: load('gpt2'), t5: load('t5-small') };

  it('round-trips arbitrary strings through GPT-2', () => {
    fc.assert(fc.property(anyText, (text) => tokenizers.gpt2.decode(tokenizers.gpt2.encode(text).ids) === text), { numRuns: 300 });
  });

  for (const [name, tokenizer] of Object.entries(tokenizers)) {
    it(`keeps ${name} offsets inside the input and in order`, () => {
      fc.assert(
        fc.property(anyText, (text) => expectOffsetsInside(tokenizer, text)),
        { numRuns: 200 },
      );
    });

    it(`handles empty, NUL-only and control-only input with ${name}`, () => {
      for (const text of ['', '\u0000', '\u0000\u0001\u001f\u007f', ' \t\n ', '\ud800', '\udc00x\ud800']) expectOffsetsInside(tokenizer, text);
      expect(tokenizer.encode('', null, { addSpecialTokens: false }).ids).toEqual([]);
    });

    it(`gives the same ids from encodeIds as from encode with ${name}`, () => {
      const sameIds = (text: string) => {
        expect(tokenizer.encodeIds(text)).toEqual(tokenizer.encode(text, null, { addSpecialTokens: false }).ids);
        expect(tokenizer.encodeIds(text, { allowSpecial: false })).toEqual(tokenizer.encode(text, null, { addSpecialTokens: false, allowSpecial: false }).ids);
      };
      fc.assert(fc.property(anyText, (text) => sameIds(text)), { numRuns: 200 });
      for (const text of ['Hello world, 12 345 times!', ' leading and  double  spaces ', 'naïve café 中文 ﬁ', '<|endoftext|> [CLS] </s> x']) sameIds(text);
    });

    it(`encodes a 1 MB single line with ${name} (no quadratic paths)`, () => {
      const word = 'abcdefghij'.repeat(100_000);
      const words = 'lorem ipsum dolor sit amet, '.repeat(40_000);
      for (const text of [word, words]) expectOffsetsInside(tokenizer, text);
    });
  }
});
