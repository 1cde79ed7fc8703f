// Pretrain a small ELECTRA (generator + discriminator trained jointly, replaced-token detection)
// on the synthetic world, then fine-tune the discriminator on the world's document task with
// layer-wise learning-rate decay. The same run can instead train a BERT of the discriminator's
// shape with MLM for the same training FLOPs, for the comparison in packages/electra/README.md.
import { BertConfig, BertForPreTraining, BertForSequenceClassification } from '@pretrain/bert';
import { Rng, tf, type Module, type Recipe, type Tensor } from '@pretrain/core';
import { detectReplacedTokens, ElectraConfig, ElectraForSequenceClassification, ElectraPretrainingPair, electraLayerwiseDecay, electraMasker, electraRecipe, rocAuc } from '@pretrain/electra';
import { documentRows, downstreamBaseline, groups, sweepFineTune, type FineTuneOptions, settings as albertSettings, maskedTensors, shuffledBatches, sopSequences, specialTokens, timedFit, worldText, type Classifier, type MaskedTensors } from '@pretrain/example-albert-pretrain';
import { mlmAccuracy, mlmLoss, MlmMasker } from '@pretrain/objective-mlm';
import { evaluate, layerwiseLearningRateDecay, type ProgressEvent } from '@pretrain/train';
import { bertStepFlops, electraStepFlops, type EncoderShape } from './flops.js';

export type ModelKind = 'electra' | 'bert';

export interface PretrainOptions {
  smoke?: boolean;
  seed?: number;
  /** ELECTRA's steps; BERT runs as many steps as give the same training FLOPs. */
  steps?: number;
  model?: ModelKind;
  /** The generator's sampling temperature (default 1; a large value samples replacements uniformly: a check that the discriminator can learn). */
  temperature?: number;
  onProgress?: (event: ProgressEvent) => void;
}

export interface PretrainReport {
  model: ModelKind;
  vocabularySize: number;
  trainSequences: number;
  /** Parameters trained (ELECTRA: generator and discriminator, shared embeddings once). */
  numParameters: number;
  steps: number;
  trainingFlops: number;
  seconds: number;
  tokensPerSecond: number;
  before: Record<string, number>;
  after: Record<string, number>;
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

/** The ALBERT example's world, data, pretraining and fine-tuning settings (one downstream protocol for both comparisons), with ELECTRA's shapes. */
export const settings = (smoke: boolean) => {
  const { world, vocabularySize, maxSeqLength, batchSize, steps, learningRate, fineTune: fineTuning } = albertSettings(smoke);
  return {
    world, vocabularySize, maxSeqLength, batchSize, steps, learningRate,
    // ELECTRA-small's proportions (H 256, E 128, 4 heads, FFN 4H) scaled down; the generator a quarter of the discriminator's width, heads and FFN.
    discriminator: { hiddenSize: 64, embeddingSize: 32, numHiddenLayers: smoke ? 2 : 4, numAttentionHeads: 2, intermediateSize: 256 },
    generator: { hiddenSize: 16, embeddingSize: 32, numHiddenLayers: smoke ? 2 : 4, numAttentionHeads: 1, intermediateSize: 64 },
    fineTune: { ...fineTuning, layerwiseDecay: 0.8 },
  };
};

type Setting = ReturnType<typeof settings>;
const labels = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [String(index), `LABEL_${index}`]));

/** BERT-small's baseline objective in the ELECTRA paper: masked LM only (the NSP head is built but not trained). */
function mlmOnlyRecipe(model: BertForPreTraining): Recipe<MaskedTensors> & { model: Module } {
  return {
    model,
    loss(batch, { training, rng }) {
      model.train(training);
      const outputs = model.forward({ inputIds: batch.inputIds, attentionMask: batch.attentionMask, tokenTypeIds: batch.tokenTypeIds }, { maskedPositions: batch.maskedPositions, rng: training ? rng : undefined });
      return { loss: mlmLoss(outputs.predictionLogits, batch.maskedLabels), metrics: { mlmLoss: mlmLoss(outputs.predictionLogits, batch.maskedLabels), mlmAccuracy: mlmAccuracy(outputs.predictionLogits, batch.maskedLabels) } };
    },
  };
}

/** The recipe, the encoder shape(s) for the FLOPs count, and a classifier builder that takes the pretrained weights. */
export function buildPretraining(kind: ModelKind, setting: Setting, vocabSize: number, seed: number, temperature = 1) {
  const common = { vocabSize, maxPositionEmbeddings: setting.maxSeqLength };
  if (kind === 'bert') {
    const { embeddingSize: _unused, ...shape } = setting.discriminator;
    const config = BertConfig.create({ ...common, ...shape });
    const model = new BertForPreTraining(config, Rng.fromSeed(seed));
    const classifier = (numLabels: number) => ({ model: new BertForSequenceClassification(BertConfig.with(config, { id2label: labels(numLabels) }), Rng.fromSeed(seed + 1)) as Classifier, pretrained: model as Module });
    return { recipe: mlmOnlyRecipe(model), classifier, learningRateScale: undefined, pair: undefined };
  }
  const discriminatorConfig = ElectraConfig.create({ ...common, ...setting.discriminator });
  const pair = new ElectraPretrainingPair(ElectraConfig.create({ ...common, ...setting.generator }), discriminatorConfig, Rng.fromSeed(seed));
  const classifier = (numLabels: number) => ({ model: new ElectraForSequenceClassification(ElectraConfig.with(discriminatorConfig, { id2label: labels(numLabels) }), Rng.fromSeed(seed + 1)) as Classifier, pretrained: pair.discriminator as Module });
  const learningRateScale = layerwiseLearningRateDecay(electraLayerwiseDecay(discriminatorConfig, setting.fineTune.layerwiseDecay));
  return { recipe: electraRecipe(pair, { temperature }) as unknown as Recipe<MaskedTensors> & { model: Module }, classifier, learningRateScale, pair };
}

