import { BertConfig, BertForSequenceClassification, bertConventions, saveBert, sequenceClassificationLoss } from '@pretrain/bert';
import { loadPretrainedWeights, readConfig, Rng, tf, type Recipe } from '@pretrain/core';
import { directorySource, directoryTarget } from '@pretrain/core/node';
import { accuracy } from '@pretrain/tasks';
import { AdamW, fit } from '@pretrain/train';
import type { TrainingMonitor } from '../progress/monitor.js';
import { ClassificationData, collate, type ClassificationBatch, type EncodedExample } from './classification_data.js';

export interface FinetuneSettings {
  /** A pretrained Hugging Face directory; its weights are loaded unless `fromScratch`. */
  modelDir: string;
  fromScratch: boolean;
  labels: readonly string[];
  train: readonly EncodedExample[];
  dev: readonly EncodedExample[];
  padId: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  monitor?: TrainingMonitor;
  /** Where to save the fine-tuned model (Hugging Face directory), if anywhere. */
  saveTo?: string;
}

export interface FinetuneOutcome {
  devAccuracy: number;
  steps: number;
  /** Evaluates the fine-tuned model on other examples before it is disposed. */
  predictions: (examples: readonly EncodedExample[]) => Promise<number[]>;
  dispose(): void;
}

/** Class ids predicted for `examples`, in batches, with training behaviour off. */
export async function predictClasses(model: BertForSequenceClassification, examples: readonly EncodedExample[], padId: number, batchSize = 64): Promise<number[]> {
  model.eval();
  const predicted: number[] = [];
  for (let start = 0; start < examples.length; start += batchSize) {
    const { batch } = collate(examples.slice(start, start + batchSize), padId);
    const classes = tf.tidy(() => tf.argMax(model.forward({ inputIds: batch.inputIds, attentionMask: batch.attentionMask, tokenTypeIds: batch.tokenTypeIds }).logits, -1));
    predicted.push(...(await classes.data()));
    tf.dispose([classes, batch.inputIds, batch.attentionMask, batch.tokenTypeIds, batch.labels]);
  }
  return predicted;
}

async function classifierFor(settings: FinetuneSettings): Promise<BertForSequenceClassification> {
  const source = directorySource(settings.modelDir);
  const base = BertConfig.fromHf(await readConfig(source));
  const config = BertConfig.with(base, {
    id2label: Object.fromEntries(settings.labels.map((label, index) => [String(index), label])),
    label2id: Object.fromEntries(settings.labels.map((label, index) => [label, index])),
    problemType: 'single_label_classification',
  });
  const model = new BertForSequenceClassification(config, Rng.fromSeed(settings.seed));
  if (!settings.fromScratch) await loadPretrainedWeights(model, source, bertConventions);
  return model;
}

/** Fine-tunes a sequence classifier (from the pretrained weights, or from scratch with the same config) and scores it on `dev`. */
export async function runFinetuning(settings: FinetuneSettings): Promise<FinetuneOutcome> {
  const model = await classifierFor(settings);
  const data = new ClassificationData(settings.train, settings.batchSize, settings.padId, settings.seed);
  const steps = Math.max(1, settings.epochs * data.batchesPerEpoch);
  const recipe: Recipe<ClassificationBatch> & { model: BertForSequenceClassification } = {
    model,
    loss(batch, { training, rng }) {
      model.train(training);
      const { logits } = model.forward({ inputIds: batch.inputIds, attentionMask: batch.attentionMask, tokenTypeIds: batch.tokenTypeIds }, { rng: training ? rng : undefined });
      const correct = tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(batch.labels, 'int32')), 'float32'));
      return { loss: sequenceClassificationLoss(logits, batch.labels, model.config.problemType), metrics: { accuracy: correct } };
    },
  };
  const devScore = async () => accuracy(settings.dev.map((example) => example.label), await predictClasses(model, settings.dev, settings.padId));
  try {
    const result = await fit(recipe, data, {
      optimizer: (parameters) => new AdamW(parameters, { epsilon: 1e-6, weightDecay: 0.01 }),
      schedule: { kind: 'linear', learningRate: settings.learningRate, warmupSteps: Math.round(steps / 10), totalSteps: steps },
      maxSteps: steps,
      seed: settings.seed,
      maxGradientNorm: 1,
      onNonFinite: () => 'skip-batch',
      onProgress: settings.monitor?.onProgress,
      evaluation: { every: Math.max(1, data.batchesPerEpoch), run: async () => ({ accuracy: await devScore() }), metric: 'accuracy', greaterIsBetter: true },
    });
    const devAccuracy = await devScore();
    if (settings.saveTo) await saveBert(model, 'BertForSequenceClassification', directoryTarget(settings.saveTo));
    return { devAccuracy, steps: result.state.step, predictions: (examples) => predictClasses(model, examples, settings.padId), dispose: () => model.dispose() };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
