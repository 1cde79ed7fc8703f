import { Module, Parameter, embedding, init, tf, type Initializer, type Rng, type Tensor } from '@pretrain/core';

export interface EmbeddingOptions {
  /** Initialiser of the table (and of rows added by `resize`); default N(0, 0.02). */
  weightInit?: Initializer;
  /**
   * PyTorch's `nn.Embedding(padding_idx=…)` (BERT-style word tables use `pad_token_id`):
   * the row starts at zero and lookups of this id pass it no gradient. A tied
   * head that reads `weight` still updates it, as in PyTorch.
   */
  paddingIdx?: number;
}

/** Where `keep` (bool, broadcast over the last axis) is false: exact zeros (`mul` by 0 would leave −0). */
function zeroWhere(keep: Tensor, values: Tensor): Tensor {
  return tf.where(tf.broadcastTo(keep, values.shape), values, tf.zerosLike(values));
}

/** `[..., size]` lookups whose gradient is dropped at positions where `keep` `[..., 1]` (bool) is false. */
const maskLookupGradient = tf.customGrad((...args: Array<Tensor | tf.GradSaveFunc>) => {
  const [looked, keep, save] = args as [Tensor, Tensor, tf.GradSaveFunc];
  save([keep]);
  return { value: tf.clone(looked), gradFunc: (dy: Tensor | Tensor[], [saved]: Tensor[]) => [zeroWhere(saved!, dy as Tensor), tf.zerosLike(saved!)] };
}) as (looked: Tensor, keep: Tensor) => Tensor;

/**
 * A lookup table `weight: [numEmbeddings, embeddingSize]` (Hugging Face layout).
 * A tied head reads `embedding.weight` at call time, so it follows `resize`.
 */
export class Embedding extends Module {
  private table: Parameter;
  private readonly weightInit: Initializer;
  readonly paddingIdx: number | undefined;

  constructor(readonly numEmbeddings: number, readonly embeddingSize: number, rng: Rng, { weightInit = init.normal(0.02), paddingIdx }: EmbeddingOptions = {}) {
    super();
    if (!Number.isInteger(numEmbeddings) || numEmbeddings < 1) throw new RangeError(`Embedding: numEmbeddings must be a positive integer, got ${numEmbeddings}`);
    if (paddingIdx !== undefined && !(Number.isInteger(paddingIdx) && paddingIdx >= 0 && paddingIdx < numEmbeddings)) {
      throw new RangeError(`Embedding: paddingIdx must be an integer in [0, ${numEmbeddings}), got ${paddingIdx}`);
    }
    this.weightInit = weightInit;
    this.paddingIdx = paddingIdx;
    this.table = this.param('weight', [numEmbeddings, embeddingSize], weightInit, rng);
    if (paddingIdx !== undefined) this.zeroRow(paddingIdx);
  }

  private zeroRow(row: number): void {
    const zeroed = tf.tidy(() => {
      const keep = tf.expandDims(tf.notEqual(tf.range(0, this.numEmbeddings, 1, 'int32'), row), 1); // [vocab, 1]
      return zeroWhere(keep, this.table.value);
    });
    this.table.assign(zeroed);
    zeroed.dispose();
  }

  get weight(): Parameter {
    return this.table;
  }

  /** int32 ids `[...]` → `[..., embeddingSize]`. */
  forward(ids: Tensor): Tensor {
    const { paddingIdx } = this;
    if (paddingIdx === undefined) return embedding(this.table, ids);
    return tf.tidy(() => maskLookupGradient(embedding(this.table, ids), tf.expandDims(tf.notEqual(ids, paddingIdx), -1)));
  }

  /**
   * Changes the number of rows (GPT-1 transfer adds special tokens): the first
   * `min(old, new)` rows are kept, new rows drawn from the initialiser. The
   * parameter object is replaced (a variable cannot change shape); modules
   * that read `embedding.weight` when they run follow it.
   */
  resize(numEmbeddings: number, rng: Rng): void {
    if (!Number.isInteger(numEmbeddings) || numEmbeddings < 1) throw new RangeError(`Embedding.resize: numEmbeddings must be a positive integer, got ${numEmbeddings}`);
    if (this.paddingIdx !== undefined && this.paddingIdx >= numEmbeddings) throw new RangeError(`Embedding.resize: ${numEmbeddings} rows would drop paddingIdx ${this.paddingIdx}`);
    const old = this.table;
    const kept = Math.min(numEmbeddings, old.shape[0]!);
    const value = tf.tidy(() => {
      const head = tf.slice(old.value, [0, 0], [kept, this.embeddingSize]);
      if (kept === numEmbeddings) return head;
      const fresh = this.weightInit([numEmbeddings - kept, this.embeddingSize], rng);
      return tf.concat([head, fresh], 0);
    });
    const replacement = new Parameter(value, { trainable: old.trainable });
    value.dispose();
    this.replaceParameter('weight', replacement);
    this.table = replacement;
    (this as { numEmbeddings: number }).numEmbeddings = numEmbeddings;
    old.dispose();
  }
}
