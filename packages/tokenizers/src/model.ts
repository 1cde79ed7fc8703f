/**
 * Tokens produced for one pre-token: ids with UTF-16 ranges in the
 * normalised text. Reused across words: `count` entries of growable typed
 * arrays are valid (resetting a JavaScript array's length is slow).
 */
export class TokenSink {
  ids: Int32Array = new Int32Array(64);
  starts: Int32Array = new Int32Array(64);
  ends: Int32Array = new Int32Array(64);
  /** The token's text when it is not the vocabulary entry of its id (Unigram's unknown pieces keep their text). */
  texts: (string | null)[] = [];
  count = 0;
  private hasTexts = false;

  push(id: number, start: number, end: number, text: string | null = null): void {
    const index = this.count;
    if (index === this.ids.length) this.grow();
    this.ids[index] = id;
    this.starts[index] = start;
    this.ends[index] = end;
    if (text !== null || this.hasTexts) {
      if (!this.hasTexts) this.texts = new Array<string | null>(index).fill(null);
      this.hasTexts = true;
      this.texts[index] = text;
    }
    this.count = index + 1;
  }

  /** The text override of token `index`, or null. */
  textAt(index: number): string | null {
    return this.hasTexts ? (this.texts[index] ?? null) : null;
  }

  truncate(length: number): void {
    this.count = length;
  }

  clear(): void {
    this.count = 0;
    if (this.hasTexts) [this.texts, this.hasTexts] = [[], false];
  }

  private grow(): void {
    const size = this.ids.length * 2;
    const grow = (array: Int32Array): Int32Array => {
      const grown = new Int32Array(size);
      grown.set(array);
      return grown;
    };
    [this.ids, this.starts, this.ends] = [grow(this.ids), grow(this.starts), grow(this.ends)];
  }
}

export interface Model {
  readonly type: 'BPE' | 'WordPiece' | 'Unigram';
  /**
   * Tokenises the pre-token `text[start, end)`. `prefix` is the code of a
   * virtual character before it (a space for byte-level, `▁` for metaspace)
   * or 0; tokens covering it start at `start`.
   */
  tokenizeWord(text: string, start: number, end: number, prefix: number, sink: TokenSink): void;
  /** Optional fast path of `tokenizeWord` that appends only the ids (no offsets) to `ids`. */
  tokenizeWordIds?(text: string, start: number, end: number, prefix: number, ids: number[]): void;
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /** Number of ids the model itself knows (added tokens excluded). */
  readonly vocabSize: number;
  /** The vocabulary as token → id (a fresh object). */
  getVocab(): Record<string, number>;
  toJSON(): Record<string, unknown>;
}

/** Thrown for malformed tokenizer files and bad arguments; names the file and field. */
export class TokenizerError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly file?: string,
  ) {
    const named = field !== undefined && !message.includes(field) ? `${field}: ${message}` : message;
    super(file ? `${file}: ${named}` : named);
    this.name = 'TokenizerError';
  }
}

/** Builds token → id and id → token from a JSON `vocab` object, rejecting malformed entries. */
export function readVocabObject(vocab: unknown, field: string): { tokenToId: Map<string, number>; idToToken: string[] } {
  if (vocab === null || typeof vocab !== 'object' || Array.isArray(vocab)) {
    throw new TokenizerError(`${field} must be an object of token → id`, field);
  }
  const tokenToId = new Map<string, number>();
  const idToToken: string[] = [];
  for (const [token, id] of Object.entries(vocab as Record<string, unknown>)) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw new TokenizerError(`${field}[${JSON.stringify(token)}] must be a non-negative integer id, got ${JSON.stringify(id)}`, field);
    }
    if (idToToken[id] !== undefined) {
      throw new TokenizerError(`${field}: id ${id} is used by both ${JSON.stringify(idToToken[id])} and ${JSON.stringify(token)}`, field);
    }
    tokenToId.set(token, id);
    idToToken[id] = token;
  }
  return { tokenToId, idToToken };
}

export function vocabToObject(idToToken: readonly (string | undefined)[]): Record<string, number> {
  const result: Record<string, number> = {};
  idToToken.forEach((token, id) => {
    if (token !== undefined) result[token] = id;
  });
  return result;
}
