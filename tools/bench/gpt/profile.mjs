// Where one training step and one cached decode step of the tiny GPT spend their time, by kernel:
//   node tools/bench/gpt/profile.mjs [--backend NAME]   → two tables (kernel, calls, ms)
import { useBackend } from '@pretrain/backends';
import { Rng, tf } from '@pretrain/core';
import { GPT2Config, GPT2LMHeadModel } from '@pretrain/gpt';
import { causalLMLoss } from '@pretrain/objective-clm';
import { tinyGpt as shape } from './model.mjs';
import { backendName } from './options.mjs';

await useBackend(backendName(process.argv.slice(2)));

function summarise(title, profile) {
  const byKernel = new Map();
  for (const kernel of profile.kernels) {
    const entry = byKernel.get(kernel.name) ?? { calls: 0, ms: 0 };
    entry.calls++;
    entry.ms += typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    byKernel.set(kernel.name, entry);
  }
  const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((sum, [, entry]) => sum + entry.ms, 0);
  console.log(`\n${title}: ${profile.kernels.length} kernels, ${total.toFixed(1)} ms in kernels`);
  console.log('| kernel | calls | ms | share |\n|---|---|---|---|');
  for (const [name, entry] of rows.slice(0, 12)) console.log(`| ${name} | ${entry.calls} | ${entry.ms.toFixed(1)} | ${((100 * entry.ms) / total).toFixed(0)}% |`);
  // Matmul time by operand shapes: 2-D products against batched (attention) ones.
  const byShape = new Map();
  for (const kernel of profile.kernels.filter((entry) => entry.name === 'BatchMatMul')) {
    const key = kernel.inputShapes.map((operand) => `[${operand}]`).join('×');
    const entry = byShape.get(key) ?? { calls: 0, ms: 0 };
    entry.calls++;
    entry.ms += kernel.kernelTimeMs;
    byShape.set(key, entry);
  }
  console.log('| matmul operands | calls | ms |\n|---|---|---|');
  for (const [key, entry] of [...byShape].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) console.log(`| ${key} | ${entry.calls} | ${entry.ms.toFixed(1)} |`);
}

const model = new GPT2LMHeadModel(GPT2Config.create({ ...shape, nPositions: 128 }), Rng.fromSeed(0));
const variables = model.trainableVariables();
const inputIds = tf.tensor2d(Rng.fromSeed(1).int(8 * 128, 0, 8192), [8, 128], 'int32');
const trainStep = () => {
  const { value, grads } = tf.variableGrads(() => causalLMLoss(model.forward({ inputIds }, { useCache: false }).logits, inputIds), variables);
  tf.dispose([value, ...Object.values(grads)]);
};
trainStep();
summarise('training step (forward + backward, batch 8×128; optimizer not included)', await tf.profile(trainStep));

model.eval();
const prompt = tf.tensor2d(Rng.fromSeed(2).int(32, 0, 8192), [1, 32], 'int32');
const first = tf.tidy(() => model.forward({ inputIds: prompt }));
const next = tf.tensor2d([[5]], [1, 1], 'int32');
const decodeStep = () => tf.tidy(() => { model.forward({ inputIds: next, pastKeyValues: first.pastKeyValues }); });
decodeStep();
summarise('one cached decode step after 32 tokens', await tf.profile(decodeStep));
process.exit(0);
