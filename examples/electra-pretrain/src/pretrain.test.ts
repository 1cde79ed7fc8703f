import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestBackend } from '@pretrain/testing';
import { bertStepFlops, electraStepFlops, encoderForwardFlopsPerToken } from './flops.js';
import { pretrainElectra, settings, stepFlops } from './pretrain.js';

describe('examples/electra-pretrain --smoke', () => {
  beforeAll(async () => {
    await setupTestBackend();
  });

  it('trains generator and discriminator jointly (both losses fall), then fine-tunes the discriminator', async () => {
    const report = await pretrainElectra({ smoke: true, seed: 0 });
    expect(report.after.mlmLoss).toBeLessThan(report.before.mlmLoss! - 0.3);
    expect(report.after.discriminatorLoss).toBeLessThan(report.before.discriminatorLoss!);
    // detection is reported against the all-"original" baseline, over attended positions
    expect(report.after.allOriginalAccuracy).toBeCloseTo(1 - report.after.replacedShare!, 6);
    expect(report.after.replacedShare).toBeGreaterThan(0.05);
    expect(report.after.replacedRecall).toBeGreaterThanOrEqual(0);
    expect(report.after.replacedAuc).toBeGreaterThanOrEqual(0);
    expect(report.after.replacedAuc).toBeLessThanOrEqual(1);
    expect(report.downstreamAccuracy).toBeGreaterThanOrEqual(0);
    expect(report.downstreamAccuracy).toBeLessThanOrEqual(1);
  }, 120_000);
});

describe('training FLOPs', () => {
  it('counts a layer as 8H² + 4HI + 4TH per token, plus the E → H projection', () => {
    expect(encoderForwardFlopsPerToken({ hiddenSize: 4, numHiddenLayers: 1, intermediateSize: 8, embeddingSize: 4 }, 3)).toBe(8 * 16 + 4 * 32 + 4 * 12);
    expect(encoderForwardFlopsPerToken({ hiddenSize: 4, numHiddenLayers: 2, intermediateSize: 8, embeddingSize: 2 }, 3)).toBe(2 * 2 * 4 + 2 * (8 * 16 + 4 * 32 + 4 * 12));
  });

  it('gives ELECTRA more FLOPs per step than BERT of its discriminator shape (the generator and the head on every token)', () => {
    const setting = settings(true);
    expect(stepFlops('electra', setting, 600)).toBeGreaterThan(stepFlops('bert', setting, 600));
    const step = { batchSize: 2, length: 8, maskedPositions: 2, vocabSize: 10 };
    const shape = { hiddenSize: 8, numHiddenLayers: 1, intermediateSize: 16, embeddingSize: 8 };
    expect(electraStepFlops(shape, shape, step)).toBeGreaterThan(bertStepFlops(shape, step));
  });
});
