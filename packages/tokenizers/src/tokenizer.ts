import { AddedVocabulary, type AddedToken, type AddedTokenInput } from './addedvocab.js';
import { cleanUpTokenization, type Decoder } from './decoders.js';
import {
  padEncoding,
  paddedLength,
  truncatePair,
  type Encoding,
  type PaddingOptions,
  type TruncationOptions,
} from './encoding.js';
import { TokenSink, TokenizerError, type Model } from './model.js';
import { tokenizerFromJSON, tokenizerToJSON } from './json.js';
import { identityNormalized, originalEnd, originalStart, type Normalized } from './normalized.js';
import type { Normalizer } from './normalizers.js';
import type { PostProcessor } from './postprocess.js';
import { Splits, type PreTokenizer } from './pretokenizers.js';

export interface EncodeOptions {
  /** Add the template's special tokens (`[CLS]`, `[SEP]`, …). Default true. */
  addSpecialTokens?: boolean;
  /** Recognise special added tokens (`<|endoftext|>`, `[MASK]`) written in the text. Default true, like the reference. */
  allowSpecial?: boolean;
}

export interface DecodeOptions {
  skipSpecialTokens?: boolean;
  /** Remove spaces before punctuation and contractions (`" ."` → `"."`, `" n't"` → `"n't"`). Default false. */
  cleanUpTokenizationSpaces?: boolean;
}

export interface TokenizerParts {
  normalizer: Normalizer | null;
  preTokenizer: PreTokenizer | null;
  model: Model;
  postProcessor: PostProcessor | null;
  decoder: Decoder | null;
  /** Code of the virtual character a `prefixed` pre-token starts with (space for byte-level, `▁` for metaspace). */
  prefixCode: number;
}

/**
 * A tokenisation pipeline: added tokens → normaliser → pre-tokenizer → model
 * → post-processor, with truncation and padding, and a decoder back to text.
 */
export class Tokenizer {
  readonly normalizer: Normalizer | null;
  readonly preTokenizer: PreTokenizer | null;
  readonly model: Model;
  readonly postProcessor: PostProcessor | null;
  readonly decoder: Decoder | null;
  readonly addedVocabulary = new AddedVocabulary();
  truncation: TruncationOptions | null = null;
  padding: PaddingOptions | null = null;
  private readonly prefixCode: number;
  private readonly splits = new Splits();
  private readonly sink = new TokenSink();

  constructor(parts: TokenizerParts) {
    this.normalizer = parts.normalizer;
    this.preTokenizer = parts.preTokenizer;
    this.model = parts.model;
    this.postProcessor = parts.postProcessor;
    this.decoder = parts.decoder;
    this.prefixCode = parts.prefixCode;
  }

  /** Builds a tokenizer from Hugging Face's `tokenizer.json` (parsed or as text). Works in every runtime. */
  static fromJSON(input: string | object): Tokenizer {
    return tokenizerFromJSON(input);
  }

  /** The `tokenizer.json` document for this tokenizer (`JSON.stringify` it to save). */
  toJSON(): Record<string, unknown> {
    return tokenizerToJSON(this);
  }

  /** Number of ids, added tokens included. */
  get vocabSize(): number {
    let size = this.model.vocabSize;
    for (const token of this.addedVocabulary.tokens) if (this.model.idToToken(token.id) === undefined) size++;
    return size;
  }

  tokenToId(token: string): number | undefined {
    return this.addedVocabulary.byTokenContent(token)?.id ?? this.model.tokenToId(token);
  }

  idToToken(id: number): string | undefined {
    return this.addedVocabulary.byTokenId(id)?.content ?? this.model.idToToken(id);
  }

