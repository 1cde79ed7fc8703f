#!/usr/bin/env node
// pretrain a small ALBERT, then fine-tune it: node dist/main.js [--smoke] [--model albert|albert-unshared|bert[,…]] [--steps N] [--seed N] [--memory] [--control] [--backend wasm|cpu|…]
import { parseArgs } from 'node:util';
import { useBackend, type BackendChoice } from '@pretrain/backends';
import { pretrainAlbert, type ModelKind } from './pretrain.js';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    model: { type: 'string', default: 'albert' },
    steps: { type: 'string' },
    seed: { type: 'string', default: '0' },
    memory: { type: 'boolean', default: false },
    control: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'wasm' },
  },
});

const info = await useBackend(values.backend as BackendChoice);
// --model a,b runs each in turn (one JSON line each), sharing the process's backend start-up.
// --control adds BERT fine-tuned from its initialisation (0 pretraining steps): what pretraining adds.
const runs = [...values.model.split(',').map((model) => ({ model, steps: values.steps })), ...(values.control ? [{ model: 'bert', steps: '0' }] : [])];
for (const { model, steps } of runs) {
  const report = await pretrainAlbert({
    smoke: values.smoke,
    model: model as ModelKind,
    steps: steps === undefined ? undefined : Number(steps),
    seed: Number(values.seed),
    measureMemory: values.memory,
    onProgress: (event) => {
      if (!values.json && event.kind === 'step' && (event.step % 10 === 0 || event.step === 1)) console.log(`step ${event.step}  loss ${event.loss.toFixed(4)}  lr ${event.learningRate.toExponential(2)}`);
    },
  });
  if (values.json) {
    console.log(JSON.stringify({ backend: info.name, seed: Number(values.seed), ...report }));
  } else {
    console.log(`backend ${info.name}; ${report.model}: ${report.numParameters.toLocaleString('en-US')} parameters, vocabulary ${report.vocabularySize}, ${report.trainSequences} training sequences`);
    console.log('held-out      before    after');
    for (const name of ['loss', 'mlmLoss', 'mlmAccuracy']) console.log(`${name.padEnd(12)} ${report.before[name]!.toFixed(4).padStart(8)} ${report.after[name]!.toFixed(4).padStart(8)}`);
    console.log(`pretraining: ${report.tokensPerSecond.toFixed(0)} tokens/s over ${report.seconds.toFixed(1)} s${report.peakTrainingBytes === undefined ? '' : `, peak training memory ${(report.peakTrainingBytes / 2 ** 20).toFixed(2)} MiB`}`);
    console.log(`fine-tuned on the document task: test accuracy ${report.downstreamAccuracy.toFixed(4)} (majority ${report.majorityAccuracy.toFixed(4)})`);
  }
}
