import { describe, expect, it } from 'vitest';
import { electraCli } from './cli.js';

// `pretrain forward` on hf-tiny electra-{discriminator,generator} (every output and the loss) is checked end to end in @pretrain/cli.
describe('electraCli', () => {
  it('reports the base generator config and 33,511,168 parameters', () => {
    const info = electraCli.presetInfo('google/electra-base-generator');
    expect(info.numParameters).toBe(33_511_168);
    expect([info.config.hidden_size, info.config.embedding_size, info.config.model_type]).toEqual([256, 768, 'electra']);
  });
});
