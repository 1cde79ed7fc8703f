// Command-line options shared by run.mjs and its workers (no imports: the orchestrators stay light).

/** The value after `--name` in `argv`, or `fallback`. */
export function option(argv, name, fallback) {
  const index = argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}

/** `--backend NAME` (any name `useBackend` knows: wasm, cpu, webgpu, native, …), else BENCH_BACKEND, else wasm. */
export function backendName(argv) {
  return option(argv, 'backend', process.env.BENCH_BACKEND ?? 'wasm');
}
