import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describeShared, sharedPath } from '@pretrain/testing';
import { expect, it } from 'vitest';
import { cli, temporaryDirectory } from './cli.test-helper.js';

describeShared('pretrain tokenize', () => {
  it('writes ids, tokens, code-point offsets and type ids that match the Rust reference', async () => {
    const dir = temporaryDirectory('tokenize');
    const lines = [{ text: 'Hello, world! 𝔘nicode', pair: 'Second sentence.' }, { text: 'Naïve café' }];
    writeFileSync(join(dir, 'in.jsonl'), lines.map((line) => JSON.stringify(line)).join('\n'));
    const vocab = sharedPath('data', 'vocab', 'bert-base-uncased', 'tokenizer.json');
    const { code } = await cli('tokenize', '--tokenizer', vocab, '--input', join(dir, 'in.jsonl'), '--output', join(dir, 'out.jsonl'));
    expect(code).toBe(0);
    const ours = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const { Tokenizer } = createRequire(import.meta.url)('tokenizers') as { Tokenizer: { fromFile(path: string): { encode(a: string, b?: string | null): Promise<{ getIds(): number[]; getTokens(): string[]; getOffsets(): [number, number][]; getTypeIds(): number[] }> } } };
    const reference = Tokenizer.fromFile(vocab);
    for (const [index, line] of lines.entries()) {
      const theirs = await reference.encode(line.text, line.pair ?? null);
      expect(ours[index]).toEqual({ ids: theirs.getIds(), tokens: theirs.getTokens(), offsets: theirs.getOffsets(), type_ids: theirs.getTypeIds() });
    }
  });

  it('names the line that is not JSON', async () => {
    const dir = temporaryDirectory('tokenize');
    writeFileSync(join(dir, 'bad.jsonl'), '{"text": "fine"}\n{oops\n');
    const { code, stderr } = await cli('tokenize', '--tokenizer', sharedPath('data', 'vocab', 'gpt2', 'tokenizer.json'), '--input', join(dir, 'bad.jsonl'), '--output', join(dir, 'out.jsonl'));
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(dir, 'bad.jsonl')}:2: not valid JSON`);
  });
});
