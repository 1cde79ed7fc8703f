// The training worker: the backend, tokenizer, model and run live here so the
// page never waits on a tensor. Generation and fill-mask run between training steps.
import { useBackend } from '@pretrain/backends';
import { wasmBackend } from '@pretrain/backend-wasm';
import { webgpuBackend } from '@pretrain/backend-webgpu';
import { httpSource, Rng, type BackendInfo, type TokenizerLike } from '@pretrain/core';
import { streamText } from '@pretrain/generate';
import { Tokenizer, SubwordTrainer } from '@pretrain/tokenizers';
import { bertSpecialTokens, fillMask } from './bert.js';
import { buildModel, loadModel, modelFromConfig, type TrainedModel } from './models.js';
import { OpfsCheckpointStore } from './opfs_store.js';
import type { BackendRequest, Event, FillMaskSettings, ModelKind, Request, SampleSettings, TrainSettings, TrainingState, VocabularyKind } from './protocol.js';
import { StopRequested, runTraining } from './training.js';

const scope = self as unknown as {
  postMessage(message: Event, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<Request>) => void): void;
};
const post = (event: Event, transfer?: Transferable[]) => scope.postMessage(event, transfer);

/** The newest trained vocabulary, used by the next fresh run. */
let vocabulary: Tokenizer | undefined;
/** The model and its tokenizer (a new vocabulary never changes a running model's). */
let current: { trained: TrainedModel; tokenizer: Tokenizer } | undefined;
let run: { stop: boolean; paused: boolean; wake: () => void; done: Promise<unknown> } | undefined;
const storePromise = OpfsCheckpointStore.open('browser-models');

function setState(state: TrainingState, message: string): void {
  post({ kind: 'state', state, message });
}

/**
 * tfjs-backend-wasm sizes its thread pool as min(requested, 8,
 * ⌊navigator.hardwareConcurrency / 2⌋) — it assumes two hyperthreads per core.
 * Asked for more threads than that, this worker reports twice the count while
 * the wasm module starts (when tfjs reads it), then the real value again.
 */
async function withWasmThreads<T>(threads: number | undefined, start: () => Promise<T>): Promise<T> {
  const navigatorObject = self.navigator as unknown as Record<string, unknown>;
  if (threads === undefined || threads * 2 <= navigator.hardwareConcurrency) return start();
  Object.defineProperty(navigatorObject, 'hardwareConcurrency', { configurable: true, get: () => threads * 2 });
  try {
    return await start();
  } finally {
    delete navigatorObject.hardwareConcurrency;
  }
}

/** Why wasm has the threads it has, when tfjs chose the count. */
function threadNote(info: BackendInfo, threads: number | undefined): BackendInfo {
  if (info.name !== 'wasm' || threads !== undefined || info.threads >= navigator.hardwareConcurrency) return info;
  const note = `tfjs-backend-wasm uses ⌊${navigator.hardwareConcurrency} logical cores / 2⌋, at most 8; ?threads=N asks for N`;
  return { ...info, reason: `${info.reason}; ${note}` };
}

/** webgpu → its adapter (SwiftShader included: this is a WebGPU app), else wasm. `threads`: wasm's pool, tfjs's choice if undefined. */
async function startBackend(request: BackendRequest, wasmPaths: string, threads: number | undefined): Promise<BackendInfo> {
  const options = { modules: [webgpuBackend, wasmBackend], setupOptions: { wasm: { wasmPaths, threads } } };
  const start = async (choice: BackendRequest) => threadNote(await withWasmThreads(threads, () => useBackend(choice, options)), threads);
  if (request !== 'webgpu') return start(request);
  try {
    return await useBackend('webgpu', options);
  } catch (error) {
    const info = await start('wasm');
    return { ...info, reason: `${info.reason} (webgpu failed: ${(error as Error).message})` };
  }
}

