import { readFileSync } from 'node:fs';
import { describeShared, sharedPath } from '@pretrain/testing';
import { expect, it } from 'vitest';
import { compareEncoding, corpusFiles, linesOf, loadReference, type Mismatch } from './testing/reference.js';
import { Tokenizer } from './tokenizer.js';

const reference = loadReference();
const vocab = (...parts: string[]): string => sharedPath('data', 'vocab', ...parts);

/** Encodes every line of every corpus file with both; returns up to five differences. */
async function corpusMismatches(name: string): Promise<{ lines: number; mismatches: Mismatch[] }> {
  const path = vocab(name, 'tokenizer.json');
  const ours = Tokenizer.fromJSON(readFileSync(path, 'utf8'));
  const theirs = reference.Tokenizer.fromFile(path);
  const mismatches: Mismatch[] = [];
  let lines = 0;
  for (const file of corpusFiles(sharedPath('data', 'corpus'))) {
    const fileLines = linesOf(file.text);
    const expected = await theirs.encodeBatch(fileLines);
    fileLines.forEach((line, index) => {
      const encoding = ours.encode(line);
      const mismatch = compareEncoding(line, encoding, expected[index] as never);
      if (mismatch !== null && mismatches.length < 5) mismatches.push({ ...mismatch, line: `${file.name}: ${line.slice(0, 200)}` });
      // GPT-2's template adds no tokens, so its ids-only path must give exactly the same ids.
      if (name === 'gpt2' && mismatches.length < 5) {
        const idsOnly = ours.encodeIds(line);
        if (idsOnly.length !== encoding.ids.length || idsOnly.some((id, at) => id !== encoding.ids[at])) {
          mismatches.push({ line: `${file.name}: ${line.slice(0, 200)}`, field: 'encodeIds', ours: idsOnly, reference: encoding.ids });
        }
      }
    });
    lines += fileLines.length;
  }
  return { lines, mismatches };
}

describeShared('Tokenizer parity with the Rust reference on every corpus line', () => {
  for (const name of ['bert-base-uncased', 'gpt2', 't5-small']) {
    it(`matches ids, tokens and offsets for ${name}`, async () => {
      const { lines, mismatches } = await corpusMismatches(name);
      expect(lines).toBeGreaterThan(50_000);
      expect(mismatches).toEqual([]);
      // About 10 s per model on an idle core; the generous limit is for a shared, loaded machine.
    }, 300_000);
  }
});