/** Training FLOPs per step of each kind, at the padded length and 15% of it predicted. */
export function stepFlops(kind: ModelKind, setting: Setting, vocabSize: number): number {
  const step = { batchSize: setting.batchSize, length: setting.maxSeqLength, maskedPositions: Math.round(0.15 * setting.batchSize * setting.maxSeqLength), vocabSize };
  const discriminator: EncoderShape = setting.discriminator;
  return kind === 'bert' ? bertStepFlops({ ...discriminator, embeddingSize: discriminator.hiddenSize }, step) : electraStepFlops(setting.generator, discriminator, step);
}

export async function pretrainElectra(options: PretrainOptions = {}): Promise<PretrainReport> {
  const { smoke = false, seed = 0, model: kind = 'electra' } = options;
  const setting = settings(smoke);
  const text = worldText({ ...setting.world, seed: seed + 1 }, setting.vocabularySize);
  const sequences = sopSequences(text, setting.maxSeqLength, seed, 0);
  const heldOutCount = Math.max(setting.batchSize, Math.floor(sequences.length / 10));
  const [heldOut, train] = [sequences.slice(0, heldOutCount), sequences.slice(heldOutCount)];
  const special = (token: string) => text.vocabulary.get(token)!;
  const maskingOptions = { maskTokenId: special('[MASK]'), vocabSize: text.vocabulary.size, specialTokenIds: specialTokens.map(special), padTokenId: special('[PAD]') };
  const masker = kind === 'electra' ? electraMasker(maskingOptions) : new MlmMasker(maskingOptions);
  const data = shuffledBatches(train, setting.batchSize, seed, (group, rng) => maskedTensors(group, masker, rng));
  const heldOutBatches = () => groups(heldOut, setting.batchSize).map((group, index) => maskedTensors(group, masker, Rng.fromSeed(seed).derive(`held-out:${index}`)));
  const electraSteps = options.steps ?? setting.steps;
  const budget = electraSteps * stepFlops('electra', setting, text.vocabulary.size);
  const steps = kind === 'electra' ? electraSteps : Math.max(1, Math.round(budget / stepFlops('bert', setting, text.vocabulary.size)));
  const { recipe, classifier, learningRateScale, pair } = buildPretraining(kind, setting, text.vocabulary.size, seed, options.temperature);
  const measure = async () => {
    const result = await evaluate(recipe, heldOutBatches());
    return { loss: result.loss, ...result.metrics, ...(pair ? { replacedAuc: await detectionAuc(pair, heldOutBatches()) } : {}) };
  };
  try {
    const before = await measure();
    const run = await timedFit(recipe, data, { steps, learningRate: setting.learningRate, seed, onProgress: options.onProgress });
    const after = await measure();
    const rows = documentRows(text, setting.maxSeqLength, seed);
    const { layerwiseDecay: _decay, ...fineTuning } = setting.fineTune;
    const downstream = await fineTuneFrom(classifier, rows, { ...fineTuning, seed, learningRateScale });
    return { model: kind, vocabularySize: text.vocabulary.size, trainSequences: train.length, numParameters: recipe.model.numParameters(), steps, trainingFlops: steps * stepFlops(kind, setting, text.vocabulary.size), ...run, before, after, ...downstream };
  } finally {
    recipe.model.dispose();
  }
}

/** Fresh classifiers with the pretrained weights, one per learning rate of the grid, picked on dev (as examples/albert-pretrain). */
async function fineTuneFrom(classifier: (numLabels: number) => { model: Classifier; pretrained: Module }, rows: ReturnType<typeof documentRows>, options: Omit<FineTuneOptions, 'learningRate'> & { learningRates: readonly number[] }) {
  const { learningRates, ...rest } = options;
  const build = () => {
    const { model, pretrained } = classifier(rows.numLabels);
    model.loadStateDict(pretrained.stateDict() as Map<string, Tensor>);
    return model;
  };
  return { ...(await sweepFineTune(build, rows, rest, learningRates)), ...downstreamBaseline(rows) };
}

/** ROC AUC of the discriminator's logits for "replaced" over every attended held-out position (eval mode; evaluate's replacement draws). */
async function detectionAuc(pair: ElectraPretrainingPair, batches: ReturnType<typeof maskedTensors>[]): Promise<number> {
  pair.eval();
  const scores: number[] = [];
  const labels: number[] = [];
  for (const { batch } of batches) {
    const [logits, truth] = tf.tidy(() => {
      const detection = detectReplacedTokens(pair, batch, Rng.fromSeed(0));
      return [detection.logits, detection.labels];
    });
    const [logitValues, labelValues, attended] = await Promise.all([logits!.data(), truth!.data(), batch.attentionMask.data()]);
    attended.forEach((mask, position) => {
      if (mask === 1) { scores.push(logitValues[position]!); labels.push(labelValues[position]!); }
    });
    tf.dispose([logits!, truth!, ...Object.values(batch)]);
  }
  return rocAuc(scores, labels);
}