function trainVocabulary(text: string, vocabSize: number, kind: VocabularyKind, model: ModelKind): Tokenizer {
  // Hugging Face's trainers; pairs seen once are never merged. BERT's five special tokens take ids 0–4 in either vocabulary.
  const specialTokens = model === 'bert' || kind === 'wordpiece' ? [...bertSpecialTokens] : ['<|endoftext|>'];
  const trainer =
    kind === 'wordpiece'
      ? SubwordTrainer.wordPiece({ vocabSize, minFrequency: 2, specialTokens })
      : SubwordTrainer.byteLevelBpe({ vocabSize, minFrequency: 2, specialTokens });
  trainer.feed(text);
  const trained = trainer.train();
  const pieces = trained.encode(text.slice(0, 80), null, { addSpecialTokens: false });
  const example = kind === 'wordpiece' ? pieces.tokens : pieces.ids.map((id) => trained.decode([id]));
  post({ kind: 'vocabulary', vocabulary: kind, vocabSize: trained.vocabSize, example });
  return trained;
}

const isByteLevel = (tokenizer: Tokenizer) => (tokenizer.toJSON().model as { type?: string } | undefined)?.type === 'BPE';

async function stopRun(): Promise<void> {
  if (!run) return;
  run.stop = true;
  run.wake();
  await run.done.catch(() => undefined);
  run = undefined;
}

/** A fresh model on the newest vocabulary; the stored checkpoints of the previous run are cleared. */
async function freshModel(settings: TrainSettings, store: OpfsCheckpointStore): Promise<{ trained: TrainedModel; tokenizer: Tokenizer }> {
  if (!vocabulary) throw new Error('train a vocabulary first');
  const tokenizer = vocabulary;
  const trained = buildModel(settings.model, tokenizer, settings.seed);
  for (const step of await store.list()) await store.remove(step);
  return { trained, tokenizer };
}

/** The model and tokenizer of the newest checkpoint; `fit` then restores weights, optimizer and progress. */
async function resumedModel(store: OpfsCheckpointStore): Promise<{ trained: TrainedModel; tokenizer: Tokenizer }> {
  const latest = (await store.list()).at(-1);
  if (latest === undefined) throw new Error(`${store.description} has no checkpoint to resume from`);
  const source = await store.open(latest);
  const tokenizer = Tokenizer.fromJSON(await source.readText('tokenizer.json'));
  return { trained: modelFromConfig(JSON.parse(await source.readText('config.json')) as Record<string, unknown>, source.description), tokenizer };
}

/**
 * Resolves in a later task. On wasm every await of a training step resolves as
 * a microtask, so without this the page's messages (pause, generate, fill-mask)
 * would wait for the next checkpoint's file I/O. A message port, unlike
 * `setTimeout`, is not clamped to 4 ms.
 */
const yieldChannel = new MessageChannel();
const waiting: Array<() => void> = [];
yieldChannel.port1.onmessage = () => waiting.shift()?.();
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    yieldChannel.port2.postMessage(null);
  });
}

async function train(settings: TrainSettings): Promise<void> {
  await stopRun();
  current?.trained.model.dispose();
  current = undefined;
  const store = await storePromise;
  const { trained, tokenizer } = await (settings.resume ? resumedModel(store) : freshModel(settings, store));
  current = { trained, tokenizer };
  const state = { stop: false, paused: false, wake: () => undefined as void, done: Promise.resolve() as Promise<unknown> };
  const gate = async () => {
    await nextTask();
    while (state.paused && !state.stop) await new Promise<void>((resolve) => (state.wake = resolve));
    if (state.stop) throw new StopRequested();
  };
  const tokensPerStep = settings.batchSize * settings.model.nPositions;
  let last = performance.now();
  const ids = Int32Array.from(tokenizer.encodeIds(settings.text));
  setState('training', `${trained.kind === 'bert' ? 'BERT, masked LM' : 'GPT-2, causal LM'}: ${ids.length} tokens, ${trained.model.numParameters()} parameters`);
  state.done = runTraining({
    trained, tokenizer, ids, settings, store, gate,
    onStep: (log) => {
      const now = performance.now();
      const seconds = Math.max(1e-6, (now - last) / 1000);
      last = now;
      post({ kind: 'step', step: log.step, loss: log.loss, tokensPerSecond: tokensPerStep / seconds, stepsPerSecond: 1 / seconds });
    },
    onCheckpoint: () => void store.list().then((steps) => post({ kind: 'checkpoints', steps })),
  }).then(
    (result) => setState('finished', `stopped: ${result.stoppedBy}`),
    (error: unknown) => {
      if (error instanceof StopRequested) setState('idle', 'stopped');
      else post({ kind: 'error', message: `training: ${(error as Error).message}` });
    },
  );
  run = state;
}

