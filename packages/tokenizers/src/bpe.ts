import { byteToChar, utf8Length, writeUtf8 } from './bytelevel.js';
import { readVocabObject, TokenizerError, vocabToObject, type Model, type TokenSink } from './model.js';
import { PairTable } from './pairtable.js';
import { WordCache } from './wordcache.js';
import { mergeSymbols } from './bpemerge.js';
import { codeLength, codePointAt } from './unicode.js';
import { optionalString } from './wordpiece.js';

export interface BpeOptions {
  unkToken?: string | null;
  continuingSubwordPrefix?: string | null;
  endOfWordSuffix?: string | null;
  fuseUnk?: boolean;
  byteFallback?: boolean;
  ignoreMerges?: boolean;
  /** Words run through the byte-to-unicode table first (set when the pre-tokenizer is ByteLevel). */
  byteLevel?: boolean;
  /** Most words remembered; 0 disables the cache. */
  cacheCapacity?: number;
}

/** A word's tokens: ids and where each ends, in model units (bytes for byte-level, UTF-16 units otherwise). */
interface CachedWord {
  ids: Int32Array;
  ends: Int32Array;
}

/**
 * BPE with merges applied by rank. Merges live in a typed-array hash table
 * keyed by the id pair; tokenised words are cached by their text.
 */
export class Bpe implements Model {
  readonly type = 'BPE';
  readonly options: Required<Omit<BpeOptions, 'unkToken' | 'continuingSubwordPrefix' | 'endOfWordSuffix'>> & {
    unkToken: string | null;
    continuingSubwordPrefix: string | null;
    endOfWordSuffix: string | null;
  };
  private readonly tokenIds: Map<string, number>;
  private readonly tokens: string[];
  private readonly mergeTable: PairTable;
  /** Merge `index` joins `mergeLefts[index]`, `mergeRights[index]` into `mergeResults[index]`. */
  private readonly mergeResults: Int32Array;
  private readonly mergeLefts: Int32Array;
  private readonly mergeRights: Int32Array;
  private readonly byteIds: Int32Array;
  private readonly unkId: number;
  /** Merged words by their text (null when `cacheCapacity` is 0). */
  private readonly cache: WordCache<CachedWord> | null;
  private scratchBytes = new Uint8Array(256);
  private unitStarts = new Int32Array(256);
  private unitEnds = new Int32Array(256);

  constructor(vocab: Map<string, number>, merges: readonly (readonly [string, string])[], options: BpeOptions = {}) {
    this.options = {
      unkToken: options.unkToken ?? null,
      continuingSubwordPrefix: options.continuingSubwordPrefix || null,
      endOfWordSuffix: options.endOfWordSuffix || null,
      fuseUnk: options.fuseUnk ?? false,
      byteFallback: options.byteFallback ?? false,
      ignoreMerges: options.ignoreMerges ?? false,
      byteLevel: options.byteLevel ?? false,
      cacheCapacity: options.cacheCapacity ?? 50_000,
    };
    this.cache = this.options.cacheCapacity > 0 ? new WordCache<CachedWord>(this.options.cacheCapacity) : null;
    this.tokenIds = vocab;
    this.tokens = [];
    for (const [token, id] of vocab) this.tokens[id] = token;
    this.mergeTable = new PairTable(merges.length);
    this.mergeResults = new Int32Array(merges.length);
    this.mergeLefts = new Int32Array(merges.length);
    this.mergeRights = new Int32Array(merges.length);
    merges.forEach((merge, rank) => this.addMerge(merge, rank));
    this.byteIds = new Int32Array(256).map((_, byte) => vocab.get(byteToChar[byte] as string) ?? -1);
    const unk = this.options.unkToken;
    this.unkId = unk === null ? -1 : (vocab.get(unk) ?? -1);
    if (unk !== null && this.unkId < 0) {
      throw new TokenizerError(`unk_token ${JSON.stringify(unk)} is not in the vocabulary`, 'model.unk_token');
    }
  }

  private addMerge([left, right]: readonly [string, string], rank: number): void {
    const leftId = this.tokenIds.get(left);
    const rightId = this.tokenIds.get(right);
    const prefixLength = this.options.continuingSubwordPrefix?.length ?? 0;
    const merged = left + (prefixLength > 0 && right.startsWith(this.options.continuingSubwordPrefix as string) ? right.slice(prefixLength) : right);
    const resultId = this.tokenIds.get(merged);
    const missing = leftId === undefined ? left : rightId === undefined ? right : resultId === undefined ? merged : null;
    if (missing !== null) {
      throw new TokenizerError(`merge ${rank} (${JSON.stringify(`${left} ${right}`)}) uses ${JSON.stringify(missing)}, which is not in the vocabulary`, `model.merges[${rank}]`);
    }
    // A repeated pair keeps its first (lowest) rank, as in the reference.
    this.mergeTable.setIfAbsent(leftId as number, rightId as number, rank);
    this.mergeResults[rank] = resultId as number;
    this.mergeLefts[rank] = leftId as number;
    this.mergeRights[rank] = rightId as number;
  }

