// Where one training step and one cached decode step of the tiny GPT spend their time, by kernel:
//   node tools/bench/gpt/profile.mjs [train] [decode] [--backend NAME]   → one table per profile (kernel, calls, ms)
// No mode names: both. Decode steps are profiled after 32 and after 1024 tokens.
import { useBackend } from '@pretrain/backends';
import { Rng, tf } from '@pretrain/core';
import { GPT2Config, GPT2LMHeadModel } from '@pretrain/gpt';
import { causalLMLoss } from '@pretrain/objective-clm';
import { tinyGpt as shape } from './model.mjs';
import { backendName } from './options.mjs';

const argv = process.argv.slice(2);
const words = argv.filter((word, index) => !word.startsWith('--') && argv[index - 1] !== '--backend');
const modes = words.length > 0 ? words : ['train', 'decode'];
await useBackend(backendName(argv));

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

function profileTraining() {
  const model = new GPT2LMHeadModel(GPT2Config.create({ ...shape, nPositions: 128 }), Rng.fromSeed(0));
  const variables = model.trainableVariables();
  const inputIds = tf.tensor2d(Rng.fromSeed(1).int(8 * 128, 0, 8192), [8, 128], 'int32');
  const trainStep = () => {
    const { value, grads } = tf.variableGrads(() => causalLMLoss(model.forward({ inputIds }, { useCache: false }).logits, inputIds), variables);
    tf.dispose([value, ...Object.values(grads)]);
  };
  trainStep();
  return tf.profile(trainStep).then((profile) => summarise('training step (forward + backward, batch 8×128; optimizer not included)', profile));
}

async function profileDecoding() {
  const model = new GPT2LMHeadModel(GPT2Config.create({ ...shape, nPositions: 1024 }), Rng.fromSeed(0));
  model.eval();
  for (const context of [32, 1024]) {
    const prompt = tf.tensor2d(Rng.fromSeed(2).int(context - 1, 0, 8192), [1, context - 1], 'int32');
    const first = tf.tidy(() => model.forward({ inputIds: prompt }));
    const next = tf.tensor2d([[5]], [1, 1], 'int32');
    const decodeStep = () => tf.tidy(() => { model.forward({ inputIds: next, pastKeyValues: first.pastKeyValues }); });
    decodeStep();
    const tensorsBefore = tf.memory().numTensors;
    summarise(`one cached decode step after ${context - 1} tokens`, await tf.profile(decodeStep));
    console.log(`tensors before and after the step: ${tensorsBefore}, ${tf.memory().numTensors}`);
    tf.dispose([prompt, next, first.logits, first.lastHiddenState, ...first.pastKeyValues.flatMap(({ key, value }) => [key, value])]);
  }
}

if (modes.includes('train')) await profileTraining();
if (modes.includes('decode')) await profileDecoding();
process.exit(0);
