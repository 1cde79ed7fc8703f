import { describe, expect, it } from 'vitest';
import { distilBertCli } from './cli.js';

// `pretrain forward` on hf-tiny distilbert (every output and the masked-LM loss) is checked end to end in @pretrain/cli.
describe('distilBertCli', () => {
  it('reports the distilbert-base-uncased config and 66,362,880 parameters', () => {
    const info = distilBertCli.presetInfo('distilbert-base-uncased');
    expect(info.numParameters).toBe(66_362_880);
    expect([info.config.dim, info.config.n_layers, info.config.model_type]).toEqual([768, 6, 'distilbert']);
  });
});
