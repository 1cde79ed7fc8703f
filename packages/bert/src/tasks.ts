import type { Rng, Tensor } from '@pretrain/core';
import { ClassifierHead, forwardChoices, ModuleScopes, MultipleChoiceHead, SpanHead, withTaskLoss, type TaskLabels } from '@pretrain/blocks';
import { classifierDropout, numLabels, type BertConfig } from './config.js';
import { BertWithHead, type BertBaseOutputs } from './heads.js';
import type { BertForwardOptions, BertInputs } from './model.js';

export interface BertLogitsOutputs extends BertBaseOutputs {
  logits: Tensor;
  /** Present when labels were given, as Hugging Face's forward returns it. */
  loss?: Tensor;
}

/** Inputs of the task heads: the encoder's, plus the labels whose loss the head then returns. */
export type BertTaskInputs = BertInputs & TaskLabels;

/** `classifier(dropout(pooler_output))` → `[B, numLabels]`; single sentence or pair; classification or regression by `problem_type`. */
export class BertForSequenceClassification extends BertWithHead {
  readonly classifier: ClassifierHead;

  constructor(config: BertConfig, rng: Rng) {
    super(config, rng, true);
    this.classifier = new ClassifierHead({ hiddenSize: config.hiddenSize, numLabels: numLabels(config), dropout: classifierDropout(config), initializerRange: config.initializerRange }, rng, new ModuleScopes(this));
  }

  forward(inputs: BertTaskInputs, options: BertForwardOptions = {}): BertLogitsOutputs {
    const base = this.base(inputs, options);
    return withTaskLoss('sequence-classification', { ...base, logits: this.classifier.forward(base.poolerOutput!, options) }, inputs, this.config.problemType);
  }
}

/** `classifier(dropout(h))` per token → `[B, L, numLabels]` (no pooler). */
export class BertForTokenClassification extends BertWithHead {
  readonly classifier: ClassifierHead;

  constructor(config: BertConfig, rng: Rng) {
    super(config, rng, false);
    this.classifier = new ClassifierHead({ hiddenSize: config.hiddenSize, numLabels: numLabels(config), dropout: classifierDropout(config), initializerRange: config.initializerRange }, rng, new ModuleScopes(this));
  }

  forward(inputs: BertTaskInputs, options: BertForwardOptions = {}): BertLogitsOutputs {
    const base = this.base(inputs, options);
    return withTaskLoss('token-classification', { ...base, logits: this.classifier.forward(base.lastHiddenState, options) }, inputs);
  }
}

export interface BertQuestionAnsweringOutputs extends BertBaseOutputs {
  /** `[B, L]`. */
  startLogits: Tensor;
  endLogits: Tensor;
  /** Present when start and end positions were given. */
  loss?: Tensor;
}

/** Span extraction: `qa_outputs` → start and end logits (no pooler). */
export class BertForQuestionAnswering extends BertWithHead {
  readonly qaOutputs: SpanHead;

  constructor(config: BertConfig, rng: Rng) {
    super(config, rng, false);
    this.qaOutputs = new SpanHead(config.hiddenSize, rng, new ModuleScopes(this), { initializerRange: config.initializerRange });
  }

  forward(inputs: BertTaskInputs, options: BertForwardOptions = {}): BertQuestionAnsweringOutputs {
    const base = this.base(inputs, options);
    return withTaskLoss('question-answering', { ...base, ...this.qaOutputs.forward(base.lastHiddenState) }, inputs);
  }
}

/**
 * Multiple choice: inputs `[B, C, L]` run as `[B·C, L]`; one score per pooled
 * choice → logits `[B, C]`. The base outputs keep the `[B·C, …]` shape, as Hugging Face's.
 */
export class BertForMultipleChoice extends BertWithHead {
  readonly classifier: MultipleChoiceHead;

  constructor(config: BertConfig, rng: Rng) {
    super(config, rng, true);
    this.classifier = new MultipleChoiceHead(config.hiddenSize, rng, new ModuleScopes(this), { dropout: classifierDropout(config), initializerRange: config.initializerRange });
  }

  forward(inputs: BertTaskInputs, options: BertForwardOptions = {}): BertLogitsOutputs {
    const pooled = (base: BertBaseOutputs, numChoices: number) => this.classifier.forward(base.poolerOutput!, numChoices, options);
    return forwardChoices('BertForMultipleChoice', inputs, (rows) => this.base(rows, options), pooled);
  }
}
