import { Splits, type PreTokenizer } from './pretokenizers.js';
import { codeLength, codePointAt, isLetterCode, isNumberCode, isWhitespaceCode } from './unicode.js';

/**
 * GPT-2's byte ↔ printable character table: printable Latin-1 bytes map to
 * themselves, the other 68 bytes to U+0100 upwards, in byte order.
 */
function buildByteTable(): { byteToChar: string[]; charToByte: Map<number, number> } {
  const byteToChar: string[] = new Array<string>(256);
  const charToByte = new Map<number, number>();
  let next = 256;
  for (let byte = 0; byte < 256; byte++) {
    const printable = (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || (byte >= 174 && byte <= 255);
    const code = printable ? byte : next++;
    byteToChar[byte] = String.fromCharCode(code);
    charToByte.set(code, byte);
  }
  return { byteToChar, charToByte };
}

export const { byteToChar, charToByte } = buildByteTable();

/** UTF-8 length of one code point; a lone surrogate takes 3 bytes (WTF-8), so any string round-trips. */
export function utf8Length(code: number): number {
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/** Writes the UTF-8 (WTF-8 for lone surrogates) bytes of `code` at `at`; returns the new position. */
export function writeUtf8(code: number, bytes: Uint8Array, at: number): number {
  if (code < 0x80) {
    bytes[at] = code;
    return at + 1;
  }
  if (code < 0x800) {
    bytes[at] = 0xc0 | (code >> 6);
    bytes[at + 1] = 0x80 | (code & 0x3f);
    return at + 2;
  }
  if (code < 0x10000) {
    bytes[at] = 0xe0 | (code >> 12);
    bytes[at + 1] = 0x80 | ((code >> 6) & 0x3f);
    bytes[at + 2] = 0x80 | (code & 0x3f);
    return at + 3;
  }
  bytes[at] = 0xf0 | (code >> 18);
  bytes[at + 1] = 0x80 | ((code >> 12) & 0x3f);
  bytes[at + 2] = 0x80 | ((code >> 6) & 0x3f);
  bytes[at + 3] = 0x80 | (code & 0x3f);
  return at + 4;
}

function continuation(bytes: ArrayLike<number>, index: number): number {
  const byte = index < bytes.length ? (bytes[index] as number) : 0;
  return (byte & 0xc0) === 0x80 ? byte & 0x3f : -1;
}

/**
 * Decodes UTF-8, accepting encoded surrogates (WTF-8) so lone surrogates come
 * back; each byte of an invalid sequence becomes U+FFFD.
 */
export function decodeWtf8(bytes: ArrayLike<number>): string {
  const units: number[] = [];
  let result = '';
  for (let index = 0; index < bytes.length; ) {
    const lead = bytes[index] as number;
    let code = -1;
    let length = 1;
    if (lead < 0x80) code = lead;
    else if (lead >= 0xc2 && lead < 0xe0) {
      const a = continuation(bytes, index + 1);
      if (a >= 0) [code, length] = [((lead & 0x1f) << 6) | a, 2];
    } else if (lead >= 0xe0 && lead < 0xf0) {
      const a = continuation(bytes, index + 1);
      const b = continuation(bytes, index + 2);
      const candidate = ((lead & 0x0f) << 12) | (a << 6) | b;
      if (a >= 0 && b >= 0 && candidate >= 0x800) [code, length] = [candidate, 3];
    } else if (lead >= 0xf0 && lead < 0xf5) {
      const a = continuation(bytes, index + 1);
      const b = continuation(bytes, index + 2);
      const c = continuation(bytes, index + 3);
      const candidate = ((lead & 0x07) << 18) | (a << 12) | (b << 6) | c;
      if (a >= 0 && b >= 0 && c >= 0 && candidate >= 0x10000 && candidate <= 0x10ffff) [code, length] = [candidate, 4];
    }
    if (code < 0) code = 0xfffd;
    if (code > 0xffff) units.push(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff));
    else units.push(code);
    index += length;
    if (units.length >= 8192) {
      result += String.fromCharCode.apply(null, units);
      units.length = 0;
    }
  }
  return result + String.fromCharCode.apply(null, units);
}

const APOSTROPHE = 39;

/** Length of a contraction (`'s 't 're 've 'm 'll 'd`) starting at `index`, or 0. */
function contractionLength(text: string, index: number, end: number): number {
  if (index + 1 >= end) return 0;
  const next = text.charCodeAt(index + 1);
  if (next === 115 || next === 116 || next === 109 || next === 100) return 2;
  if (index + 2 >= end) return 0;
  const third = text.charCodeAt(index + 2);
  if ((next === 114 || next === 118) && third === 101) return 3;
  if (next === 108 && third === 108) return 3;
  return 0;
}

const LETTER = 1;
const NUMBER = 2;
const OTHER = 3;
const SPACE = 4;

/** The class of each ASCII code. */
const ASCII_CLASS = Uint8Array.from({ length: 0x80 }, (_, code) => {
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return LETTER;
  if (code >= 48 && code <= 57) return NUMBER;
  return isWhitespaceCode(code) ? SPACE : OTHER;
});

function gptClass(code: number): number {
  if (code < 0x80) return ASCII_CLASS[code] as number;
  if (isWhitespaceCode(code)) return SPACE;
  if (isLetterCode(code)) return LETTER;
  return isNumberCode(code) ? NUMBER : OTHER;
}

/** End of the run of class `kind` starting at `index`. */
function runEnd(text: string, index: number, end: number, kind: number): number {
  let position = index;
  while (position < end) {
    const unit = text.charCodeAt(position);
    if (unit < 0x80) {
      // ASCII: one unit, class from the table.
      if (ASCII_CLASS[unit] !== kind) break;
      position++;
      continue;
    }
    const code = codePointAt(text, position);
    if (gptClass(code) !== kind) break;
    position += codeLength(code);
  }
  return position;
}

/**
 * Splits with GPT-2's pattern
 * `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
 * written as a scanner over character classes.
 */
export function splitGpt2(text: string, start: number, end: number, sink: Splits, prefixFirst: boolean): void {
  let index = start;
  let prefixed = prefixFirst;
  if (prefixed && index < end && gptClass(codePointAt(text, index)) === SPACE) {
    sink.push(index, index, true);
    prefixed = false;
  }
  while (index < end) {
    const code = codePointAt(text, index);
    if (code === APOSTROPHE && !prefixed) {
      const length = contractionLength(text, index, end);
      if (length > 0) {
        sink.push(index, index + length, false);
        index += length;
        continue;
      }
    }
    let kind = gptClass(code);
    let runStart = index;
    if (code === 32 && index + 1 < end) {
      const nextKind = gptClass(codePointAt(text, index + 1));
      if (nextKind !== SPACE) {
        kind = nextKind;
        runStart = index + 1;
      }
    }
    if (kind !== SPACE) {
      const stop = runEnd(text, runStart, end, kind);
      sink.push(index, stop, prefixed);
      prefixed = false;
      index = stop;
      continue;
    }
    const stop = runEnd(text, index, end, SPACE);
    // `\s+(?!\S)` gives back the last space when a non-space follows.
    const matchEnd = stop < end && stop - index > 1 ? stop - codeLength(codePointAt(text, stop - 1)) : stop;
    sink.push(index, matchEnd, false);
    index = matchEnd;
  }
}

export interface ByteLevelOptions {
  addPrefixSpace?: boolean;
  trimOffsets?: boolean;
  useRegex?: boolean;
}

/** The byte-level pre-tokenizer: GPT-2 splitting; the BPE model maps each split to bytes. */
export class ByteLevelPreTokenizer implements PreTokenizer {
  readonly addPrefixSpace: boolean;
  readonly trimOffsets: boolean;
  readonly useRegex: boolean;

  constructor(options: ByteLevelOptions = {}) {
    this.addPrefixSpace = options.addPrefixSpace ?? true;
    this.trimOffsets = options.trimOffsets ?? true;
    this.useRegex = options.useRegex ?? true;
  }

  split(text: string, start: number, end: number, prefixed: boolean, sink: Splits): void {
    const prefixFirst = prefixed || (this.addPrefixSpace && text.charCodeAt(start) !== 32 && start < end);
    if (this.useRegex) splitGpt2(text, start, end, sink, prefixFirst);
    else if (start < end) sink.push(start, end, prefixFirst);
  }

  toJSON(): Record<string, unknown> {
    return { type: 'ByteLevel', add_prefix_space: this.addPrefixSpace, trim_offsets: this.trimOffsets, use_regex: this.useRegex };
  }
}

export { Splits };
