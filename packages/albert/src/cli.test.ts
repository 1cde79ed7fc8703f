import { describe, expect, it } from 'vitest';
import { albertCli } from './cli.js';

// `pretrain forward` on hf-tiny albert (every output, the loss terms) is checked end to end in @pretrain/cli.
describe('albertCli', () => {
  it('reports the albert-base-v2 config and 11,683,584 parameters', () => {
    const info = albertCli.presetInfo('albert-base-v2');
    expect(info.numParameters).toBe(11_683_584);
    expect([info.config.hidden_size, info.config.embedding_size, info.config.model_type]).toEqual([768, 128, 'albert']);
  });
});
