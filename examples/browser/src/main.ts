// The page: controls, live numbers and the chart. Every tensor lives in the worker.
import { LossChart } from './chart.js';
import { practiceText } from './corpus.js';
import type { BackendRequest, Event, MaskPrediction, ModelKind, Request, TrainSettings, VocabularyKind } from './protocol.js';

const element = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const numberOf = (id: string) => Number(element<HTMLInputElement>(id).value);
const setText = (id: string, text: string) => (element(id).textContent = text);

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (request: Request) => worker.postMessage(request);
const chart = new LossChart(element('chart') as unknown as SVGSVGElement);
const textArea = element<HTMLTextAreaElement>('text');
let trainingState = 'idle';
let newestCheckpoint: number | undefined;
/** The kind of the model in the worker (trained or loaded), which decides generate vs fill-mask. */
let activeModel: ModelKind | undefined;
const selectedModel = () => element<HTMLSelectElement>('model').value as ModelKind;

function showText(text: string): void {
  textArea.value = text;
  setText('text-size', `${text.length.toLocaleString()} characters`);
}

function trainSettings(): TrainSettings {
  return {
    text: textArea.value,
    model: { kind: selectedModel(), nLayer: numberOf('n-layer'), nHead: numberOf('n-head'), nEmbd: numberOf('n-embd'), nPositions: numberOf('n-positions') },
    batchSize: numberOf('batch'),
    learningRate: numberOf('learning-rate'),
    checkpointEvery: numberOf('checkpoint-every'),
    resume: element<HTMLInputElement>('resume').checked,
    seed: 1234,
  };
}

function saveFile(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function showBackend(event: Extract<Event, { kind: 'ready' }>): void {
  const { name, adapter, threads, reason } = event.info;
  setText('backend', `backend: ${name}`);
  setText('adapter', `adapter: ${adapter ? [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' ') + (adapter.isCpu ? ' (software)' : '') : '–'}`);
  setText('threads', `threads: ${threads > 0 ? threads : '– (GPU)'}`);
  setText('backend-reason', reason);
  element<HTMLButtonElement>('train').disabled = false;
}

function showState(state: string, message: string): void {
  trainingState = state;
  setText('train-state', `${state}: ${message}`);
  const pause = element<HTMLButtonElement>('pause');
  pause.disabled = state !== 'training' && state !== 'paused';
  pause.textContent = state === 'paused' ? 'Resume' : 'Pause';
  setUsable(state !== 'idle' || Boolean(element('loaded').textContent));
}

/** Generation (GPT) or fill-mask (BERT), whichever the active model does. */
function setUsable(usable: boolean): void {
  const kind = activeModel ?? selectedModel();
  element('generate-box').hidden = kind !== 'gpt';
  element('fill-mask-box').hidden = kind !== 'bert';
  element<HTMLButtonElement>('generate').disabled = !usable || kind !== 'gpt';
  element<HTMLButtonElement>('fill-mask').disabled = !usable || kind !== 'bert';
}

function showPredictions(predictions: MaskPrediction[]): void {
  const list = element('predictions');
  list.replaceChildren(
    ...predictions.map(({ candidates }) => {
      const item = document.createElement('li');
      item.append(
        ...candidates.map(({ token, probability }) => {
          const candidate = Object.assign(document.createElement('span'), { className: 'candidate', textContent: `${JSON.stringify(token)} ${(probability * 100).toFixed(1)}%  ` });
          const bar = Object.assign(document.createElement('span'), { className: 'bar' });
          bar.style.width = `${Math.max(1, Math.round(probability * 60))}px`;
          candidate.prepend(bar);
          return candidate;
        }),
      );
      return item;
    }),
  );
  list.dataset.done = 'true';
  element<HTMLButtonElement>('fill-mask').disabled = false;
}

const handlers: { [K in Event['kind']]: (event: Extract<Event, { kind: K }>) => void } = {
  ready: showBackend,
  vocabulary: ({ vocabulary, vocabSize, example }) => setText('vocab', `${vocabulary === 'bpe' ? 'byte-level BPE' : 'WordPiece'}, ${vocabSize} tokens: ${example.map((token) => `[${token}]`).join('')}`),
  state: ({ state, message }) => showState(state, message),
  step: ({ step, loss, tokensPerSecond, stepsPerSecond }) => {
    chart.add(step, loss);
    setText('step', `step ${step}`);
    setText('loss', `loss ${loss.toFixed(3)}`);
    setText('speed', `${Math.round(tokensPerSecond).toLocaleString()} tokens/s`);
    setText('steps-per-second', `${stepsPerSecond.toFixed(2)} steps/s`);
    element('chart').dataset.losses = JSON.stringify(chart.losses);
  },
  checkpoints: ({ steps }) => {
    newestCheckpoint = steps.at(-1);
    setText('checkpoints', steps.length ? steps.map((step) => `checkpoint-${step}`).join(', ') : 'none');
    element<HTMLButtonElement>('download').disabled = newestCheckpoint === undefined;
  },
  text: ({ delta, done }) => {
    element('output').textContent += delta;
    if (done) element('output').dataset.done = 'true';
    element<HTMLButtonElement>('generate').disabled = !done;
  },
  'fill-mask': ({ predictions }) => showPredictions(predictions),
  download: ({ step, zip }) => saveFile(zip, `${activeModel ?? 'model'}-checkpoint-${step}.zip`),
  loaded: ({ model, description, parameters }) => {
    activeModel = model;
    setText('loaded', `loaded ${model === 'bert' ? 'BERT' : 'GPT-2'} from ${description} (${parameters.toLocaleString()} parameters)`);
    setUsable(true);
  },
  error: ({ message }) => {
    setText('error', message);
    setUsable(trainingState !== 'idle' || Boolean(element('loaded').textContent));
  },
};

worker.addEventListener('message', (message: MessageEvent<Event>) => {
  const event = message.data;
  (handlers[event.kind] as (event: Event) => void)(event);
});
worker.addEventListener('error', (event) => setText('error', `worker: ${event.message}`));

element('practice').addEventListener('click', () => showText(practiceText()));
element<HTMLInputElement>('file').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) showText(await file.text());
});
/**
 * BERT's vocabulary is WordPiece, GPT-2's byte-level BPE (either can be picked
 * after). Post-LN BERT needs a lower rate: at 0.003 the tiny model stays at
 * unigram frequencies for thousands of steps; at 0.001 it predicts from context.
 */
