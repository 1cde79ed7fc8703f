#!/usr/bin/env node
// The packaging check: every public package is packed, linted (publint, attw),
// installed into a fresh project outside the workspace, and used from an ESM
// script, a CJS script, the packed `pretrain` CLI (every subcommand: packed_cli.mjs), and a Vite production bundle
// run in headless Chromium. attw checks node16 (CJS and ESM) and bundler resolution: subpath
// exports cannot resolve under TypeScript's legacy node10 mode.
// Usage: node tools/checks/packages.mjs [--no-browser] [name ...]   (names limit the check to those packages and what they need)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic, launchChromium } from '../browser/chromium.mjs';
import { checkPackedCli } from './packed_cli.mjs';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'node_modules', '.bin');
const noBrowser = process.argv.includes('--no-browser');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));

function sh(command, args, options = {}) {
  return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
}

function step(title, action) {
  process.stdout.write(`• ${title} … `);
  try {
    const result = action();
    console.log('ok');
    return result;
  } catch (error) {
    console.log('FAILED');
    console.error(error.stdout ?? '', error.stderr ?? '', error.message);
    process.exit(1);
  }
}

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private)
  .filter(({ manifest }, _, all) => only.length === 0 || needed(all).has(manifest.name));

/** The named packages and the workspace packages they depend on, transitively. */
function needed(all) {
  const byName = new Map(all.map(({ manifest }) => [manifest.name, manifest]));
  const result = new Set();
  const visit = (name) => {
    if (result.has(name) || !byName.has(name)) return;
    result.add(name);
    const manifest = byName.get(name);
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) visit(dependency);
  };
  for (const name of only) visit(name.startsWith('@') ? name : `@pretrain/${name}`);
  return result;
}

const work = mkdtempSync(join(tmpdir(), 'pretrain-pack-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);

const packed = {};
for (const { dir, manifest } of packages) {
  const tarball = step(`pack ${manifest.name}`, () => {
    const out = sh(join(bin, 'pnpm'), ['pack', '--pack-destination', tarballs], { cwd: dir }).trim().split('\n').pop();
    return out.startsWith('/') ? out : join(tarballs, out);
  });
  packed[manifest.name] = tarball;
  step(`publint ${manifest.name}`, () => sh(join(bin, 'publint'), ['run', tarball, '--strict']));
  step(`attw ${manifest.name}`, () => sh(join(bin, 'attw'), [tarball, '--no-emoji', '--format', 'table-flipped', '--profile', 'node16']));
  const files = sh('tar', ['-tzf', tarball]).split('\n');
  step(`${manifest.name} ships no tests or sources`, () => {
    const stray = files.filter((file) => /\.test\.|\/src\//.test(file));
    if (stray.length > 0) throw new Error(`unexpected files in the tarball: ${stray.join(', ')}`);
  });
}

// A consumer project outside the workspace, with every @pretrain dependency pinned to its tarball.
const consumer = join(work, 'consumer');
mkdirSync(consumer);
const fileSpecs = Object.fromEntries(Object.entries(packed).map(([name, tarball]) => [name, `file:${tarball}`]));
writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, dependencies: fileSpecs, overrides: fileSpecs }, null, 2));
step('npm install the tarballs into a fresh project', () =>
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumer }),
);

