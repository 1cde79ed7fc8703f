import { init, tf, type Rng, type Tensor } from '@pretrain/core';
import { ClassifierHead, Linear, ModuleScopes, forwardChoices, withTaskLoss, type TaskLabels } from '@pretrain/blocks';
import { numLabels, type DistilBertConfig } from './config.js';
import { DistilBertWithHead } from './heads.js';
import type { DistilBertForwardOptions, DistilBertInputs, DistilBertModelOutputs } from './model.js';

export interface DistilBertLogitsOutputs extends DistilBertModelOutputs {
  logits: Tensor;
  /** Present when labels were given, as Hugging Face's forward returns it. */
  loss?: Tensor;
}

/** Inputs of the task heads: the encoder's, plus the labels whose loss the head then returns. */
export type DistilBertTaskInputs = DistilBertInputs & TaskLabels;

export interface DistilBertQuestionAnsweringOutputs extends DistilBertModelOutputs {
  /** `[B, L]`. */
  startLogits: Tensor;
  endLogits: Tensor;
  /** Present when start and end positions were given. */
  loss?: Tensor;
}

/** `[B, L, H]` → `[B, H]`: the [CLS] row. */
function firstToken(hidden: Tensor): Tensor {
  return tf.squeeze(tf.slice(hidden, [0, 0, 0], [-1, 1, -1]), [1]);
}

/** `classifier(dropout(relu(pre_classifier(h[:, 0]))))`, Hugging Face's sequence head (also its multiple-choice head with 1 output). */
export class PreClassifiedHead {
  readonly preClassifier: Linear;
  readonly classifier: ClassifierHead;

  constructor(config: DistilBertConfig, outputs: number, rng: Rng, scopes: ModuleScopes) {
    this.preClassifier = scopes.add('pre_classifier', new Linear(config.dim, config.dim, rng, { weightInit: init.normal(config.initializerRange) }));
    this.classifier = new ClassifierHead({ hiddenSize: config.dim, numLabels: outputs, dropout: config.seqClassifDropout, initializerRange: config.initializerRange }, rng, scopes);
  }

  /** `hidden [B, L, dim]` → `[B, outputs]`. */
  forward(hidden: Tensor, options: DistilBertForwardOptions): Tensor {
    return tf.tidy(() => this.classifier.forward(tf.relu(this.preClassifier.forward(firstToken(hidden))), options));
  }
}

/** Hugging Face's `DistilBertForSequenceClassification` → `[B, numLabels]`. */
export class DistilBertForSequenceClassification extends DistilBertWithHead {
  readonly head: PreClassifiedHead;

  constructor(config: DistilBertConfig, rng: Rng) {
    super(config, rng);
    this.head = new PreClassifiedHead(config, numLabels(config), rng, new ModuleScopes(this));
  }

  forward(inputs: DistilBertTaskInputs, options: DistilBertForwardOptions = {}): DistilBertLogitsOutputs {
    const base = this.base(inputs, options);
    return withTaskLoss('sequence-classification', { ...base, logits: this.head.forward(base.lastHiddenState, options) }, inputs, this.config.problemType);
  }
}

/** `classifier(dropout(h))` per token → `[B, L, numLabels]` (dropout = `dropout`). */
export class DistilBertForTokenClassification extends DistilBertWithHead {
  readonly classifier: ClassifierHead;

  constructor(config: DistilBertConfig, rng: Rng) {
    super(config, rng);
    this.classifier = new ClassifierHead({ hiddenSize: config.dim, numLabels: numLabels(config), dropout: config.dropout, initializerRange: config.initializerRange }, rng, new ModuleScopes(this));
  }

  forward(inputs: DistilBertTaskInputs, options: DistilBertForwardOptions = {}): DistilBertLogitsOutputs {
    const base = this.base(inputs, options);
    return withTaskLoss('token-classification', { ...base, logits: this.classifier.forward(base.lastHiddenState, options) }, inputs);
  }
}

/** Span extraction: `qa_outputs(dropout(h))` (dropout = `qa_dropout`) → start and end logits. */
export class DistilBertForQuestionAnswering extends DistilBertWithHead {
  readonly qaOutputs: ClassifierHead;

  constructor(config: DistilBertConfig, rng: Rng) {
    super(config, rng);
    this.qaOutputs = new ClassifierHead({ hiddenSize: config.dim, numLabels: 2, name: 'qa_outputs', dropout: config.qaDropout, initializerRange: config.initializerRange }, rng, new ModuleScopes(this));
  }

  forward(inputs: DistilBertTaskInputs, options: DistilBertForwardOptions = {}): DistilBertQuestionAnsweringOutputs {
    const base = this.base(inputs, options);
    const spans = tf.tidy(() => {
      const [start, end] = tf.split(this.qaOutputs.forward(base.lastHiddenState, options), 2, -1) as [Tensor, Tensor]; // [B, L, 2] -> 2 × [B, L, 1]
      return { startLogits: tf.squeeze(start, [-1]), endLogits: tf.squeeze(end, [-1]) };
    });
    return withTaskLoss('question-answering', { ...base, ...spans }, inputs);
  }
}

/** Multiple choice: inputs `[B, C, L]` run as `[B·C, L]`; one score per choice → `[B, C]`. */
export class DistilBertForMultipleChoice extends DistilBertWithHead {
  readonly head: PreClassifiedHead;

  constructor(config: DistilBertConfig, rng: Rng) {
    super(config, rng);
    this.head = new PreClassifiedHead(config, 1, rng, new ModuleScopes(this));
  }

  forward(inputs: DistilBertTaskInputs, options: DistilBertForwardOptions = {}): DistilBertLogitsOutputs {
    const scored = (base: DistilBertModelOutputs) => this.head.forward(base.lastHiddenState, options);
    return forwardChoices('DistilBertForMultipleChoice', inputs, (rows) => this.base(rows, options), scored);
  }
}
