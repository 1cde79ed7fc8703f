// The built app in Debian's Chromium (headless, playwright-core): WebGPU on
// SwiftShader, then the WASM fallback (?backend=wasm), each with GPT and with
// BERT. Each trains a few steps of a tiny model and checks the loss falls;
// GPT must generate text, BERT must fill a [MASK] with k predictions. The GPT
// run on WebGPU and the BERT run on wasm also round-trip a checkpoint through
// OPFS, the zip download and loading by URL; the wasm runs check the thread
// count. Fails on any console error. Run after `vite build`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { gzipSync } from 'node:zlib';
import { launchChromium, serveStatic } from '../../../tools/browser/chromium.mjs';

const here = resolve(import.meta.dirname, '..');
const dist = join(here, 'dist');
const output = join(here, 'test', 'output');
const ceilingBytes = 1.5 * 1024 * 1024;
mkdirSync(output, { recursive: true });

function filesUnder(directory) {
  return readdirSync(directory).flatMap((name) => (statSync(join(directory, name)).isDirectory() ? filesUnder(join(directory, name)) : [join(directory, name)]));
}

/** Extracts a zip of stored entries by its central directory (python3's zipfile also checks it where installed). */
function extractStoredZip(zipPath, directory) {
  const bytes = readFileSync(zipPath);
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'the zip has no end-of-central-directory record');
  let at = bytes.readUInt32LE(end + 16);
  mkdirSync(directory, { recursive: true });
  for (let index = 0; index < bytes.readUInt16LE(end + 10); index++) {
    assert.equal(bytes.readUInt32LE(at), 0x02014b50, 'bad central directory header');
    const [method, size, nameLength, extra, comment, local] = [bytes.readUInt16LE(at + 10), bytes.readUInt32LE(at + 20), bytes.readUInt16LE(at + 28), bytes.readUInt16LE(at + 30), bytes.readUInt16LE(at + 32), bytes.readUInt32LE(at + 42)];
    assert.equal(method, 0, 'only stored entries are expected');
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    writeFileSync(join(directory, name), bytes.subarray(dataStart, dataStart + size));
    at += 46 + nameLength + extra + comment;
  }
  if (existsSync('/usr/bin/python3')) execFileSync('/usr/bin/python3', ['-m', 'zipfile', '-t', zipPath]);
}

function checkBundleSize() {
  const scripts = filesUnder(dist).filter((file) => file.endsWith('.js'));
  const gzipped = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
  const raw = scripts.reduce((sum, file) => sum + statSync(file).size, 0);
  console.log(`bundle: ${scripts.length} JavaScript files, ${(raw / 1024).toFixed(0)} KiB, ${(gzipped / 1024).toFixed(0)} KiB gzipped (ceiling ${ceilingBytes / 1024} KiB; .wasm excluded)`);
  assert.ok(gzipped <= ceilingBytes, `gzipped JavaScript ${gzipped} B exceeds the ${ceilingBytes} B ceiling`);
}

const tiny = { 'vocab-size': 300, 'n-layer': 1, 'n-head': 2, 'n-embd': 32, 'n-positions': 24, batch: 4, 'learning-rate': 0.005, 'checkpoint-every': 4, 'max-new-tokens': 8, 'mask-top-k': 5 };

async function openApp(browser, url, errors) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()} (${message.location().url})`));
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => !document.getElementById('backend').textContent.includes('starting'), null, { timeout: 60_000 });
  // Set directly: the controls of the other model's section are hidden, which `fill` refuses.
  for (const [id, value] of Object.entries(tiny)) await page.$eval(`#${id}`, (input, text) => (input.value = text), String(value));
  return { context, page };
}

const losses = (page) => page.$eval('#chart', (chart) => JSON.parse(chart.dataset.losses ?? '[]'));

