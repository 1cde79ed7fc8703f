import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { description: string; valueName?: string };
export type OptionTable = Record<string, OptionSpec>;

/** Options every subcommand accepts. */
export const globalOptions: OptionTable = {
  help: { type: 'boolean', short: 'h', description: 'show help for this command' },
  backend: {
    type: 'string',
    valueName: 'NAME',
    description: 'tensor backend: auto, webgpu, node-gpu, node, native, wasm or cpu (default auto)',
  },
  seed: { type: 'string', valueName: 'N', description: 'seed for every random choice (default 0)' },
  verbose: { type: 'boolean', description: 'print stack traces and extra detail' },
};

export const backendChoices = ['auto', 'webgpu', 'node-gpu', 'node', 'native', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof backendChoices)[number];

export interface GlobalValues {
  help: boolean;
  backend: BackendChoice;
  seed: number;
  verbose: boolean;
}

export type Values = Record<string, string | boolean | undefined>;

/** Parses argv against the command's options plus the global ones; unknown flags are usage errors naming the flag. */
export function parse(argv: string[], options: OptionTable, command: string): { values: Values; positionals: string[] } {
  const config = Object.fromEntries(
    Object.entries({ ...globalOptions, ...options }).map(([name, { description: _d, valueName: _v, ...spec }]) => [name, spec]),
  );
  try {
    const { values, positionals } = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (error) {
    throw usageError(`${command}: ${(error as Error).message.replace(/\. To specify.*$/s, '')}`, `run \`pretrain ${command} --help\``);
  }
}

export function globals(values: Values, command: string): GlobalValues {
  const backend = (values.backend as string | undefined) ?? 'auto';
  if (!(backendChoices as readonly string[]).includes(backend)) {
    throw usageError(`${command}: --backend ${backend} is not one of ${backendChoices.join(', ')}`);
  }
  return {
    help: values.help === true,
    backend: backend as BackendChoice,
    seed: integerOption(values, 'seed', command, 0, { min: 0 }),
    verbose: values.verbose === true,
  };
}

export function integerOption(
  values: Values,
  name: string,
  command: string,
  fallback: number | undefined,
  { min = Number.MIN_SAFE_INTEGER }: { min?: number } = {},
): number {
  const raw = values[name];
  if (raw === undefined) {
    if (fallback === undefined) throw usageError(`${command}: --${name} is required`);
    return fallback;
  }
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isSafeInteger(value) || value < min) {
    throw usageError(`${command}: --${name} must be an integer${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ''}, got ${String(raw)}`);
  }
  return value;
}

export function numberOption(values: Values, name: string, command: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) {
    throw usageError(`${command}: --${name} must be a number, got ${String(raw)}`);
  }
  return value;
}

export function requiredString(values: Values, name: string, command: string): string {
  const raw = values[name];
  if (typeof raw !== 'string' || raw === '') throw usageError(`${command}: --${name} is required`, `run \`pretrain ${command} --help\``);
  return raw;
}

/** Formats an option table for --help. */
export function formatOptions(options: OptionTable): string {
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`).join('\n');
}
