// One measurement per process (tfjs's backend and the wasm heap are process-global):
//   node worker.mjs train|infer-tiny|infer-base [--quick] [--weights DIR]   → one JSON line
// --weights: export_bert.py's Hugging Face directory (loaded strictly); the output on its reference batch is then
// compared with PyTorch's (maxAbsDiffVsTorch). BENCH_BACKEND picks the tfjs backend (default wasm).
import { useBackend } from '@pretrain/backends';
import { BertConfig, BertForPreTraining, BertModel, loadBert, mlmNspRecipe } from '@pretrain/bert';
import { Rng, tf } from '@pretrain/core';
import { directorySource } from '@pretrain/core/node';
import { AdamW } from '@pretrain/train';
import { batchSize, length, maskedPerSequence, shape, trainingFlopsPerToken } from './shape.mjs';
import { maxAbsDifference, peakMemoryMb, readReference, timeLoop } from './timing.mjs';

const [mode = 'train', ...flags] = process.argv.slice(2);
const quick = flags.includes('--quick');
const weights = flags.includes('--weights') ? flags[flags.indexOf('--weights') + 1] : undefined;
const info = await useBackend(process.env.BENCH_BACKEND ?? 'wasm');

function config(overrides = {}) {
  return BertConfig.create({ ...shape, hiddenDropoutProb: 0, attentionProbsDropoutProb: 0, maxPositionEmbeddings: 512, ...overrides });
}

async function train() {
  const model = new BertForPreTraining(config(), Rng.fromSeed(0));
  const recipe = mlmNspRecipe(model);
  const optimizer = new AdamW(model.namedParameters(), { epsilon: 1e-6, weightDecay: 0.01 });
  const named = model.namedParameters().map(([path, parameter]) => [path, parameter.variable]);
  const rng = Rng.fromSeed(1);
  const positions = Int32Array.from({ length: batchSize * maskedPerSequence }, (_, index) => Math.floor(index / maskedPerSequence) * length + 1 + (index % maskedPerSequence) * 6);
  const batch = {
    inputIds: tf.tensor2d(rng.int(batchSize * length, 5, shape.vocabSize), [batchSize, length], 'int32'),
    tokenTypeIds: tf.zeros([batchSize, length], 'int32'),
    maskedPositions: tf.tensor1d(positions, 'int32'),
    maskedLabels: tf.tensor1d(rng.int(positions.length, 5, shape.vocabSize), 'int32'),
    nextSentenceLabel: tf.tensor1d(rng.int(batchSize, 0, 2), 'int32'),
  };
  let lastLoss = NaN;
  const step = async () => {
    const { value, grads } = tf.variableGrads(() => recipe.loss(batch, { training: true, rng }).loss, named.map(([, variable]) => variable));
    optimizer.apply(new Map(named.map(([path, variable]) => [path, grads[variable.name]])), 1e-4);
    lastLoss = (await value.data())[0];
    tf.dispose([value, ...Object.values(grads)]);
  };
  for (let warmup = 0; warmup < 2; warmup++) await step();
  const { runs, seconds } = await timeLoop(quick ? 10 : 40, 3, step);
  const tokensPerSecond = (runs * batchSize * length) / seconds;
  return { tokensPerSecond, steps: runs, lastLoss, gflops: (tokensPerSecond * trainingFlopsPerToken()) / 1e9, peakMemoryMb: peakMemoryMb(), numTensors: tf.memory().numTensors };
}

/** The last hidden state of `model` on the reference batch against PyTorch's. */
async function checkAgainstTorch(model, directory) {
  const reference = readReference(directory);
  const inputIds = tf.tensor2d(reference.ids, undefined, 'int32');
  const hidden = tf.tidy(() => model.forward({ inputIds }).lastHiddenState);
  const difference = maxAbsDifference(await hidden.data(), reference.hidden);
  tf.dispose([inputIds, hidden]);
  return difference;
}

/** Encoder forward tokens/s at b1×128 and b32×128 (seed-0 weights, or `--weights`' checked against PyTorch). */
async function infer(overrides, batches = [1, 32]) {
  const model = weights ? (await loadBert(directorySource(weights), { architecture: 'BertModel', strict: true })).model : new BertModel(config(overrides), Rng.fromSeed(0)).eval();
  const result = weights ? { maxAbsDiffVsTorch: await checkAgainstTorch(model, weights) } : {};
  for (const batch of batches) {
    const inputIds = tf.tensor2d(Rng.fromSeed(batch).int(batch * length, 5, 30522), [batch, length], 'int32');
    const once = async () => {
      const hidden = tf.tidy(() => model.forward({ inputIds }).lastHiddenState);
      await hidden.data();
      hidden.dispose();
    };
    await once();
    const { runs, seconds } = await timeLoop(quick ? 3 : 10, 2, once);
    result[`b${batch}x${length}`] = (runs * batch * length) / seconds;
    inputIds.dispose();
  }
  return { ...result, peakMemoryMb: peakMemoryMb() };
}

const results = { train, 'infer-tiny': () => infer({}), 'infer-base': () => infer({ hiddenSize: 768, numHiddenLayers: 12, numAttentionHeads: 12, intermediateSize: 3072 }, quick ? [1] : [1, 32]) };
if (!results[mode]) throw new Error(`unknown mode ${mode} (train, infer-tiny, infer-base)`);
console.log(JSON.stringify({ mode, backend: info.name, threads: info.threads, ...(await results[mode]()) }));