  static fromJSON(json: Record<string, unknown>, byteLevel: boolean): Bpe {
    const { tokenToId } = readVocabObject(json.vocab, 'model.vocab');
    return new Bpe(tokenToId, parseMerges(json.merges, 'model.merges'), {
      unkToken: optionalString(json.unk_token, 'model.unk_token') ?? null,
      continuingSubwordPrefix: optionalString(json.continuing_subword_prefix, 'model.continuing_subword_prefix') ?? null,
      endOfWordSuffix: optionalString(json.end_of_word_suffix, 'model.end_of_word_suffix') ?? null,
      fuseUnk: json.fuse_unk === true,
      byteFallback: json.byte_fallback === true,
      ignoreMerges: json.ignore_merges === true,
      byteLevel,
    });
  }

  get vocabSize(): number {
    return this.tokenIds.size;
  }

  get mergeCount(): number {
    return this.mergeResults.length;
  }

  tokenToId(token: string): number | undefined {
    return this.tokenIds.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.tokens[id];
  }

  getVocab(): Record<string, number> {
    return vocabToObject(this.tokens);
  }

  /** Merges in rank order as `[left, right]` token pairs. */
  getMerges(): [string, string][] {
    return Array.from(this.mergeLefts, (left, rank) => [this.tokens[left] as string, this.tokens[this.mergeRights[rank] as number] as string]);
  }

  tokenizeWord(text: string, start: number, end: number, prefix: number, sink: TokenSink): void {
    const word = this.word(text, start, end, prefix);
    if (this.options.byteLevel) this.emitBytes(word, text, start, end, prefix !== 0, sink);
    else this.emitChars(word, start, prefix !== 0, sink);
  }

  tokenizeWordIds(text: string, start: number, end: number, prefix: number, ids: number[]): void {
    const wordIds = this.word(text, start, end, prefix).ids;
    for (let index = 0; index < wordIds.length; index++) ids.push(wordIds[index] as number);
  }

  /** The merged tokens of the pre-token `text[start, end)` (with its virtual prefix), from the cache when there. */
  private word(text: string, start: number, end: number, prefix: number): CachedWord {
    const cache = this.cache;
    const hash = cache === null ? 0 : WordCache.hash(text, start, end, prefix);
    const cached = cache?.get(text, start, end, prefix, hash);
    if (cached !== undefined) return cached;
    const key = prefix === 0 ? text.slice(start, end) : String.fromCharCode(prefix) + text.slice(start, end);
    const word = this.options.byteLevel ? this.encodeBytes(key) : this.encodeChars(key);
    cache?.set(text, start, end, prefix, hash, word);
    return word;
  }

  /** Byte-level: ends are byte positions; a token spans the characters its first and last bytes fall in. */
  private emitBytes(word: CachedWord, text: string, start: number, end: number, prefixed: boolean, sink: TokenSink): void {
    const { ids, ends } = word;
    const byteCount = ends[ends.length - 1] ?? 0;
    if (!prefixed && byteCount === end - start) {
      // Every character is one byte (ASCII): byte positions are unit positions.
      let tokenStart = start;
      for (let index = 0; index < ids.length; index++) {
        const tokenEnd = start + (ends[index] as number);
        sink.push(ids[index] as number, tokenStart, tokenEnd);
        tokenStart = tokenEnd;
      }
      return;
    }
    const { unitStarts, unitEnds } = this.byteUnits(text, start, end, prefixed, byteCount);
    let byteStart = 0;
    for (let index = 0; index < ids.length; index++) {
      const byteEnd = ends[index] as number;
      sink.push(ids[index] as number, unitStarts[byteStart] as number, unitEnds[byteEnd - 1] as number);
      byteStart = byteEnd;
    }
  }

  /** For each byte of the word, the UTF-16 range of its character; the virtual prefix byte takes the first character's. */
  private byteUnits(text: string, start: number, end: number, prefixed: boolean, byteCount: number): { unitStarts: Int32Array; unitEnds: Int32Array } {
    if (this.unitStarts.length < byteCount) {
      this.unitStarts = new Int32Array(byteCount * 2);
      this.unitEnds = new Int32Array(byteCount * 2);
    }
    const { unitStarts, unitEnds } = this;
    let byte = 0;
    if (prefixed) {
      unitStarts[0] = start;
      unitEnds[0] = start < end ? start + codeLength(codePointAt(text, start)) : start;
      byte = 1;
    }
    for (let unit = start; unit < end; ) {
      const code = codePointAt(text, unit);
      const next = unit + codeLength(code);
      for (let count = utf8Length(code); count > 0; count--, byte++) {
        unitStarts[byte] = unit;
        unitEnds[byte] = next;
      }
      unit = next;
    }
    return { unitStarts, unitEnds };
  }