async function trainSteps(page, steps) {
  await page.click('#train-vocab');
  await page.waitForFunction(() => document.getElementById('vocab').textContent.length > 0, null, { timeout: 30_000 });
  await page.click('#train');
  await page.waitForFunction(() => JSON.parse(document.getElementById('chart').dataset.losses ?? '[]').length >= 2, null, { timeout: 60_000 });
  const started = Date.now();
  const first = (await losses(page)).length;
  await page.waitForFunction((count) => JSON.parse(document.getElementById('chart').dataset.losses ?? '[]').length >= count, steps, { timeout: 90_000, polling: 200 });
  const seconds = (Date.now() - started) / 1000;
  const stepsPerSecond = ((await losses(page)).length - first) / seconds;
  await page.click('#pause');
  await page.waitForFunction(() => document.getElementById('train-state').textContent.startsWith('paused'));
  // The run pauses a step or two late; judge the first `steps` losses, which the seed fixes.
  const values = (await losses(page)).slice(0, steps);
  const head = values.slice(0, 2).reduce((a, b) => a + b) / 2;
  const tail = values.slice(-2).reduce((a, b) => a + b) / 2;
  console.log(`  loss over the first ${values.length} steps: ${values.map((value) => value.toFixed(2)).join(' ')}, ${stepsPerSecond.toFixed(2)} steps/s, ${await page.textContent('#speed')}`);
  assert.ok(values.every(Number.isFinite), `a loss is not finite: ${values.join(' ')}`);
  assert.ok(tail < head - 0.05, `the loss did not fall: ${values.map((value) => value.toFixed(3)).join(' ')}`);
  return stepsPerSecond;
}

async function generateText(page) {
  await page.click('#generate');
  await page.waitForSelector('#output[data-done="true"]', { timeout: 60_000 });
  const prompt = await page.inputValue('#prompt');
  const text = await page.textContent('#output');
  console.log(`  generated: ${JSON.stringify(text)}`);
  assert.ok(text.startsWith(prompt) && text.length > prompt.length, `generation returned no text: ${JSON.stringify(text)}`);
}

/** BERT: one ranked list of `mask-top-k` tokens for each [MASK] of the sentence. */
async function fillMask(page) {
  await page.click('#fill-mask');
  await page.waitForSelector('#predictions[data-done="true"]', { timeout: 60_000 });
  const k = Number(await page.inputValue('#mask-top-k'));
  const masks = await page.$$eval('#predictions li', (items) => items.map((item) => [...item.querySelectorAll('.candidate')].map((candidate) => candidate.textContent.trim())));
  console.log(`  fill-mask: ${masks.map((candidates) => candidates.join(' · ')).join(' | ')}`);
  const sentence = await page.inputValue('#mask-text');
  assert.equal(masks.length, sentence.split('[MASK]').length - 1, 'one list of predictions per [MASK]');
  for (const candidates of masks) assert.equal(candidates.length, k, `fill-mask returned ${candidates.length} predictions, not ${k}`);
}

const bertOrGpt = (model) => (model === 'bert' ? fillMask : generateText);