  /**
   * Adds tokens matched verbatim in raw text (GPT-1's `_start_`, `_delimiter_`, `_classify_`).
   * Tokens already in the vocabulary keep their id; new ones get the next free ids. Returns how many were new.
   */
  addTokens(tokens: readonly AddedTokenInput[], options: { special?: boolean } = {}): number {
    let added = 0;
    for (const input of tokens) {
      const entry = typeof input === 'string' ? { content: input } : input;
      const special = entry.special ?? options.special ?? false;
      const existing = this.tokenToId(entry.content);
      const id = existing ?? this.vocabSize;
      if (existing === undefined) added++;
      const token: AddedToken = {
        id,
        content: entry.content,
        special,
        singleWord: entry.singleWord ?? false,
        lstrip: entry.lstrip ?? false,
        rstrip: entry.rstrip ?? false,
        normalized: entry.normalized ?? !special,
      };
      this.addedVocabulary.add(token);
    }
    return added;
  }

  encode(text: string, pair?: string | null, options: EncodeOptions = {}): Encoding {
    const addSpecialTokens = options.addSpecialTokens ?? true;
    const allowSpecial = options.allowSpecial ?? true;
    let first = this.encodeSequence(text, allowSpecial);
    let second = pair === undefined || pair === null ? null : this.encodeSequence(pair, allowSpecial);
    if (this.truncation !== null) {
      const added = addSpecialTokens && this.postProcessor !== null ? this.postProcessor.addedTokens(second !== null) : 0;
      [first, second] = truncatePair(first, second, this.truncation, Math.max(0, this.truncation.maxLength - added));
    }
    const encoding = this.postProcess(first, second, addSpecialTokens);
    if (this.padding !== null && this.padding.length !== undefined) {
      padEncoding(encoding, paddedLength(this.padding, encoding.ids.length), this.padding);
    }
    return encoding;
  }

  /** Encodes many inputs; with padding and no fixed length, pads to the longest. */
  encodeBatch(inputs: readonly (string | readonly [string, string])[], options: EncodeOptions = {}): Encoding[] {
    const encodings = inputs.map((input) => (typeof input === 'string' ? this.encode(input, null, options) : this.encode(input[0], input[1], options)));
    if (this.padding !== null && this.padding.length === undefined) {
      const longest = encodings.reduce((most, encoding) => Math.max(most, encoding.ids.length), 0);
      const length = paddedLength(this.padding, longest);
      for (const encoding of encodings) padEncoding(encoding, length, this.padding);
    }
    return encodings;
  }

  /** Only the ids of `text` (no template, offsets or tokens): the fastest path. */
  encodeIds(text: string, options: { allowSpecial?: boolean } = {}): number[] {
    const ids: number[] = [];
    const allowSpecial = options.allowSpecial ?? true;
    const model = this.model;
    if (model.tokenizeWordIds === undefined) {
      this.runPipeline(text, allowSpecial, (id) => ids.push(id));
      return ids;
    }
    // The model's ids-only path: no offsets, token texts or callback per token.
    const splits = this.splits;
    for (const segment of this.addedVocabulary.split(text, allowSpecial)) {
      if (segment.id >= 0) {
        ids.push(segment.id);
        continue;
      }
      const normalText = this.prepareSegment(text, segment.start, segment.end).normalText;
      for (let index = 0; index < splits.count; index++) {
        const prefix = splits.prefixed[index] === 1 ? this.prefixCode : 0;
        model.tokenizeWordIds(normalText, splits.starts[index] as number, splits.ends[index] as number, prefix, ids);
      }
    }
    return ids;
  }

  private postProcess(first: Encoding, second: Encoding | null, addSpecialTokens: boolean): Encoding {
    if (this.postProcessor !== null) return this.postProcessor.process(first, second, addSpecialTokens);
    const label = (encoding: Encoding, sequence: number): Encoding => ({
      ...encoding,
      typeIds: new Array<number>(encoding.ids.length).fill(sequence),
      sequenceIds: new Array<number>(encoding.ids.length).fill(sequence),
    });
    if (second === null) return label(first, 0);
    const [left, right] = [label(first, 0), label(second, 1)];
    return {
      ids: left.ids.concat(right.ids),
      tokens: left.tokens.concat(right.tokens),
      typeIds: left.typeIds.concat(right.typeIds),
      attentionMask: left.attentionMask.concat(right.attentionMask),
      specialTokensMask: left.specialTokensMask.concat(right.specialTokensMask),
      wordIds: left.wordIds.concat(right.wordIds),
      offsets: left.offsets.concat(right.offsets),
      sequenceIds: left.sequenceIds.concat(right.sequenceIds),
      overflowing: [],
    };
  }

