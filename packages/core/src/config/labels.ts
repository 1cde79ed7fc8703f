import { ConfigError, object, string, type Config, type ConfigDefinition, type FieldSpec } from './config.js';

export type ProblemType = 'regression' | 'single_label_classification' | 'multi_label_classification';

/** The label fields every Hugging Face `PretrainedConfig` carries. */
export interface LabelFields {
  /** Outputs of a classification head are `Object.keys(id2label).length` (Hugging Face's `num_labels`). */
  id2label: Record<string, string>;
  label2id: Record<string, number>;
  problemType: ProblemType | null;
}

/** Field specs for `LabelFields` with Hugging Face's defaults (two labels, no problem type). */
export function labelFields(): { readonly [K in keyof LabelFields]-?: FieldSpec<LabelFields[K]> } {
  return {
    id2label: object<Record<string, string>>({ default: { 0: 'LABEL_0', 1: 'LABEL_1' } }),
    label2id: object<Record<string, number>>({ default: { LABEL_0: 0, LABEL_1: 1 } }),
    problemType: string<ProblemType | null>({ default: null, nullable: true, oneOf: ['regression', 'single_label_classification', 'multi_label_classification'] }),
  };
}

/** Hugging Face's `num_labels`. */
export function numLabels(config: Pick<LabelFields, 'id2label'>): number {
  return Object.keys(config.id2label).length;
}

/** `num_labels` in a JSON becomes `id2label`/`label2id` (`LABEL_0` …), as `PretrainedConfig` does, unless `id2label` is given. */
function labelsFromNumLabels(configName: string, json: Record<string, unknown>): Record<string, unknown> {
  const { num_labels: count, ...rest } = json;
  if (count === undefined || rest.id2label !== undefined) return rest;
  if (!Number.isInteger(count) || (count as number) < 1) throw new ConfigError(configName, 'id2label', `num_labels must be a positive integer, got ${JSON.stringify(count)}`);
  const indices = Array.from({ length: count as number }, (_, index) => index);
  return { ...rest, id2label: Object.fromEntries(indices.map((index) => [String(index), `LABEL_${index}`])), label2id: Object.fromEntries(indices.map((index) => [`LABEL_${index}`, index])) };
}

/**
 * Wraps a definition of a model config: `fromHf` reads `num_labels`, and every way of making a
 * config (`create`, `fromHf`, `with`) checks that there is at least one label, then runs
 * `validate` (the checks between fields that one field's spec cannot express).
 */
export function modelConfig<T extends LabelFields>(definition: ConfigDefinition<T>, validate: (config: Config<T>) => void = () => {}): ConfigDefinition<T> {
  const checked = (config: Config<T>): Config<T> => {
    if (numLabels(config) < 1) throw new ConfigError(definition.name, 'id2label', 'needs at least one label (Hugging Face key "id2label")');
    validate(config);
    return config;
  };
  return {
    name: definition.name,
    fields: definition.fields,
    create: (values) => checked(definition.create(values)),
    fromHf: (json) => checked(definition.fromHf(labelsFromNumLabels(definition.name, json))),
    toHf: (config) => definition.toHf(config),
    with: (config, changes) => checked(definition.with(config, changes)),
  };
}

/** Throws a `ConfigError` naming `field` unless `size` divides by `heads` (attention heads must split the hidden size). */
export function checkHeadsDivide(configName: string, field: string, size: number, heads: number, names = ['hidden_size', 'num_attention_heads']): void {
  if (size % heads !== 0) throw new ConfigError(configName, field, `${names[0]} ${size} is not a multiple of ${names[1]} ${heads}`);
}