async function checkpointRoundTrip(page, model) {
  await page.waitForFunction(() => document.getElementById('checkpoints').textContent.includes('checkpoint-'), null, { timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const zipPath = join(output, 'checkpoint.zip');
  await download.saveAs(zipPath);
  const modelDirectory = join(dist, 'test-model');
  rmSync(modelDirectory, { recursive: true, force: true });
  extractStoredZip(zipPath, modelDirectory);
  const files = readdirSync(modelDirectory).sort();
  console.log(`  downloaded ${statSync(zipPath).size} B: ${files.join(', ')}`);
  for (const name of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'optimizer.safetensors', 'trainer_state.json']) assert.ok(files.includes(name), `the zip lacks ${name}`);
  const config = JSON.parse(readFileSync(join(modelDirectory, 'config.json'), 'utf8'));
  assert.deepEqual(config.architectures, [model === 'bert' ? 'BertForMaskedLM' : 'GPT2LMHeadModel']);
  assert.equal(config.model_type, model === 'bert' ? 'bert' : 'gpt2');
  if (model === 'bert') assert.equal(JSON.parse(readFileSync(join(modelDirectory, 'tokenizer_config.json'), 'utf8')).mask_token, '[MASK]');
  await page.fill('#model-url', './test-model/');
  await page.click('#load-url');
  await page.waitForFunction(() => document.getElementById('loaded').textContent.startsWith('loaded'), null, { timeout: 30_000 });
  console.log(`  ${await page.textContent('#loaded')}`);
  await bertOrGpt(model)(page);
}

/**
 * The wasm backend reports the threads its pool really has: tfjs's choice,
 * ⌊logical cores / 2⌋ (1 to 8), unless `?threads=N` asks for N (at most 8).
 */
async function checkThreads(page, line, requested) {
  const [isolated, cores] = await page.evaluate(() => [crossOriginIsolated, navigator.hardwareConcurrency]);
  const threads = Number(/threads: (\d+)/.exec(line)?.[1]);
  assert.ok(isolated, 'the page is not cross-origin isolated');
  const expected = requested === undefined ? Math.max(1, Math.min(8, Math.floor(cores / 2))) : Math.min(requested, 8);
  assert.equal(threads, expected, `wasm reports ${threads} thread(s) on ${cores} logical cores (asked for ${requested ?? "tfjs's choice"})`);
}

/** "Resume from the newest OPFS checkpoint": the run goes on from the step after it (weights, optimizer and data position restored). */
async function resumeRun(page) {
  const newest = Number(/checkpoint-(\d+)$/.exec((await page.textContent('#checkpoints')).trim())?.[1]);
  await page.check('#resume');
  await page.click('#train');
  await page.waitForFunction(() => JSON.parse(document.getElementById('chart').dataset.losses ?? '[]').length >= 2, null, { timeout: 60_000 });
  await page.click('#pause');
  await page.waitForFunction(() => document.getElementById('train-state').textContent.startsWith('paused'));
  const [step, count] = await page.evaluate(() => [Number(document.getElementById('step').textContent.replace('step ', '')), JSON.parse(document.getElementById('chart').dataset.losses).length]);
  console.log(`  resumed from checkpoint-${newest}: steps ${step - count + 1}–${step}`);
  assert.equal(step - count, newest, `the resumed run started at step ${step - count + 1}, not ${newest + 1}`);
}

async function scenario(name, { url, webgpu, model, threads, steps, roundTrip }) {
  console.log(`${name}:`);
  const errors = [];
  const browser = await launchChromium({ webgpu });
  try {
    const query = `model=${model}${threads === undefined ? '' : `&threads=${threads}`}`;
    const { page } = await openApp(browser, `${url}${url.includes('?') ? '&' : '?'}${query}`, errors);
    const line = await page.textContent('#backend-line');
    console.log(`  ${line} — ${await page.textContent('#backend-reason')}`);
    if (line.includes('backend: wasm')) await checkThreads(page, line, threads);
    // Without checkpoints no file I/O breaks up the run: pausing then shows the worker still reads messages between steps.
    if (!roundTrip) await page.$eval('#checkpoint-every', (input) => (input.value = '0'));
    const stepsPerSecond = await trainSteps(page, steps);
    await bertOrGpt(model)(page);
    if (roundTrip) await checkpointRoundTrip(page, model);
    if (roundTrip && model === 'bert') await resumeRun(page);
    await page.screenshot({ path: join(output, `${name}.png`), fullPage: true });
    assert.equal(await page.textContent('#error'), '', 'the page shows an error');
    return { page, line, stepsPerSecond };
  } finally {
    assert.deepEqual(errors, [], `console errors in ${name}`);
    await browser.close();
  }
}

checkBundleSize();
const server = await serveStatic(dist);
const started = Date.now();
const onSwiftShader = ({ line }) => {
  assert.match(line, /backend: webgpu/);
  assert.match(line, /swiftshader/i);
};
const onWasm = ({ line }) => assert.match(line, /backend: wasm/);
try {
  const webgpu = { url: `${server.url}/index.html`, webgpu: true };
  const wasm = { url: `${server.url}/index.html?backend=wasm`, webgpu: false };
  // SwiftShader runs WebGPU on the CPU at ~0.3 GFLOP/s: BERT gets fewer steps there.
  await scenario('webgpu', { ...webgpu, model: 'gpt', steps: 10, roundTrip: true }).then(onSwiftShader);
  await scenario('bert-webgpu', { ...webgpu, model: 'bert', steps: 6, roundTrip: false }).then(onSwiftShader);
  await scenario('wasm', { ...wasm, model: 'gpt', steps: 10, roundTrip: false }).then(onWasm);
  // Every logical core, past tfjs's cap of half of them (the page's ?threads=N).
  await scenario('bert-wasm', { ...wasm, model: 'bert', threads: availableParallelism(), steps: 10, roundTrip: true }).then(onWasm);
  console.log(`browser tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} finally {
  server.close();
}