  /** One sequence through added tokens, normaliser, pre-tokenizer and model. */
  private encodeSequence(text: string, allowSpecial: boolean): Encoding {
    const ids: number[] = [];
    const offsets: [number, number][] = [];
    const wordIds: number[] = [];
    const tokens: string[] = [];
    this.runPipeline(text, allowSpecial, (id, start, end, word, token) => {
      ids.push(id);
      offsets.push([start, end]);
      wordIds.push(word);
      tokens.push(token ?? (this.idToToken(id) as string));
    });
    const ones = new Array<number>(ids.length).fill(1);
    const zeros = new Array<number>(ids.length).fill(0);
    return {
      ids,
      tokens,
      typeIds: zeros,
      attentionMask: ones,
      specialTokensMask: zeros.slice(),
      wordIds,
      offsets,
      sequenceIds: zeros.slice(),
      overflowing: [],
    };
  }

  /** Normalises `text[start, end)` and pre-tokenises it into `this.splits`; `normalText` is what the model reads. */
  private prepareSegment(text: string, start: number, end: number): { normalized: Normalized; normalText: string } {
    const raw = start === 0 && end === text.length ? text : text.slice(start, end);
    const normalized = this.normalizer === null ? identityNormalized(raw) : this.normalizer.normalize(identityNormalized(raw));
    const preTokenizer = this.preTokenizer;
    const splits = this.splits;
    splits.clear();
    if (preTokenizer === null) {
      if (normalized.text.length > 0) splits.push(0, normalized.text.length, false);
    } else preTokenizer.split(normalized.text, 0, normalized.text.length, false, splits);
    const normalText = preTokenizer?.transformText ? preTokenizer.transformText(normalized.text) : normalized.text;
    return { normalized, normalText };
  }

  /** Calls `emit(id, start, end, wordIndex)` for each token, offsets in UTF-16 units of `text`. */
  private runPipeline(
    text: string,
    allowSpecial: boolean,
    emit: (id: number, start: number, end: number, word: number, token: string | null) => void,
  ): void {
    let word = 0;
    const splits = this.splits;
    for (const segment of this.addedVocabulary.split(text, allowSpecial)) {
      if (segment.id >= 0) {
        emit(segment.id, segment.start, segment.end, word++, null);
        continue;
      }
      const { normalized, normalText } = this.prepareSegment(text, segment.start, segment.end);
      const sink = this.sink;
      const base = segment.start;
      for (let index = 0; index < splits.count; index++) {
        sink.clear();
        const prefix = splits.prefixed[index] === 1 ? this.prefixCode : 0;
        this.model.tokenizeWord(normalText, splits.starts[index] as number, splits.ends[index] as number, prefix, sink);
        for (let token = 0; token < sink.count; token++) {
          const start = base + originalStart(normalized, sink.starts[token] as number);
          const end = base + originalEnd(normalized, sink.ends[token] as number);
          emit(sink.ids[token] as number, start, Math.max(start, end), word, sink.textAt(token));
        }
        if (sink.count > 0) word++;
      }
    }
  }

  decode(ids: readonly number[], options: DecodeOptions = {}): string {
    const tokens: string[] = [];
    for (const id of ids) {
      const added = this.addedVocabulary.byTokenId(id);
      if (added !== undefined && added.special && options.skipSpecialTokens) continue;
      const token = added?.content ?? this.model.idToToken(id);
      if (token === undefined) throw new TokenizerError(`id ${id} is not in the vocabulary`, 'ids');
      tokens.push(token);
    }
    const text = this.decoder === null ? tokens.join(' ') : this.decoder.decodeChain(tokens).join('');
    return options.cleanUpTokenizationSpaces ? cleanUpTokenization(text) : text;
  }

  decodeBatch(batch: readonly (readonly number[])[], options: DecodeOptions = {}): string[] {
    return batch.map((ids) => this.decode(ids, options));
  }
}
