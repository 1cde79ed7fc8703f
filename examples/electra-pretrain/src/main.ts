#!/usr/bin/env node
// pretrain a small ELECTRA, then fine-tune its discriminator: node dist/main.js [--smoke] [--model electra|bert[,…]] [--steps N] [--temperature T] [--seed N] [--json] [--backend wasm|cpu|…]
import { parseArgs } from 'node:util';
import { useBackend, type BackendChoice } from '@pretrain/backends';
import { pretrainElectra, type ModelKind } from './pretrain.js';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    model: { type: 'string', default: 'electra' },
    steps: { type: 'string' },
    temperature: { type: 'string', default: '1' },
    seed: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'wasm' },
  },
});

const info = await useBackend(values.backend as BackendChoice);
// --model a,b runs each in turn (one JSON line each), sharing the process's backend start-up.
for (const model of values.model.split(',')) {
  const report = await pretrainElectra({
    smoke: values.smoke,
    model: model as ModelKind,
    temperature: Number(values.temperature),
    steps: values.steps === undefined ? undefined : Number(values.steps),
    seed: Number(values.seed),
    onProgress: (event) => {
      if (!values.json && event.kind === 'step' && (event.step % 10 === 0 || event.step === 1)) console.log(`step ${event.step}  loss ${event.loss.toFixed(4)}  lr ${event.learningRate.toExponential(2)}`);
    },
  });
  if (values.json) {
    console.log(JSON.stringify({ backend: info.name, seed: Number(values.seed), ...report }));
  } else {
    console.log(`backend ${info.name}; ${report.model}: ${report.numParameters.toLocaleString('en-US')} parameters trained, ${report.steps} steps, ${(report.trainingFlops / 1e9).toFixed(2)} GFLOP`);
    console.log('held-out          before    after');
    for (const name of Object.keys(report.after)) console.log(`${name.padEnd(20)} ${report.before[name]!.toFixed(4).padStart(8)} ${report.after[name]!.toFixed(4).padStart(8)}`);
    console.log(`pretraining: ${report.seconds.toFixed(1)} s, ${report.tokensPerSecond.toFixed(0)} tokens/s`);
    console.log(`discriminator fine-tuned on the document task: test accuracy ${report.downstreamAccuracy.toFixed(4)} (majority ${report.majorityAccuracy.toFixed(4)})`);
  }
}
