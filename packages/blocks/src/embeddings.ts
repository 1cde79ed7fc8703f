import { Module, init, tf, type Rng, type Tensor } from '@pretrain/core';
import { Dropout, type ForwardOptions } from './dropout.js';
import { Embedding } from './embedding.js';
import { LayerNorm } from './layer_norm.js';
import type { Linear } from './linear.js';
import { ModuleScopes } from './scopes.js';

/** Paths of the tables and the norm; a missing entry means the family has no such part. */
export interface EmbeddingNames {
  readonly word: string;
  readonly position?: string;
  readonly tokenType?: string;
  readonly norm?: string;
}

export const embeddingNames = {
  /** BERT, ALBERT, ELECTRA, DistilBERT (no token types there: set `typeVocabSize` 0). */
  bert: { word: 'word_embeddings', position: 'position_embeddings', tokenType: 'token_type_embeddings', norm: 'LayerNorm' },
  gpt2: { word: 'wte', position: 'wpe' },
  'openai-gpt': { word: 'tokens_embed', position: 'positions_embed' },
} as const satisfies Record<string, EmbeddingNames>;

export interface TransformerEmbeddingsConfig {
  vocabSize: number;
  /** Width of the tables (ALBERT/ELECTRA `embedding_size`); the hidden size when there is no projection. */
  embeddingSize: number;
  maxPositionEmbeddings: number;
  /** 0 for none. */
  typeVocabSize?: number;
  /** `learned` tables, fixed `sinusoidal` ones (DistilBERT `sinusoidal_pos_embds`), or `none`. */
  positionEmbedding?: 'learned' | 'sinusoidal' | 'none';
  names: EmbeddingNames;
  /** Needed when `names.norm` is set. */
  layerNormEps?: number;
  dropout?: number;
  initializerRange?: number;
  /** The word table's `padding_idx` (BERT, ALBERT, ELECTRA, DistilBERT: `pad_token_id`): a zero row that lookups do not train. */
  padTokenId?: number;
  /**
   * Factorised embeddings: the embedding → hidden projection, registered by
   * the family where Hugging Face keeps it (ALBERT `encoder.embedding_hidden_mapping_in`,
   * ELECTRA `embeddings_project`).
   */
  projection?: Linear;
}

export interface EmbeddingsInputs {
  /** int32 `[batch, length]`. */
  inputIds: Tensor;
  /** int32 `[batch, length]`; default zeros. */
  tokenTypeIds?: Tensor;
  /** int32 `[batch, length]`; default `pastLength + 0..length-1` (use `positionIdsFromMask` for left padding). */
  positionIds?: Tensor;
  pastLength?: number;
}

/** A type alias so callers can return it from `tf.tidy`. */
export type EmbeddingsOutputs = {
  /** `[batch, length, embeddingSize]`, after norm and dropout, before any projection (HF `embedding_output`). */
  embeddingOutput: Tensor;
  /** `[batch, length, hidden]`: the projection of `embeddingOutput`, or it unchanged. */
  output: Tensor;
};

/** `[numPositions, size]`: sin on even columns, cos on odd ones, at frequency 10000^(−2⌊j/2⌋/size). */
export function sinusoidalPositions(numPositions: number, size: number): Tensor {
  const table = new Float32Array(numPositions * size);
  for (let position = 0; position < numPositions; position++) {
    for (let column = 0; column < size; column++) {
      const angle = position / Math.pow(10000, (2 * Math.floor(column / 2)) / size);
      table[position * size + column] = column % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tf.tensor2d(table, [numPositions, size]);
}

/** Token + position + token-type embeddings, an optional LayerNorm and dropout, an optional projection. */
export class TransformerEmbeddings extends Module {
  readonly word: Embedding;
  readonly position: Embedding | undefined;
  readonly tokenType: Embedding | undefined;
  readonly norm: LayerNorm | undefined;
  private readonly dropout: Dropout;

  constructor(readonly config: Readonly<TransformerEmbeddingsConfig>, rng: Rng) {
    super();
    const { names, embeddingSize, positionEmbedding = 'learned', typeVocabSize = 0 } = config;
    const scopes = new ModuleScopes(this);
    const weightInit = init.normal(config.initializerRange ?? 0.02);
    this.word = scopes.add(names.word, new Embedding(config.vocabSize, embeddingSize, rng, { weightInit, paddingIdx: config.padTokenId }));
    this.position = positionEmbedding === 'none' ? undefined : scopes.add(required(names.position, 'names.position'), new Embedding(config.maxPositionEmbeddings, embeddingSize, rng, { weightInit }));
    if (positionEmbedding === 'sinusoidal') {
      const table = sinusoidalPositions(config.maxPositionEmbeddings, embeddingSize);
      this.position!.weight.assign(table);
      table.dispose();
    }
    this.tokenType = typeVocabSize > 0 ? scopes.add(required(names.tokenType, 'names.tokenType'), new Embedding(typeVocabSize, embeddingSize, rng, { weightInit })) : undefined;
    this.norm = names.norm === undefined ? undefined : scopes.add(names.norm, new LayerNorm(embeddingSize, required(config.layerNormEps, 'layerNormEps'), rng));
    this.dropout = this.child('embeddings_dropout', new Dropout(config.dropout ?? 0));
  }

  forward({ inputIds, tokenTypeIds, positionIds, pastLength = 0 }: EmbeddingsInputs, options: ForwardOptions = {}): EmbeddingsOutputs {
    const [batch, length] = inputIds.shape as [number, number];
    if (this.position && pastLength + length > this.config.maxPositionEmbeddings && !positionIds) {
      throw new Error(`TransformerEmbeddings: ${pastLength + length} positions exceed maxPositionEmbeddings ${this.config.maxPositionEmbeddings}`);
    }
    return tf.tidy(() => {
      let sum = this.word.forward(inputIds); // [B, T, E]
      if (this.position) {
        const positions = positionIds ?? tf.tile(tf.expandDims(tf.range(pastLength, pastLength + length, 1, 'int32'), 0), [batch, 1]);
        sum = tf.add(sum, this.position.forward(positions));
      }
      if (this.tokenType) sum = tf.add(sum, this.tokenType.forward(tokenTypeIds ?? tf.zeros([batch, length], 'int32')));
      const embeddingOutput = this.dropout.forward(this.norm ? this.norm.forward(sum) : sum, options);
      const output = this.config.projection ? this.config.projection.forward(embeddingOutput) : embeddingOutput;
      return { embeddingOutput, output };
    });
  }
}

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new Error(`TransformerEmbeddings: ${field} is required by this configuration`);
  return value;
}
