import { describe, expect, it } from 'vitest';
import { WordCache } from './wordcache.js';

const lookup = (cache: WordCache<number>, text: string, start: number, end: number, prefix = 0) =>
  cache.get(text, start, end, prefix, WordCache.hash(text, start, end, prefix));
const store = (cache: WordCache<number>, key: string, value: number, prefix = 0) =>
  cache.set(`(${key})`, 1, key.length + 1, prefix, WordCache.hash(key, 0, key.length, prefix), value);

describe('WordCache', () => {
  it('finds a word by a range of any text, with or without the virtual prefix', () => {
    const cache = new WordCache<number>(100);
    store(cache, 'hello', 1);
    store(cache, 'hello', 2, 0x20);
    expect(lookup(cache, 'say hello there', 4, 9)).toBe(1);
    expect(lookup(cache, 'say hello there', 4, 9, 0x20)).toBe(2);
    expect(lookup(cache, 'say hello there', 4, 8)).toBeUndefined();
    expect(lookup(cache, 'say hellO there', 4, 9)).toBeUndefined();
    expect(lookup(cache, 'hello', 0, 5, 0x2581)).toBeUndefined();
  });

  it('keeps every word apart through growth and colliding slots, and empties itself at capacity', () => {
    const cache = new WordCache<number>(5000);
    const words = Array.from({ length: 4000 }, (_, index) => `w${index.toString(36)}`);
    words.forEach((word, index) => store(cache, word, index));
    expect(cache.size).toBe(4000);
    const text = words.join(' ');
    let at = 0;
    words.forEach((word, index) => {
      expect(lookup(cache, text, at, at + word.length)).toBe(index);
      at += word.length + 1;
    });
    for (let index = 0; index < 1001; index++) store(cache, `x${index}`, index);
    expect(cache.size).toBe(1);
    expect(lookup(cache, 'w0', 0, 2)).toBeUndefined();
    expect(lookup(cache, 'x1000', 0, 5)).toBe(1000);
  });
});