/** Every subpath a package exports, as import specifiers. */
function specifiers(manifest) {
  return Object.keys(manifest.exports ?? { '.': null })
    .filter((subpath) => subpath !== './package.json')
    .map((subpath) => (subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`));
}
const all = packages.flatMap(({ manifest }) => specifiers(manifest).map((specifier) => ({ specifier, manifest })));

writeFileSync(
  join(consumer, 'esm.mjs'),
  all.map(({ specifier }, i) => `import * as m${i} from '${specifier}';\nif (Object.keys(m${i}).length === 0) throw new Error('${specifier}: empty ESM module');`).join('\n') + "\nconsole.log('esm ok');\n",
);
writeFileSync(
  join(consumer, 'cjs.cjs'),
  all.map(({ specifier }) => `if (Object.keys(require('${specifier}')).length === 0) throw new Error('${specifier}: empty CJS module');`).join('\n') + "\nconsole.log('cjs ok');\n",
);
step('import every entry point from Node ESM', () => sh('node', ['esm.mjs'], { cwd: consumer }));
step('require every entry point from Node CJS', () => sh('node', ['cjs.cjs'], { cwd: consumer }));
if (packed['@pretrain/backends'] && packed['@pretrain/backend-wasm']) {
  // One gradient step of a tiny model on wasm, through the packed packages only,
  // and one tfjs-core engine: the backend registered where core's ops look.
  writeFileSync(
    join(consumer, 'train-step.mjs'),
    `import { useBackend } from '@pretrain/backends';
import { tf } from '@pretrain/core';
const info = await useBackend('wasm');
if (tf.getBackend() !== 'wasm' || info.name !== 'wasm') throw new Error('wasm is not the active backend of the engine that core uses');
const weight = tf.variable(tf.randomNormal([4, 3], 0, 0.5, 'float32', 1));
const table = tf.variable(tf.randomNormal([10, 4], 0, 0.5, 'float32', 2));
const ids = tf.tensor1d([1, 5, 7, 1], 'int32');
const target = tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]);
const loss = () => tf.losses.softmaxCrossEntropy(target, tf.matMul(tf.gather(table, ids), weight));
const before = loss().dataSync()[0];
const { grads } = tf.variableGrads(loss, [weight, table]);
weight.assign(tf.sub(weight, tf.mul(grads[weight.name], 0.5)));
table.assign(tf.sub(table, tf.mul(grads[table.name], 0.5)));
const after = loss().dataSync()[0];
if (!(after < before)) throw new Error(\`loss did not fall: \${before} -> \${after}\`);
console.log(JSON.stringify({ before, after }));
`,
  );
  step('one gradient step of a tiny model on wasm from the packed packages', () => sh('node', ['train-step.mjs'], { cwd: consumer }));
  step('a single copy of @tensorflow/tfjs-core is installed', () => {
    const copies = sh('find', [join(consumer, 'node_modules'), '-path', '*/@tensorflow/tfjs-core/package.json']).trim().split('\n').filter(Boolean);
    if (copies.length !== 1) throw new Error(`tfjs-core installed ${copies.length} times: ${copies.join(', ')}`);
  });
}
if (packed['@pretrain/backend-native']) {
  // Its install script compiled the addon here (or recorded why not): a product through the packed package.
  writeFileSync(
    join(consumer, 'native.mjs'),
    `import { nativeBackend } from '@pretrain/backend-native';
import { tf } from '@pretrain/core';
const probe = await nativeBackend.probe();
if (probe.available) {
  await nativeBackend.setup();
  const product = await tf.matMul(tf.ones([2, 3]), tf.ones([4, 3]), false, true).data();
  if (product[0] !== 3 || tf.getBackend() !== 'native') throw new Error('the native backend computed a wrong product');
}
console.log(probe.available ? 'native ok' : \`native unavailable: \${probe.reason}\`);
`,
  );
  step('the packed native backend built its addon (or says why) and multiplies', () => process.stdout.write(`${sh('node', ['native.mjs'], { cwd: consumer }).trim()}: `));
}
if (packed['@pretrain/cli']) checkPackedCli({ consumer, step });

if (noBrowser) {
  console.log('packages: browser bundle skipped (--no-browser)');
} else {
  const browserEntries = all.filter(({ manifest, specifier }) => manifest.pretrain?.platform !== 'node' && !specifier.endsWith('/node'));
  writeFileSync(join(consumer, 'index.html'), '<!doctype html><title>pack check</title><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>');
  writeFileSync(
    join(consumer, 'main.js'),
    browserEntries.map(({ specifier }, i) => `import * as m${i} from '${specifier}';`).join('\n') +
      `\nconst modules = {${browserEntries.map(({ specifier }, i) => `'${specifier}': m${i}`).join(', ')}};\n` +
      'window.__packCheck = Object.fromEntries(Object.entries(modules).map(([name, m]) => [name, Object.keys(m).length]));\n',
  );
  const { build } = await import(join(root, 'node_modules', 'vite', 'dist', 'node', 'index.js'));
  await build({ root: consumer, logLevel: 'error', build: { outDir: join(consumer, 'dist'), minify: true } });
  console.log('• vite production bundle … ok');
  const server = await serveStatic(join(consumer, 'dist'));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/index.html`);
    const result = await page.waitForFunction(() => window.__packCheck, null, { timeout: 30_000 }).then((handle) => handle.jsonValue());
    const empty = Object.entries(result).filter(([, count]) => count === 0);
    if (errors.length > 0 || empty.length > 0) throw new Error(`browser: errors ${JSON.stringify(errors)}, empty modules ${JSON.stringify(empty)}`);
    console.log(`• the bundle runs in headless Chromium (${Object.keys(result).length} entry points) … ok`);
  } finally {
    await browser.close();
    server.close();
  }
}
if (!process.env.KEEP_PACK_CHECK) rmSync(work, { recursive: true, force: true });
console.log(`packages: ${packages.length} public package(s) packed, linted, installed and used`);
