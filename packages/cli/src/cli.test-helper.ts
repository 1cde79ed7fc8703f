// What the CLI's tests share: running `pretrain` in-process with captured output, scratch
// directories, the backend under test, and hf-tiny comparisons (|a − b| ≤ 1e-4 + 1e-4·|b|).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hfTinyDir } from '@pretrain/testing';
import { expect } from 'vitest';
import { run } from './run.js';

/** The backend the suite runs on (`PRETRAIN_BACKEND`), as a `--backend` value. */
export const backend = process.env.PRETRAIN_BACKEND ?? 'wasm';

/** Training and evaluation runs: cpu when the suite runs on cpu, else wasm (WebGPU in Node has no synchronous readback, which the loop's progress uses). */
export const trainingBackend = backend === 'cpu' ? 'cpu' : 'wasm';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `pretrain ...argv` in this process: its exit code and everything it printed. */
export async function cli(...argv: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

/** A fresh directory under the system's temporary folder. */
export function temporaryDirectory(name: string): string {
  return mkdtempSync(join(tmpdir(), `pretrain-${name}-`));
}

/** Every number of `actual` within |a − b| ≤ 1e-4 + 1e-4·|b| of `expected`, with the same nesting. */
export function expectNestedClose(actual: unknown, expected: unknown, what: string): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual) && actual.length, `${what}: length`).toBe(expected.length);
    expected.forEach((item, index) => expectNestedClose((actual as unknown[])[index], item, `${what}[${index}]`));
    return;
  }
  const difference = Math.abs((actual as number) - (expected as number));
  if (!(difference <= 1e-4 + 1e-4 * Math.abs(expected as number))) expect.fail(`${what}: ${String(actual)} vs ${String(expected)}`);
}

/** hf-tiny `folder`'s expected.json (PyTorch's outputs). Call inside `describeShared`. */
export function fixtureExpected(folder: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(hfTinyDir(folder), 'expected.json'), 'utf8')) as Record<string, unknown>;
}

/** `pretrain forward` of `modelDir` on `inputsPath`; expects exit 0 and nothing on stderr; returns the written outputs. */
export async function forwardOutputs(modelDir: string, inputsPath: string): Promise<Record<string, unknown>> {
  const out = join(temporaryDirectory('forward'), 'out.json');
  const { code, stderr } = await cli('forward', '--model', modelDir, '--inputs', inputsPath, '--out', out, '--backend', backend);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
}
