// Does pretraining store the facts? The pretrained MLM is asked for the object
// of each fact sentence of the documents (its tokens masked, the rest left as
// written), per token, split by the subject entity's split: the test entities'
// facts are the ones fine-tuning never sees and the scores depend on.
import type { BertForPreTraining } from '@pretrain/bert';
import { tf } from '@pretrain/core';
import type { SyntheticWorld } from '@pretrain/data/synthetic';
import type { Tokenizer } from '@pretrain/tokenizers';
import { predictRows, type EncodedBatch } from './batches.js';

export interface FactProbeScore {
  /** Fact sentences asked and object tokens predicted. */
  sentences: number;
  tokens: number;
  /** Share of masked object tokens predicted exactly (0–1). */
  tokenAccuracy: number;
  /** The same share per fact kind (type, attribute, relation): templates alone give ≈ 1 in types, 1 in values per attribute, and 1 in (entities ÷ types) for relation objects. */
  byKind?: Record<string, { tokens: number; tokenAccuracy: number }>;
}

interface MaskedSentence {
  ids: number[];
  positions: number[];
  targets: number[];
  kind: string;
}

/** Last index where `needle` occurs in `haystack`, or -1. */
function lastIndexOf(haystack: readonly number[], needle: readonly number[]): number {
  for (let start = haystack.length - needle.length; start >= 0; start--) if (needle.every((id, offset) => haystack[start + offset] === id)) return start;
  return -1;
}

/** Every fact sentence of the documents whose subject is in `split`, with its object's tokens masked. */
export function maskedFactSentences(world: SyntheticWorld, tokenizer: Tokenizer, split: string, maxLength: number): MaskedSentence[] {
  const maskId = tokenizer.tokenToId('[MASK]')!;
  const tails = new Map(world.triples.map((triple) => [triple.factId, triple.tail]));
  const kinds = new Map(world.facts.map((fact) => [fact.id, fact.kind]));
  const sentences: MaskedSentence[] = [];
  for (const document of world.documents) {
    if (world.entities[document.subjectEntityId]?.split !== split) continue;
    for (const sentence of document.sentences) {
      const tail = sentence.factId === undefined ? undefined : tails.get(sentence.factId);
      if (tail === undefined) continue;
      const ids = [...tokenizer.encode(sentence.text).ids];
      const objectIds = [...tokenizer.encode(tail, null, { addSpecialTokens: false }).ids];
      const start = lastIndexOf(ids, objectIds);
      if (start < 0 || ids.length > maxLength || objectIds.length === 0) continue;
      const positions = objectIds.map((_, offset) => start + offset);
      for (const position of positions) ids[position] = maskId;
      sentences.push({ ids, positions, targets: objectIds, kind: kinds.get(sentence.factId!) ?? 'unknown' });
    }
  }
  return sentences;
}

/** The MLM's accuracy on the masked object tokens, in batches of `batchSize` (the model is left in training mode). */
export async function factProbe(model: BertForPreTraining, sentences: readonly MaskedSentence[], batchSize = 64): Promise<FactProbeScore> {
  // Padding ids are never attended to (the batch's attention mask), so 0 serves whatever the vocabulary.
  const rows = sentences.map((sentence) => ({ inputIds: sentence.ids, typeIds: new Array<number>(sentence.ids.length).fill(0) }));
  let predictions: number[][] = [];
  model.eval();
  try {
    const forward = (batch: EncodedBatch) => [tf.argMax(model.forward({ inputIds: batch.inputIds, attentionMask: batch.attentionMask }).predictionLogits, -1)];
    [predictions = []] = await predictRows(rows, 0, forward, batchSize);
  } finally {
    model.train();
  }
  let correct = 0;
  let tokens = 0;
  const byKind = new Map<string, { correct: number; tokens: number }>();
  sentences.forEach((sentence, index) => {
    const kind = byKind.get(sentence.kind) ?? { correct: 0, tokens: 0 };
    byKind.set(sentence.kind, kind);
    sentence.positions.forEach((position, offset) => {
      const hit = predictions[index]?.[position] === sentence.targets[offset];
      correct += Number(hit);
      kind.correct += Number(hit);
      tokens++;
      kind.tokens++;
    });
  });
  const kindScores = Object.fromEntries([...byKind].map(([kind, score]) => [kind, { tokens: score.tokens, tokenAccuracy: score.correct / score.tokens }]));
  return { sentences: sentences.length, tokens, tokenAccuracy: tokens === 0 ? 0 : correct / tokens, byKind: kindScores };
}
