// The BERT side of the app: a tiny BertForMaskedLM, windows of the text wrapped
// in [CLS] … [SEP] and masked afresh for every batch (dynamic masking, BERT's
// 80/10/10 at k = 15%), the masked-LM recipe and fill-mask.
import { Rng, tf, type LossOptions, type LossResult, type Recipe, type Tensor } from '@pretrain/core';
import { BertConfig, BertForMaskedLM } from '@pretrain/bert';
import { MlmMasker, mlmAccuracy, mlmLoss } from '@pretrain/objective-mlm';
import type { Tokenizer } from '@pretrain/tokenizers';
import type { TrainingData } from '@pretrain/train';
import type { MaskPrediction, ModelSettings } from './protocol.js';

/** BERT's special tokens, ids 0–4 in both vocabularies the page trains. */
export const bertSpecialTokens = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

export interface BertBatch {
  /** int32 `[B, L]`, masked. */
  inputIds: Tensor;
  /** int32 `[N]`, flat `b·L + t`. */
  maskedPositions: Tensor;
  /** int32 `[N]`, the original ids at those positions. */
  maskedLabels: Tensor;
}

/** The ids of the special tokens; a clear error when the vocabulary lacks one (a GPT vocabulary, say). */
export function specialIds(tokenizer: Tokenizer): Record<'pad' | 'cls' | 'sep' | 'mask', number> {
  const id = (token: string) => {
    const found = tokenizer.tokenToId(token);
    if (found === undefined) throw new Error(`the vocabulary has no ${token} token: train the vocabulary again with the BERT model selected`);
    return found;
  };
  return { pad: id('[PAD]'), cls: id('[CLS]'), sep: id('[SEP]'), mask: id('[MASK]') };
}

/** A BERT config without dropout, intermediate size 4× the width (BERT's ratio). */
export function bertConfig(model: ModelSettings, vocabSize: number, padTokenId: number): BertConfig {
  return BertConfig.create({
    vocabSize,
    hiddenSize: model.nEmbd,
    numHiddenLayers: model.nLayer,
    numAttentionHeads: model.nHead,
    intermediateSize: 4 * model.nEmbd,
    maxPositionEmbeddings: model.nPositions,
    hiddenDropoutProb: 0,
    attentionProbsDropoutProb: 0,
    padTokenId,
  });
}

/** What `config.json` holds for this class, as Hugging Face's `save_pretrained` writes it. */
export function bertHfConfig(config: BertConfig): Record<string, unknown> {
  return { ...BertConfig.toHf(config), architectures: ['BertForMaskedLM'], model_type: 'bert' };
}

export function masker(tokenizer: Tokenizer): MlmMasker {
  const specials = bertSpecialTokens.map((token) => tokenizer.tokenToId(token)).filter((id): id is number => id !== undefined);
  return new MlmMasker({ maskTokenId: specialIds(tokenizer).mask, vocabSize: tokenizer.vocabSize, specialTokenIds: specials, padTokenId: specialIds(tokenizer).pad, rate: 0.15 });
}

/**
 * Random windows of `length − 2` tokens as `[CLS] window [SEP]`, masked
 * afresh per batch. Windows and masks of (epoch, position) are a function of
 * the seed alone, so a resumed run reads what the interrupted one would have.
 */
export function maskedWindowData(ids: Int32Array, tokenizer: Tokenizer, batchSize: number, length: number, seed: number, gate: () => Promise<void>): TrainingData<BertBatch> {
  const inner = length - 2;
  if (ids.length <= inner) throw new Error(`the text has ${ids.length} tokens; training needs more than the context length minus [CLS] and [SEP] (${inner})`);
  const { cls, sep } = specialIds(tokenizer);
  const mlm = masker(tokenizer);
  const batchesPerEpoch = Math.max(1, Math.floor(ids.length / (batchSize * inner)));
  const base = Rng.fromSeed(seed);
  return {
    async *read(epoch, position) {
      for (let index = position; index < batchesPerEpoch; index++) {
        await gate();
        const rng = base.derive(`epoch ${epoch} batch ${index}`);
        const starts = rng.derive('windows').int(batchSize, 0, ids.length - inner + 1);
        const rows = new Int32Array(batchSize * length);
        starts.forEach((start, row) => {
          rows.set([cls, ...ids.subarray(start, start + inner), sep], row * length);
        });
        const masked = mlm.maskBatch(rows, [batchSize, length], rng.derive('masking'));
        const batch = {
          inputIds: tf.tensor2d(masked.inputIds, [batchSize, length], 'int32'),
          maskedPositions: tf.tensor1d(masked.maskedPositions, 'int32'),
          maskedLabels: tf.tensor1d(masked.maskedLabels, 'int32'),
        };
        yield { batch, tokens: batchSize * length };
      }
    },
  };
}

/** Masked-LM training: logits only at the masked positions (`[N, V]`), mean cross-entropy, accuracy. */
export function maskedLMRecipe(model: BertForMaskedLM): Recipe<BertBatch> & { readonly name: 'mlm'; readonly model: BertForMaskedLM } {
  return {
    name: 'mlm',
    model,
    loss(batch: BertBatch, { training, rng }: LossOptions): LossResult {
      model.train(training);
      const { logits } = model.forward({ inputIds: batch.inputIds }, { maskedPositions: batch.maskedPositions, rng: training ? rng : undefined });
      return { loss: mlmLoss(logits, batch.maskedLabels), metrics: { mlmAccuracy: mlmAccuracy(logits, batch.maskedLabels) } };
    },
  };
}

/**
 * Byte-level BPE marks a word's leading space inside the word's token, so a
 * mask that stands for " red" must take the space before it.
 */
function maskTakesSpace(text: string, byteLevel: boolean): string {
  return byteLevel ? text.replace(/ \[MASK\]/g, '[MASK]') : text;
}

/** The `topK` most likely tokens at each `[MASK]` of `text` (`[CLS] text [SEP]`, in eval mode). */
export async function fillMask(model: BertForMaskedLM, tokenizer: Tokenizer, text: string, topK: number, byteLevel: boolean): Promise<MaskPrediction[]> {
  const { cls, sep, mask } = specialIds(tokenizer);
  const ids = [cls, ...tokenizer.encode(maskTakesSpace(text, byteLevel), null, { addSpecialTokens: false }).ids, sep];
  const positions = ids.flatMap((id, index) => (id === mask ? [index] : []));
  if (positions.length === 0) throw new Error('write [MASK] where a word should be predicted');
  if (ids.length > model.config.maxPositionEmbeddings) throw new Error(`the sentence has ${ids.length} tokens with [CLS] and [SEP]; the model takes at most ${model.config.maxPositionEmbeddings}`);
  const k = Math.max(1, Math.min(topK, tokenizer.vocabSize));
  model.eval();
  const { values, indices } = tf.tidy(() => {
    const inputIds = tf.tensor2d([ids], [1, ids.length], 'int32');
    const { logits } = model.forward({ inputIds }, { maskedPositions: tf.tensor1d(positions, 'int32') });
    return tf.topk(tf.softmax(logits), k);
  });
  const [probabilities, tokens] = [(await values.array()) as number[][], (await indices.array()) as number[][]];
  tf.dispose([values, indices]);
  return positions.map((_, mask) => ({
    mask,
    candidates: tokens[mask]!.map((id, rank) => ({ token: tokenizer.decode([id]), probability: probabilities[mask]![rank]! })),
  }));
}
