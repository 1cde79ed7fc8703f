import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@pretrain/tokenizers';
import { describe, expect, it } from 'vitest';
import { cli, temporaryDirectory } from '../cli.test-helper.js';


describe('pretrain tokenizer train', () => {
  const directory = temporaryDirectory('tokenizer');
  const corpus = join(directory, 'corpus.txt');
  writeFileSync(corpus, 'The cat sat on the mat.\nThe dog sat too.\n\nA bird flew over the cat.\n');

  it('writes a tokenizer.json that encodes the corpus without unknown tokens', async () => {
    const target = join(directory, 'tokenizer.json');
    const { code, stdout } = await cli('tokenizer', 'train', '--corpus', corpus, '--output', target, '--vocab-size', '60');
    expect(code).toBe(0);
    expect(stdout).toContain(`from 2 documents → ${target}`);
    const tokenizer = Tokenizer.fromJSON(readFileSync(target, 'utf8'));
    expect(tokenizer.vocabSize).toBeLessThanOrEqual(60);
    const encoding = tokenizer.encode('The cat flew.', 'Rodent.') // an unseen word of seen characters;
    expect(encoding.tokens[0]).toBe('[CLS]');
    expect(encoding.tokens).toContain('cat');
    expect(encoding.tokens).not.toContain('[UNK]');
    expect(encoding.tokens.filter((token) => token === '[SEP]').length).toBe(2);
  });

  it('trains a byte-level BPE that round-trips any text', async () => {
    const target = join(directory, 'bpe.json');
    const { code } = await cli('tokenizer', 'train', '--corpus', corpus, '--output', target, '--vocab-size', '300', '--model', 'byte-level-bpe');
    expect(code).toBe(0);
    const tokenizer = Tokenizer.fromJSON(readFileSync(target, 'utf8'));
    expect(tokenizer.decode(tokenizer.encode('Zebras sat!').ids)).toBe('Zebras sat!');
  });

  it('requires the action', async () => {
    const { code, stderr } = await cli('tokenizer', '--corpus', corpus);
    expect(code).toBe(2);
    expect(stderr).toContain('tokenizer: expected the action "train", got nothing');
  });

  it('names a missing corpus', async () => {
    const { stderr } = await cli('tokenizer', 'train', '--corpus', join(directory, 'none.txt'), '--output', join(directory, 'x.json'));
    expect(stderr).toContain(`corpus ${join(directory, 'none.txt')} does not exist`);
  });
});
