import { CliError } from './errors.js';
import type { ForwardInputs } from './registry.js';

const matrixKeys = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids'] as const;
const vectorKeys = ['next_sentence_label', 'sentence_order_label', 'start_positions', 'end_positions'] as const;

function isIntegerVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((x) => Number.isInteger(x));
}

/** The shape of a rectangular nested list of integers of rank 2 or 3; undefined for anything else. */
function integerShape(value: unknown): number[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (value.every(isIntegerVector)) {
    const length = (value[0] as number[]).length;
    return value.every((row: number[]) => row.length === length) ? [value.length, length] : undefined;
  }
  const inner = value.map(integerShape);
  const first = inner[0];
  if (first?.length !== 2 || inner.some((shape) => shape?.length !== 2 || shape[0] !== first[0] || shape[1] !== first[1])) return undefined;
  return [value.length, ...first];
}

const describeShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** One label per sequence (numbers: regression targets may be floats), or, for `[B, L]` inputs, one integer per token. */
function checkLabels(labels: unknown, shape: readonly number[], file: string): void {
  const batch = shape[0]!;
  const perSequence = Array.isArray(labels) && labels.length === batch && labels.every((x) => typeof x === 'number');
  const labelShape = integerShape(labels);
  const perToken = shape.length === 2 && labelShape !== undefined && describeShape(labelShape) === describeShape(shape);
  if (perSequence || perToken) return;
  const tokenForm = shape.length === 2 ? ` or a ${describeShape(shape)} list of lists of integers` : ' (one per example: the index of the right choice)';
  throw new CliError(`${file}: field "labels" must be a list of ${batch} labels${tokenForm}`);
}

/**
 * Checks a `pretrain forward` inputs file: Hugging Face key names, integer
 * nested lists, one batch size and sequence length. `input_ids` is
 * `[batch, length]`, or `[batch, choices, length]` for the multiple-choice
 * heads (`checkInputsForArchitecture` tells which, once the config is read);
 * the other id fields share its shape. Keys starting with `_` are annotations
 * and are dropped.
 */
export function validateForwardInputs(raw: unknown, file: string): ForwardInputs {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CliError(`${file}: expected a JSON object of inputs`);
  const entries = Object.entries(raw as Record<string, unknown>).filter(([key]) => !key.startsWith('_'));
  const known = new Set<string>([...matrixKeys, ...vectorKeys, 'labels']);
  for (const [key] of entries) {
    if (!known.has(key)) throw new CliError(`${file}: unknown input "${key}"`, `inputs use Hugging Face names: ${[...known].join(', ')}; prefix annotations with "_"`);
  }
  const inputs = Object.fromEntries(entries) as Record<string, unknown>;
  const shape = integerShape(inputs.input_ids);
  if (!shape) {
    throw new CliError(`${file}: field "input_ids" must be a non-empty [batch, length] list of lists of integers (or [batch, choices, length] for multiple choice)`);
  }
  for (const key of matrixKeys) {
    const value = inputs[key];
    if (value === undefined) continue;
    const keyShape = integerShape(value);
    if (!keyShape || describeShape(keyShape) !== describeShape(shape)) throw new CliError(`${file}: field "${key}" must have shape ${describeShape(shape)} like "input_ids"`);
  }
  const batch = shape[0]!;
  for (const key of vectorKeys) {
    const value = inputs[key];
    if (value === undefined) continue;
    if (!isIntegerVector(value) || value.length !== batch) throw new CliError(`${file}: field "${key}" must be a list of ${batch} integers`);
  }
  if (inputs.labels !== undefined) checkLabels(inputs.labels, shape, file);
  return inputs as unknown as ForwardInputs;
}

/** The heads that read one sequence per choice, as Hugging Face's `*ForMultipleChoice`. */
export function isMultipleChoice(architecture: string): boolean {
  return architecture.endsWith('ForMultipleChoice');
}

/** Multiple-choice heads take `[batch, choices, length]` ids; every other class `[batch, length]`. */
export function checkInputsForArchitecture(inputs: ForwardInputs, architecture: string, file: string): void {
  const rank = integerShape(inputs.input_ids)?.length;
  if (isMultipleChoice(architecture) && rank !== 3) {
    throw new CliError(`${file}: ${architecture} takes "input_ids" of shape [batch, choices, length] (one sequence per choice)`);
  }
  if (!isMultipleChoice(architecture) && rank !== 2) {
    throw new CliError(`${file}: ${architecture} takes "input_ids" of shape [batch, length]; [batch, choices, length] is for the *ForMultipleChoice heads`);
  }
}
