#!/usr/bin/env node
// Builds the native addon with node-gyp at install time. It never fails the install:
// without a compiler, make, python3 or OpenBLAS it says why, records the reason in
// build/install-status.json (the backend's probe() reports it) and exits 0.
//   node scripts/install.mjs [--verbose]
// PRETRAIN_NATIVE_SKIP_BUILD=1 skips the build; PRETRAIN_NATIVE_MARCH sets -march (default: native).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..');
const verbose = process.argv.includes('--verbose');
const isMac = process.platform === 'darwin';

/** The first of `names` that is an executable file on PATH. */
function onPath(...names) {
  for (const directory of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) {
      try {
        accessSync(join(directory, name), constants.X_OK);
        return join(directory, name);
      } catch {}
    }
  }
  return undefined;
}

/** node-gyp: the one npm or pnpm passes to install scripts, else a resolvable package, else npm's bundled copy, else PATH. */
function findNodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {}
  if (process.env.npm_execpath) candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  const script = candidates.find((candidate) => candidate && /\.js$/.test(candidate) && existsSync(candidate));
  if (script) return [process.execPath, script];
  const binary = onPath('node-gyp');
  return binary ? [binary] : undefined;
}

/** Node's own headers next to this node (Debian's /usr/include/node), so node-gyp downloads nothing. */
function localNodeDirectory() {
  if (process.env.npm_config_nodedir) return undefined;
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

const lastLines = (text, count) => text.split('\n').map((line) => line.trim()).filter(Boolean).slice(-count).join(' | ');

/** Whether cblas.h and -lopenblas are usable by `compiler`; the compiler's complaint otherwise. */
function checkBlas(compiler) {
  if (isMac) return undefined; // Accelerate ships with the OS
  const program = '#include <cblas.h>\nint main() { float x = 1; return (int)cblas_sdot(1, &x, 1, &x, 1) - 1; }\n';
  const result = spawnSync(compiler, ['-x', 'c++', '-', '-o', '/dev/null', '-lopenblas'], { input: program, encoding: 'utf8', timeout: 120_000 });
  if (result.status === 0) return undefined;
  const complaint = lastLines(result.stderr || result.error?.message || `${compiler} exited with ${result.status}`, 2);
  return `${compiler} could not build a test program against OpenBLAS (cblas.h, -lopenblas: apt-get install libopenblas-dev; dnf install openblas-devel): ${complaint}`;
}

function missingTool() {
  if (process.env.PRETRAIN_NATIVE_SKIP_BUILD) return 'the build was skipped (PRETRAIN_NATIVE_SKIP_BUILD is set)';
  const compiler = process.env.CXX || onPath('c++', 'g++', 'clang++');
  if (!compiler) return 'no C++ compiler on PATH (install g++ or clang++, or set CXX)';
  if (!isMac && !onPath('make')) return 'make is not on PATH';
  if (!process.env.PYTHON && !onPath('python3', 'python')) return 'python3 is not on PATH (node-gyp needs it)';
  return checkBlas(compiler);
}

function build() {
  const missing = missingTool();
  if (missing) return { built: false, reason: missing };
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) return { built: false, reason: 'node-gyp was not found (npm ships it; or npm install -g node-gyp)' };
  const nodeDirectory = localNodeDirectory();
  // An earlier build in place (a workspace re-install) only needs make's incremental build.
  const command = existsSync(join(packageDirectory, 'build', 'Makefile')) && existsSync(join(packageDirectory, 'build', 'config.gypi')) ? 'build' : 'rebuild';
  const args = [...nodeGyp.slice(1), command, ...(nodeDirectory ? [`--nodedir=${nodeDirectory}`] : [])];
  let result;
  // Twice: a first node-gyp run has been seen to race on its dependency directory.
  for (let attempt = 0; attempt < 2; attempt++) {
    result = spawnSync(nodeGyp[0], args, { cwd: packageDirectory, encoding: 'utf8', timeout: 10 * 60_000, stdio: verbose ? 'inherit' : 'pipe' });
    if (result.status === 0) return { built: true, reason: 'built with node-gyp' };
    args[nodeGyp.length - 1] = 'rebuild';
  }
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  const errors = output.split('\n').filter((line) => /error|not found|cannot/i.test(line) && !/^gyp ERR! (stack|System|command|cwd|node -v|node-gyp -v|not ok)/.test(line));
  return { built: false, reason: `node-gyp failed: ${lastLines(errors.join('\n') || output || String(result.error ?? ''), 3)}` };
}

function writeStatus(status) {
  const directory = join(packageDirectory, 'build');
  mkdirSync(directory, { recursive: true });
  const path = join(directory, 'install-status.json');
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ ...status, node: process.version, at: new Date().toISOString() }, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

try {
  const status = build();
  // A binary from an earlier build would not match these sources: the loader must see the failure.
  if (!status.built) rmSync(join(packageDirectory, 'build', 'Release', 'pretrain_native.node'), { force: true });
  writeStatus(status);
  console.log(
    status.built
      ? '@pretrain/backend-native: built the native addon'
      : `@pretrain/backend-native: the native addon was not built: ${status.reason}. The package still installs; useBackend('auto') falls back to wasm.`,
  );
} catch (error) {
  console.log(`@pretrain/backend-native: the native addon was not built (${error?.message ?? error}); useBackend('auto') falls back to wasm.`);
}
process.exit(0);
