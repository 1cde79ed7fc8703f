// `pretrain report` renders in headless Chromium with every chart drawn.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium, serveStatic } from '../../../../tools/browser/chromium.mjs';
import type { MetricsRecord } from '../progress/metrics_log.js';
import { cli, temporaryDirectory } from '../cli.test-helper.js';

function runDirectory(): string {
  const directory = temporaryDirectory('report');
  const records: MetricsRecord[] = [];
  for (let step = 1; step <= 30; step++) {
    records.push({
      kind: 'step', phase: 'pretrain', step, loss: 6 / Math.sqrt(step), learningRate: 1e-3 * Math.min(1, step / 5), gradientNorm: 4 / step,
      tokens: 512, tokensPerSecond: 1000 + step, elapsedSeconds: step / 2, metrics: { mlmAccuracy: step / 60 },
    });
    if (step % 10 === 0) records.push({ kind: 'evaluation', phase: 'pretrain', step, metrics: { loss: 5 / Math.sqrt(step), accuracy: step / 40 } });
  }
  records.push({ kind: 'summary', phase: 'finetune', metrics: { pretrainedAccuracy: 0.8, scratchAccuracy: 0.3 } });
  writeFileSync(join(directory, 'metrics.jsonl'), `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
  return directory;
}


describe('pretrain report', () => {
  it('writes a page and one SVG per chart without any network reference', async () => {
    const directory = runDirectory();
    const { code, stdout } = await cli('report', directory);
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote ${join(directory, 'report.html')}\n`);
    const html = readFileSync(join(directory, 'report.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    expect(html).not.toContain('<script');
    expect(readdirSync(join(directory, 'charts')).sort()).toEqual(['eval-accuracy.svg', 'eval-loss.svg', 'gradient-norm.svg', 'learning-rate.svg', 'loss.svg', 'throughput.svg']);
  });

  it('names the missing metrics log', async () => {
    const directory = temporaryDirectory('report-empty');
    const { code, stderr } = await cli('report', directory);
    expect(code).toBe(1);
    expect(stderr).toContain(`cannot read the metrics log ${join(directory, 'metrics.jsonl')}: no such file`);
  });

  it('names a line that is not a record', async () => {
    const directory = temporaryDirectory('report-bad');
    writeFileSync(join(directory, 'metrics.jsonl'), '{"kind":"step"}\n{"kind":"weird"}\n');
    const { stderr } = await cli('report', directory);
    expect(stderr).toContain(`${join(directory, 'metrics.jsonl')}:2: field "kind" must be step, evaluation or summary`);
  });
});

describe.skipIf(!existsSync(chromiumPath))('pretrain report in Chromium (skipped where Debian\'s chromium is not installed)', () => {
  it('draws every chart: one path per series, spanning the plot area', async () => {
    const directory = runDirectory();
    await cli('report', directory);
    const server = await serveStatic(directory);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`${server.url}/report.html`);
      const charts = await page.$$eval('figure', (figures) =>
        figures.map((figure) => {
          const paths = Array.from(figure.querySelectorAll('path.series')) as SVGPathElement[];
          return { id: figure.id, paths: paths.map((path) => ({ commands: (path.getAttribute('d') ?? '').split(/[ML]/).length - 1, width: path.getBBox().width, length: path.getTotalLength() })) };
        }),
      );
      expect(charts.map((chart) => chart.id)).toEqual(['chart-loss', 'chart-learning-rate', 'chart-gradient-norm', 'chart-throughput', 'chart-eval-loss', 'chart-eval-accuracy']);
      for (const chart of charts) {
        expect(chart.paths.length, chart.id).toBe(1);
        const path = chart.paths[0]!;
        expect(path.commands, chart.id).toBe(chart.id.startsWith('chart-eval') ? 3 : 30);
        expect(path.width, chart.id).toBeGreaterThan(500); // the x range spans the 560-pixel plot
        expect(path.length, chart.id).toBeGreaterThan(500);
      }
      expect(requests.every((url) => url.startsWith(server.url))).toBe(true);
    } finally {
      await browser.close();
      server.close();
    }
  }, 60_000);
});