function applyModelDefaults(kind: ModelKind): void {
  element<HTMLSelectElement>('model').value = kind;
  element<HTMLSelectElement>('vocabulary').value = kind === 'bert' ? 'wordpiece' : 'bpe';
  element<HTMLInputElement>('learning-rate').value = kind === 'bert' ? '0.001' : '0.003';
}

element('model').addEventListener('change', () => {
  applyModelDefaults(selectedModel());
  setText('vocab', '');
  if (activeModel === undefined) setUsable(false);
});
element('train-vocab').addEventListener('click', () => {
  const vocabulary = element<HTMLSelectElement>('vocabulary').value as VocabularyKind;
  send({ kind: 'vocabulary', text: textArea.value, vocabSize: numberOf('vocab-size'), vocabulary, model: selectedModel() });
});
element('train').addEventListener('click', () => {
  setText('error', '');
  chart.clear();
  element('chart').dataset.losses = '[]';
  activeModel = selectedModel();
  send({ kind: 'train', settings: trainSettings() });
});
element('pause').addEventListener('click', () => send({ kind: trainingState === 'paused' ? 'resume' : 'pause' }));
element('generate').addEventListener('click', () => {
  const output = element('output');
  output.textContent = element<HTMLInputElement>('prompt').value;
  delete output.dataset.done;
  element<HTMLButtonElement>('generate').disabled = true;
  const settings = { prompt: element<HTMLInputElement>('prompt').value, maxNewTokens: numberOf('max-new-tokens'), temperature: numberOf('temperature'), topK: numberOf('top-k'), topP: numberOf('top-p'), seed: Date.now() % 1_000_000 };
  send({ kind: 'generate', settings });
});
element('fill-mask').addEventListener('click', () => {
  delete element('predictions').dataset.done;
  element<HTMLButtonElement>('fill-mask').disabled = true;
  send({ kind: 'fill-mask', settings: { text: element<HTMLInputElement>('mask-text').value, topK: numberOf('mask-top-k') } });
});
element('download').addEventListener('click', () => newestCheckpoint !== undefined && send({ kind: 'download', step: newestCheckpoint }));
element('load-url').addEventListener('click', () => {
  setText('error', '');
  send({ kind: 'load-url', url: new URL(element<HTMLInputElement>('model-url').value, location.href).href });
});

const parameters = new URLSearchParams(location.search);
const backend = (parameters.get('backend') ?? 'webgpu') as BackendRequest;
// wasm threads: tfjs's choice (half the logical cores, measured the faster here) unless `?threads=` asks.
const threads = Number(parameters.get('threads') ?? Number.NaN);
const model = parameters.get('model');
if (model === 'gpt' || model === 'bert') applyModelDefaults(model);
showText(practiceText());
setUsable(false);
send({ kind: 'init', backend, wasmPaths: new URL('./wasm/', document.baseURI).href, threads: Number.isInteger(threads) && threads > 0 ? threads : undefined });