function setPaused(paused: boolean): void {
  if (!run) return;
  run.paused = paused;
  if (!paused) run.wake();
  setState(paused ? 'paused' : 'training', paused ? 'paused' : 'training');
}

/** The tokenizer without its template: a GPT prompt gets no [CLS]/[SEP] from a WordPiece vocabulary. */
function plainTokenizer(tokenizer: Tokenizer): TokenizerLike {
  return {
    vocabSize: tokenizer.vocabSize,
    encode: (text, pair) => tokenizer.encode(text, pair ?? null, { addSpecialTokens: false }),
    decode: (ids, options) => tokenizer.decode(ids, options),
    tokenToId: (token) => tokenizer.tokenToId(token),
    idToToken: (id) => tokenizer.idToToken(id),
  };
}

async function generateText(settings: SampleSettings): Promise<void> {
  if (!current) throw new Error('no model yet: train one or load one');
  const { trained, tokenizer } = current;
  if (trained.kind !== 'gpt') throw new Error('BERT fills in [MASK]s; generation needs the GPT model');
  const promptLength = tokenizer.encodeIds(settings.prompt).length;
  const room = trained.model.config.nPositions - promptLength;
  if (promptLength === 0 || room <= 0) throw new Error(`the prompt must have 1 to ${trained.model.config.nPositions - 1} tokens (it has ${promptLength})`);
  const options = { maxNewTokens: Math.min(settings.maxNewTokens, room), doSample: true, temperature: settings.temperature, topK: settings.topK, topP: settings.topP, rng: Rng.fromSeed(settings.seed) };
  // WordPiece decodes a word's first piece without its space; byte-level BPE keeps the space in the token.
  let separator = isByteLevel(tokenizer) ? '' : ' ';
  for await (const { tokenId, text } of streamText(trained.model, plainTokenizer(tokenizer), settings.prompt, options)) {
    if (separator && tokenizer.idToToken(tokenId)?.startsWith('##')) separator = '';
    post({ kind: 'text', delta: text ? separator + text : '', done: false });
    if (text) separator = '';
  }
  post({ kind: 'text', delta: '', done: true });
}

async function fillMasks(settings: FillMaskSettings): Promise<void> {
  if (!current) throw new Error('no model yet: train one or load one');
  const { trained, tokenizer } = current;
  if (trained.kind !== 'bert') throw new Error('fill-mask needs the BERT model (GPT generates text instead)');
  post({ kind: 'fill-mask', predictions: await fillMask(trained.model, tokenizer, settings.text, settings.topK, isByteLevel(tokenizer)) });
}

async function download(step: number): Promise<void> {
  const { zipStored } = await import('./zip.js');
  const files = await (await storePromise).files(step);
  const zip = zipStored(files);
  post({ kind: 'download', step, zip }, [zip.buffer]);
}

async function loadFromUrl(url: string): Promise<void> {
  await stopRun();
  const source = httpSource(url);
  const trained = await loadModel(source);
  const tokenizer = Tokenizer.fromJSON(await source.readText('tokenizer.json'));
  current?.trained.model.dispose();
  current = { trained, tokenizer };
  post({ kind: 'loaded', model: trained.kind, description: source.description, parameters: trained.model.numParameters() });
}

async function handle(request: Request): Promise<void> {
  switch (request.kind) {
    case 'init':
      post({ kind: 'ready', info: await startBackend(request.backend, request.wasmPaths, request.threads) });
      post({ kind: 'checkpoints', steps: await (await storePromise).list() });
      return;
    case 'vocabulary':
      vocabulary = trainVocabulary(request.text, request.vocabSize, request.vocabulary, request.model);
      return;
    case 'train':
      return train(request.settings);
    case 'pause':
      return setPaused(true);
    case 'resume':
      return setPaused(false);
    case 'generate':
      return generateText(request.settings);
    case 'fill-mask':
      return fillMasks(request.settings);
    case 'download':
      return download(request.step);
    case 'load-url':
      return loadFromUrl(request.url);
  }
}

scope.addEventListener('message', (event) => {
  handle(event.data).catch((error: unknown) => post({ kind: 'error', message: `${event.data.kind}: ${(error as Error).message}` }));
});