  private emitChars(word: CachedWord, start: number, prefixed: boolean, sink: TokenSink): void {
    let tokenStart = 0;
    for (let index = 0; index < word.ids.length; index++) {
      const tokenEnd = word.ends[index] as number;
      const from = Math.max(0, tokenStart - (prefixed ? 1 : 0));
      const to = Math.max(prefixed ? 1 : 0, tokenEnd - (prefixed ? 1 : 0));
      sink.push(word.ids[index] as number, start + from, start + to);
      tokenStart = tokenEnd;
    }
  }

  private encodeBytes(word: string): CachedWord {
    if (this.scratchBytes.length < word.length * 3) this.scratchBytes = new Uint8Array(word.length * 3);
    const bytes = this.scratchBytes;
    let length = 0;
    for (let index = 0; index < word.length; ) {
      const code = codePointAt(word, index);
      length = writeUtf8(code, bytes, length);
      index += codeLength(code);
    }
    const ids = new Int32Array(length);
    const sizes = new Int32Array(length).fill(1);
    for (let index = 0; index < length; index++) ids[index] = this.byteIds[bytes[index] as number] as number;
    return this.merged(ids, sizes, word);
  }

  private encodeChars(word: string): CachedWord {
    const ids: number[] = [];
    const sizes: number[] = [];
    const { continuingSubwordPrefix: prefix, endOfWordSuffix: suffix } = this.options;
    let unkSize = 0;
    for (let index = 0; index < word.length; ) {
      const size = codeLength(codePointAt(word, index));
      let symbol = word.slice(index, index + size);
      if (prefix !== null && index > 0) symbol = prefix + symbol;
      if (suffix !== null && index + size === word.length) symbol += suffix;
      index += size;
      const id = this.tokenIds.get(symbol);
      if (id !== undefined) {
        if (unkSize > 0) [unkSize] = [0, ids.push(this.unkId), sizes.push(unkSize)];
        ids.push(id);
        sizes.push(size);
      } else if (this.unkId >= 0) {
        if (unkSize > 0 && !this.options.fuseUnk) [unkSize] = [0, ids.push(this.unkId), sizes.push(unkSize)];
        unkSize += size;
      } else if (sizes.length > 0) {
        // No unknown token: the reference drops the character; keep offsets contiguous.
        sizes[sizes.length - 1] = (sizes[sizes.length - 1] as number) + size;
      }
    }
    if (unkSize > 0) [ids.push(this.unkId), sizes.push(unkSize)];
    return this.merged(Int32Array.from(ids), Int32Array.from(sizes), word);
  }

  private merged(ids: Int32Array, sizes: Int32Array, word: string): CachedWord {
    const direct = this.options.ignoreMerges ? this.tokenIds.get(word) : undefined;
    if (direct !== undefined) return { ids: Int32Array.of(direct), ends: Int32Array.of(sizes.reduce((sum, size) => sum + size, 0)) };
    const count = mergeSymbols(ids, sizes, this.mergeTable, this.mergeResults);
    const ends = new Int32Array(count);
    let position = 0;
    for (let index = 0; index < count; index++) {
      position += sizes[index] as number;
      ends[index] = position;
    }
    return { ids: ids.slice(0, count), ends };
  }

  toJSON(): Record<string, unknown> {
    const { unkToken, continuingSubwordPrefix, endOfWordSuffix, fuseUnk, byteFallback, ignoreMerges } = this.options;
    return {
      type: 'BPE',
      dropout: null,
      unk_token: unkToken,
      continuing_subword_prefix: continuingSubwordPrefix,
      end_of_word_suffix: endOfWordSuffix,
      fuse_unk: fuseUnk,
      byte_fallback: byteFallback,
      ignore_merges: ignoreMerges,
      vocab: this.getVocab(),
      merges: this.getMerges(),
    };
  }
}

/** Merges as `"a b"` strings (older files) or `["a", "b"]` pairs. */
export function parseMerges(merges: unknown, field: string): [string, string][] {
  if (merges === undefined || merges === null) return [];
  if (!Array.isArray(merges)) throw new TokenizerError(`${field} must be an array`, field);
  return merges.map((merge: unknown, rank) => {
    if (typeof merge === 'string') {
      const space = merge.indexOf(' ', 1);
      if (space < 0) throw new TokenizerError(`${field}[${rank}] ${JSON.stringify(merge)} is not "left right"`, `${field}[${rank}]`);
      return [merge.slice(0, space), merge.slice(space + 1)];
    }
    if (Array.isArray(merge) && merge.length === 2 && typeof merge[0] === 'string' && typeof merge[1] === 'string') {
      return [merge[0], merge[1]];
    }
    throw new TokenizerError(`${field}[${rank}] must be "left right" or ["left", "right"]`, `${field}[${rank}]`);
  });
}
