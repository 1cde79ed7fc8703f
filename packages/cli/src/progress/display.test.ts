import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProgress, PlainDisplay, progressSink } from './display.js';
import { MetricsLog, readMetricsLog } from './metrics_log.js';
import { TrainingMonitor } from './monitor.js';
import { temporaryDirectory } from '../cli.test-helper.js';

const line = { phase: 'pretrain', step: 40, totalSteps: 200, loss: 5.12345, learningRate: 2e-4, tokensPerSecond: 1234.4, elapsedSeconds: 20 };

describe('formatProgress', () => {
  it('shows step, loss, learning rate, tokens per second and the ETA', () => {
    expect(formatProgress(line)).toBe('pretrain   step 40/200  loss 5.1235  lr 2.00e-4  1,234 tok/s  ETA 1m20s');
  });
});

describe('progressSink', () => {
  it('writes plain lines every 1/20 of the run when the output is not a terminal', () => {
    const lines: string[] = [];
    const sink = progressSink(undefined, (text) => lines.push(text), 100);
    expect(sink).toBeInstanceOf(PlainDisplay);
    for (let step = 1; step <= 100; step++) sink.update({ ...line, step, totalSteps: 100 });
    expect(lines.length).toBe(21); // step 1, then every 5th
  });
});

describe('TrainingMonitor', () => {
  it('logs steps and evaluations to metrics.jsonl', () => {
    const path = join(temporaryDirectory('monitor'), 'metrics.jsonl');
    const printed: string[] = [];
    const monitor = new TrainingMonitor('finetune', 2, { stdout: (text) => void printed.push(text), stderr: () => undefined }, new MetricsLog(path));
    monitor.onProgress({ kind: 'step', step: 1, epoch: 0, loss: 1.5, learningRate: 1e-3, gradientNorm: 2, tokens: 64, metrics: { accuracy: 0.5 } });
    monitor.onProgress({ kind: 'evaluation', step: 1, metrics: { accuracy: 0.75 }, improved: true, best: null });
    monitor.done();
    const records = readMetricsLog(path);
    expect(records.map((record) => record.kind)).toEqual(['step', 'evaluation']);
    expect(records[0]).toMatchObject({ phase: 'finetune', step: 1, loss: 1.5, learningRate: 1e-3, gradientNorm: 2, tokens: 64, metrics: { accuracy: 0.5 } });
    expect(printed.join('')).toContain('finetune  eval @ step 1  accuracy 0.7500');
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });
});
