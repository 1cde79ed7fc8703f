import type { CausalLM, TokenizerLike } from '@pretrain/core';
import { generateSteps, type GenerateOptions } from './generate.js';

export interface TextChunk {
  tokenId: number;
  /** Text this token completed (may be empty while held back, see `streamText`). */
  text: string;
}

export interface StreamTextOptions extends Omit<GenerateOptions, 'stopSequences'> {
  /** Stop when the text contains one of these strings (the string and what follows it are not returned). */
  stopStrings?: readonly string[];
}

/** How much of the end of `text` could still grow into a stop string: held back until it does or cannot. */
function heldBack(text: string, stopStrings: readonly string[]): number {
  let longest = text.endsWith('\uFFFD') ? text.length - text.replace(/\uFFFD+$/, '').length : 0;
  for (const stop of stopStrings) {
    for (let size = Math.min(stop.length - 1, text.length); size > longest; size--) {
      if (text.endsWith(stop.slice(0, size))) {
        longest = size;
        break;
      }
    }
  }
  return longest;
}

/**
 * Streams a completion of one prompt as text, token by token. Decodes the whole
 * completion each step and yields the new part, holding back a trailing U+FFFD
 * (half of a multi-byte character from byte-level BPE) and any ending that may
 * be the start of a stop string, so nothing yielded is ever taken back. What is
 * still held back when generation ends is yielded last, so the chunks join to
 * the decoded completion.
 */
export async function* streamText(model: CausalLM, tokenizer: TokenizerLike, prompt: string, options: StreamTextOptions = {}): AsyncGenerator<TextChunk> {
  const stopStrings = options.stopStrings ?? [];
  const promptIds = tokenizer.encode(prompt).ids;
  const ids: number[] = [];
  let emitted = '';
  let text = '';
  for await (const { tokens } of generateSteps(model, [promptIds], options)) {
    const token = tokens[0];
    if (token === undefined) break;
    ids.push(token);
    text = tokenizer.decode(ids, { skipSpecialTokens: true });
    const stops = stopStrings.map((stop) => text.indexOf(stop)).filter((index) => index >= 0);
    if (stops.length > 0) {
      const end = Math.min(...stops);
      yield { tokenId: token, text: end > emitted.length ? text.slice(emitted.length, end) : '' };
      return;
    }
    const stable = text.slice(0, text.length - heldBack(text, stopStrings));
    const delta = stable.startsWith(emitted) ? stable.slice(emitted.length) : '';
    if (delta) emitted = stable;
    yield { tokenId: token, text: delta };
  }
  // Generation ended without a stop string: release what was held back, a trailing U+FFFD included
  // (no later byte can complete it now; the streamed text then equals `tokenizer.decode`, as Hugging Face's streamers do).
  if (text.length > emitted.length && text.startsWith(emitted)) yield { tokenId: ids.at(-1)!, text: text.slice(emitted.length) };
}

/** The whole completion of `streamText` as one string. */
export async function completeText(model: CausalLM, tokenizer: TokenizerLike, prompt: string, options: StreamTextOptions = {}): Promise<string> {
  let text = '';
  for await (const chunk of streamText(model, tokenizer, prompt, options)) text += chunk.text;
  return text;
}
