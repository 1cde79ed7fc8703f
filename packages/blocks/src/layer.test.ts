import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, tf, type Tensor } from '@pretrain/core';
import { runLayerTest, setupTestBackend } from '@pretrain/testing';
import { positionIdsFromMask } from './attention/mask.js';
import { embeddingNames, TransformerEmbeddings } from './embeddings.js';
import { layerNames, TransformerLayer, type TransformerLayerConfig } from './layer.js';

beforeAll(async () => {
  await setupTestBackend();
});

const hiddenSize = 12;
const intermediateSize = 7;
const base = { hiddenSize, numHeads: 3, intermediateSize, layerNormEps: 1e-5, hiddenDropout: 0.1, attentionDropout: 0.1 };
const bert: TransformerLayerConfig = { ...base, activation: 'gelu', normFirst: false, names: layerNames.bert };
const gpt2: TransformerLayerConfig = { ...base, activation: 'gelu_new', normFirst: true, causal: true, names: layerNames.gpt2, projection: 'conv1d' };
const gpt1: TransformerLayerConfig = { ...gpt2, activation: 'gelu', activationFamily: 'openai-gpt', normFirst: false };
const layerParameters = 4 * (hiddenSize * hiddenSize + hiddenSize) + 2 * hiddenSize * intermediateSize + intermediateSize + hiddenSize + 4 * hiddenSize;

function maxDifference(a: Tensor, b: Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('TransformerLayer', () => {
  for (const [label, config] of [['post-LN BERT', bert], ['pre-LN GPT-2', gpt2], ['post-LN GPT-1', gpt1]] as const) {
    it(`passes the layer checks as a ${label} layer`, async () => {
      await runLayerTest({
        build: (rng) => new TransformerLayer(config, rng),
        inputs: () => [Rng.fromSeed(21).normalTensor([2, 5, hiddenSize]), tf.tensor2d([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], undefined, 'int32')],
        call: (layer, [hidden, attentionMask]) => layer.forward(hidden!, { rng: Rng.fromSeed(1), attentionMask }).hidden,
        expectedShape: [2, 5, hiddenSize],
        expectedParameters: layerParameters,
      });
    });
  }

  it("uses BERT's and GPT-2's parameter names", () => {
    const names = (config: TransformerLayerConfig) => {
      const layer = new TransformerLayer(config, Rng.fromSeed(0));
      const result = layer.namedParameters().map(([name]) => name.replace(/\.(weight|bias)$/, ''));
      layer.dispose();
      return [...new Set(result)];
    };
    expect(names(bert)).toEqual(['attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense', 'attention.output.LayerNorm', 'intermediate.dense', 'output.dense', 'output.LayerNorm']);
    expect(names(gpt2)).toEqual(['attn.c_attn', 'attn.c_proj', 'ln_1', 'mlp.c_fc', 'mlp.c_proj', 'ln_2']);
  });

  it("passes GPT-2's attention scaling flags to its attention", () => {
    const scale = (config: TransformerLayerConfig) => {
      const layer = new TransformerLayer(config, Rng.fromSeed(0));
      const result = layer.attention.scale;
      layer.dispose();
      return result;
    };
    expect(scale(gpt2)).toBeCloseTo(1 / 2, 10); // head size 4
    expect(scale({ ...gpt2, scaleAttnWeights: false })).toBe(1);
    expect(scale({ ...gpt2, scaleAttnWeights: false, scaleAttnByInverseLayerIdx: true, layerIndex: 3 })).toBe(1 / 4);
  });

  it('is pre-LN or post-LN as configured', () => {
    const pre = new TransformerLayer(gpt2, Rng.fromSeed(1)).eval();
    const post = new TransformerLayer(gpt1, Rng.fromSeed(1)).eval();
    const hidden = Rng.fromSeed(2).normalTensor([1, 3, hiddenSize], 5, 3);
    // post-LN output is normalised per position (LayerNorm weight 1, bias 0 at init); pre-LN output is not.
    const spread = (layer: TransformerLayer) => tf.tidy(() => tf.moments(layer.forward(hidden).hidden, -1).variance.dataSync()[0]!);
    expect(spread(post)).toBeCloseTo(1, 3);
    expect(Math.abs(spread(pre) - 1)).toBeGreaterThan(0.1);
    pre.dispose();
    post.dispose();
  });
});

describe('decoding with embeddings and a decoder layer', () => {
  const build = () => {
    const rng = Rng.fromSeed(3);
    const embeddings = new TransformerEmbeddings({ vocabSize: 19, embeddingSize: hiddenSize, maxPositionEmbeddings: 16, names: embeddingNames.gpt2 }, rng).eval();
    const layer = new TransformerLayer(gpt2, rng).eval();
    return { embeddings, layer, dispose: () => (embeddings.dispose(), layer.dispose()) };
  };

  it('gives the same last-layer states token by token with the cache as in one pass', () => {
    const { embeddings, layer, dispose } = build();
    const ids = tf.tensor2d([[3, 7, 1, 18, 5]], undefined, 'int32');
    const full = layer.forward(embeddings.forward({ inputIds: ids }).output).hidden;
    let past = layer.forward(embeddings.forward({ inputIds: tf.slice(ids, [0, 0], [1, 2]) }).output, { useCache: true }).present!;
    for (let position = 2; position < 5; position++) {
      const step = layer.forward(embeddings.forward({ inputIds: tf.slice(ids, [0, position], [1, 1]), pastLength: position }).output, { useCache: true, pastKeyValue: past });
      expect(maxDifference(step.hidden, tf.slice(full, [0, position, 0], [1, 1, -1]))).toBeLessThan(1e-5);
      past = step.present!;
    }
    dispose();
  });

  it('gives each row of a left-padded batch what it gives alone, positions from the mask', () => {
    const { embeddings, layer, dispose } = build();
    const attentionMask = tf.tensor2d([[1, 1, 1, 1], [0, 0, 1, 1]], undefined, 'int32');
    const inputIds = tf.tensor2d([[4, 9, 2, 11], [0, 0, 6, 13]], undefined, 'int32');
    const batch = layer.forward(embeddings.forward({ inputIds, positionIds: positionIdsFromMask(attentionMask) }).output, { attentionMask }).hidden;
    const alone = layer.forward(embeddings.forward({ inputIds: tf.tensor2d([[6, 13]], undefined, 'int32') }).output).hidden;
    expect(maxDifference(tf.slice(batch, [1, 2, 0], [1, 2, -1]), alone)).toBeLessThan(1e-5);
    dispose();
  });
});
