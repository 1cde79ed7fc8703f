// Pretrain a small ALBERT with MLM (n-gram masking, n ≤ 3) + sentence-order prediction on the
// synthetic world, then fine-tune it on the world's document task. The same run builds a
// BERT of the same shape (MLM + a binary head on the same sentence-order labels) or an ALBERT
// without cross-layer sharing, for the comparison in packages/albert/README.md.
import { AlbertConfig, AlbertForPreTraining, AlbertForSequenceClassification, albertMasker, mlmSopRecipe } from '@pretrain/albert';
import { BertConfig, BertForPreTraining, BertForSequenceClassification, mlmNspRecipe } from '@pretrain/bert';
import { evaluate, type ProgressEvent } from '@pretrain/train';
import { Rng, type Module, type Recipe } from '@pretrain/core';
import type { SyntheticWorldConfig } from '@pretrain/data/synthetic';
import { documentRows, sweepFineTune, type Classifier, type TaskRows } from './finetune.js';
import { peakTrainingBytes, timedFit } from './training.js';
import { groups, maskedTensors, shuffledBatches, sopSequences, specialTokens, worldText, type MaskedTensors } from './world.js';

/** `albert`: factorized embeddings, all layers shared; `albert-unshared`: the same with one group per layer; `bert`: BERT of the same H, L, heads (E = H). */
export type ModelKind = 'albert' | 'albert-unshared' | 'bert';

export interface PretrainOptions {
  smoke?: boolean;
  seed?: number;
  steps?: number;
  model?: ModelKind;
  /** Also measure peak training memory (2 extra steps of a fresh model under `tf.profile`). */
  measureMemory?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

export interface PretrainReport {
  model: ModelKind;
  /** Pretraining steps (0: fine-tuned from its initialisation, the no-pretraining control). */
  steps: number;
  vocabularySize: number;
  trainSequences: number;
  numParameters: number;
  before: Record<string, number>;
  after: Record<string, number>;
  tokensPerSecond: number;
  seconds: number;
  peakTrainingBytes?: number;
  /** Test accuracy on the document task (`documentRows`) after fine-tuning, and the majority share. */
  downstreamAccuracy: number;
  /** The fine-tuning learning rate picked on dev, its dev accuracy, and every trial. */
  learningRate: number;
  devAccuracy: number;
  trials: { learningRate: number; devAccuracy: number; testAccuracy: number }[];
  majorityAccuracy: number;
  /** Fine-tuning rows (train entities) and scored rows (test entities). */
  trainRows: number;
  devRows: number;
  testRows: number;
}

export const settings = (smoke: boolean) => ({
  // 4 documents per entity; the document task scores 200 of them and fine-tunes on the labels of 300.
  world: (smoke ? { documents: 150, entities: 60 } : { documents: 800, entities: 200 }) as Partial<SyntheticWorldConfig>,
  vocabularySize: smoke ? 600 : 1000,
  maxSeqLength: 48,
  batchSize: 16,
  steps: smoke ? 30 : 300,
  learningRate: smoke ? 3e-3 : 2e-3,
  shape: { hiddenSize: 64, numHiddenLayers: smoke ? 2 : 4, numAttentionHeads: 2, intermediateSize: 256, embeddingSize: 32 },
  // the learning rate is picked per model on dev documents from this grid (one rate in --smoke)
  fineTune: { epochs: smoke ? 2 : 5, batchSize: 16, learningRates: smoke ? [1e-3] : [3e-4, 1e-3, 3e-3] },
});

type Shape = ReturnType<typeof settings>['shape'];
const labels = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [String(index), `LABEL_${index}`]));

