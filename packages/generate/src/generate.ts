import { tf, type CausalLM, type LayerPast, type Rng, type Tensor } from '@pretrain/core';
import { appendColumn, leftPad, positionsFromMask } from './batch.js';
import { chooseToken, type SamplingSettings } from './logits.js';

export interface GenerateOptions extends SamplingSettings {
  /** Tokens to add to each prompt. Default 20. */
  maxNewTokens?: number;
  /** A row stops after emitting one of these. */
  eosTokenId?: number | readonly number[];
  /** Fills left padding and rows that have stopped. Default: the first EOS id, else 0. */
  padTokenId?: number;
  /** A row stops once its new tokens end with one of these id sequences (the sequence is kept). */
  stopSequences?: readonly (readonly number[])[];
  /** Reuse keys and values of earlier positions (each new token costs O(context)). Default true. */
  useCache?: boolean;
  /** Required when `doSample` is set. */
  rng?: Rng;
}

export interface GenerateStep {
  /** The token each row emitted this step; `undefined` for rows that had already stopped. */
  tokens: Array<number | undefined>;
}

export interface GenerateResult {
  /** Prompt followed by the new tokens, per row, without padding. */
  outputIds: number[][];
  newTokenIds: number[][];
}

function eosSet(eos: GenerateOptions['eosTokenId']): Set<number> {
  return new Set(eos === undefined ? [] : typeof eos === 'number' ? [eos] : eos);
}

function endsWith(tokens: readonly number[], suffix: readonly number[]): boolean {
  if (suffix.length === 0 || suffix.length > tokens.length) return false;
  return suffix.every((token, index) => tokens[tokens.length - suffix.length + index] === token);
}

interface StepInputs {
  ids: Int32Array;
  /** Omitted when no row has padding: every position is attended to, the model's default. */
  mask: Int32Array | undefined;
  positions: Int32Array;
  batch: number;
  width: number;
  maskWidth: number;
}

/** Runs the model on the current inputs and returns the last position's logits `[batch, vocab]` and the cache. */
function step(model: CausalLM, inputs: StepInputs, past: LayerPast[] | undefined) {
  return tf.tidy(() => {
    const inputIds = tf.tensor2d(inputs.ids, [inputs.batch, inputs.width], 'int32');
    const positionIds = tf.tensor2d(inputs.positions, [inputs.batch, inputs.width], 'int32');
    const attentionMask = inputs.mask && tf.tensor2d(inputs.mask, [inputs.batch, inputs.maskWidth], 'int32');
    const out = model.forward({ inputIds, positionIds, ...(attentionMask && { attentionMask }), ...(past && { pastKeyValues: past }) });
    const [batch, length, vocab] = out.logits.shape as [number, number, number];
    const lastPosition = length === 1 ? out.logits : tf.slice(out.logits, [0, length - 1, 0], [batch, 1, vocab]);
    return { last: tf.reshape(lastPosition, [batch, vocab]), present: out.pastKeyValues } as unknown as tf.TensorContainer;
  }) as unknown as { last: Tensor; present: LayerPast[] };
}

const disposePast = (past: readonly LayerPast[] | undefined) => past?.forEach(({ key, value }) => tf.dispose([key, value]));

/**
 * Generates token by token, yielding what each row emitted. Rows are left-padded
 * so that each row gives the same tokens as when generated alone.
 */
export async function* generateSteps(model: CausalLM, prompts: readonly (readonly number[])[], options: GenerateOptions = {}): AsyncGenerator<GenerateStep> {
  const eos = eosSet(options.eosTokenId);
  const padTokenId = options.padTokenId ?? [...eos][0] ?? 0;
  const useCache = options.useCache ?? true;
  const maxNewTokens = options.maxNewTokens ?? 20;
  const padded = leftPad(prompts, padTokenId);
  const { batch } = padded;
  let ids = padded.ids;
  let mask = padded.mask;
  let length = padded.length;
  const history = prompts.map((prompt) => [...prompt]);
  const generated: number[][] = prompts.map(() => []);
  const done = prompts.map(() => false);
  let past: LayerPast[] | undefined;
  // Every appended column is attended to (a stopped row's filler too), so a batch without left padding never needs a mask.
  const anyPadding = prompts.some((prompt) => prompt.length < length);
  const maskIfPadded = (current: Int32Array) => (anyPadding ? current : undefined);
  let inputs: StepInputs = { ids, mask: maskIfPadded(mask), positions: positionsFromMask(mask, batch, length), batch, width: length, maskWidth: length };
  try {
    for (let count = 0; count < maxNewTokens && done.includes(false); count++) {
      const { last, present } = step(model, inputs, past);
      disposePast(past);
      past = useCache ? present : undefined;
      if (!useCache) disposePast(present);
      const logits = (await last.data()) as Float32Array;
      last.dispose();
      const vocab = logits.length / batch;
      const tokens = done.map((stopped, row) => {
        if (stopped) return undefined;
        const token = chooseToken(logits.subarray(row * vocab, (row + 1) * vocab), history[row]!, options, options.rng);
        history[row]!.push(token);
        generated[row]!.push(token);
        if (eos.has(token) || options.stopSequences?.some((sequence) => endsWith(generated[row]!, sequence))) done[row] = true;
        return token;
      });
      yield { tokens };
      const column = tokens.map((token) => token ?? padTokenId);
      const positions = positionsFromMask(appendColumn(mask, batch, length, new Int32Array(batch).fill(1)), batch, length + 1);
      ids = appendColumn(ids, batch, length, column);
      mask = appendColumn(mask, batch, length, new Int32Array(batch).fill(1));
      length += 1;
      inputs = useCache
        ? { ids: Int32Array.from(column), mask: maskIfPadded(mask), positions: Int32Array.from({ length: batch }, (_, row) => positions[row * length + length - 1]!), batch, width: 1, maskWidth: length }
        : { ids, mask: maskIfPadded(mask), positions, batch, width: length, maskWidth: length };
    }
  } finally {
    disposePast(past);
  }
}

/** Generates for every prompt and returns prompt + new tokens per row. */
export async function generate(model: CausalLM, prompts: readonly (readonly number[])[], options: GenerateOptions = {}): Promise<GenerateResult> {
  const newTokenIds: number[][] = prompts.map(() => []);
  for await (const { tokens } of generateSteps(model, prompts, options)) {
    tokens.forEach((token, row) => token !== undefined && newTokenIds[row]!.push(token));
  }
  return { outputIds: prompts.map((prompt, row) => [...prompt, ...newTokenIds[row]!]), newTokenIds };
}