/** The pretraining recipe and a builder of the fine-tuning classifier from its weights. */
export function buildPretraining(kind: ModelKind, shape: Shape, vocabSize: number, maxPositions: number, seed: number) {
  const common = { vocabSize, maxPositionEmbeddings: maxPositions, hiddenSize: shape.hiddenSize, numHiddenLayers: shape.numHiddenLayers, numAttentionHeads: shape.numAttentionHeads, intermediateSize: shape.intermediateSize };
  if (kind === 'bert') {
    const config = BertConfig.create(common);
    const model = new BertForPreTraining(config, Rng.fromSeed(seed));
    const classifier = (numLabels: number) => new BertForSequenceClassification(BertConfig.with(config, { id2label: labels(numLabels) }), Rng.fromSeed(seed + 1));
    return { recipe: mlmNspRecipe(model) as Recipe<MaskedTensors> & { model: Module }, classifier };
  }
  const groups = kind === 'albert' ? 1 : shape.numHiddenLayers;
  const config = AlbertConfig.create({ ...common, embeddingSize: shape.embeddingSize, numHiddenGroups: groups });
  const model = new AlbertForPreTraining(config, Rng.fromSeed(seed));
  const classifier = (numLabels: number) => new AlbertForSequenceClassification(AlbertConfig.with(config, { id2label: labels(numLabels) }), Rng.fromSeed(seed + 1));
  return { recipe: mlmSopRecipe(model) as unknown as Recipe<MaskedTensors> & { model: Module }, classifier };
}

export async function pretrainAlbert(options: PretrainOptions = {}): Promise<PretrainReport> {
  const { smoke = false, seed = 0, model: kind = 'albert' } = options;
  const setting = settings(smoke);
  const text = worldText({ ...setting.world, seed: seed + 1 }, setting.vocabularySize);
  const sequences = sopSequences(text, setting.maxSeqLength, seed);
  const heldOutCount = Math.max(setting.batchSize, Math.floor(sequences.length / 10));
  const [heldOut, train] = [sequences.slice(0, heldOutCount), sequences.slice(heldOutCount)];
  const special = (token: string) => text.vocabulary.get(token)!;
  const masker = albertMasker({ maskTokenId: special('[MASK]'), vocabSize: text.vocabulary.size, specialTokenIds: specialTokens.map(special), padTokenId: special('[PAD]') });
  const data = shuffledBatches(train, setting.batchSize, seed, (group, rng) => maskedTensors(group, masker, rng));
  const heldOutBatches = () => groups(heldOut, setting.batchSize).map((group, index) => maskedTensors(group, masker, Rng.fromSeed(seed).derive(`held-out:${index}`)));
  const make = () => buildPretraining(kind, setting.shape, text.vocabulary.size, setting.maxSeqLength, seed);
  const peak = options.measureMemory ? await peakTrainingBytes(() => make().recipe, data) : undefined;
  const { recipe, classifier } = make();
  const measure = async () => {
    const result = await evaluate(recipe, heldOutBatches());
    return { loss: result.loss, ...result.metrics };
  };
  try {
    const before = await measure();
    const steps = options.steps ?? setting.steps;
    const run = steps === 0 ? { seconds: 0, tokens: 0, tokensPerSecond: 0 } : await timedFit(recipe, data, { steps, learningRate: setting.learningRate, seed, onProgress: options.onProgress });
    const after = await measure();
    const downstream = await fineTuneFrom(recipe.model, classifier, text, setting, seed);
    return { model: kind, steps, vocabularySize: text.vocabulary.size, trainSequences: train.length, numParameters: recipe.model.numParameters(), before, after, ...run, peakTrainingBytes: peak, ...downstream };
  } finally {
    recipe.model.dispose();
  }
}

/** The pretrained encoder's weights (by path) in fresh classifiers, fine-tuned per learning rate, picked on dev, scored on test. */
async function fineTuneFrom(pretrained: Module, classifier: (numLabels: number) => Classifier, text: ReturnType<typeof worldText>, setting: ReturnType<typeof settings>, seed: number) {
  const rows = documentRows(text, setting.maxSeqLength, seed);
  const { learningRates, ...options } = setting.fineTune;
  const build = () => {
    const model = classifier(rows.numLabels);
    model.loadStateDict(pretrained.stateDict());
    return model;
  };
  const sweep = await sweepFineTune(build, rows, { ...options, seed }, learningRates);
  return { ...sweep, ...downstreamBaseline(rows) };
}

/** The share of test rows in the most frequent training label, and the split sizes. */
export function downstreamBaseline(rows: TaskRows) {
  const counts = new Map<number, number>();
  for (const row of rows.train) counts.set(row.label, (counts.get(row.label) ?? 0) + 1);
  const majority = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  return { majorityAccuracy: rows.test.filter((row) => row.label === majority).length / rows.test.length, trainRows: rows.train.length, devRows: rows.dev?.length ?? 0, testRows: rows.test.length };
}
