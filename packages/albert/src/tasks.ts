import type { Rng, Tensor } from '@pretrain/core';
import { ClassifierHead, ModuleScopes, MultipleChoiceHead, SpanHead, forwardChoices, withTaskLoss, type TaskLabels } from '@pretrain/blocks';
import { classifierDropout, numLabels, type AlbertConfig } from './config.js';
import { AlbertWithHead } from './heads.js';
import type { AlbertForwardOptions, AlbertInputs, AlbertModelOutputs } from './model.js';

export type AlbertLogitsOutputs = AlbertModelOutputs & {
  logits: Tensor;
  /** Present when labels were given, as Hugging Face's forward returns it. */
  loss?: Tensor;
};

/** Inputs of the task heads: the encoder's, plus the labels whose loss the head then returns. */
export type AlbertTaskInputs = AlbertInputs & TaskLabels;

/** `classifier(dropout(pooler_output))` → `[B, numLabels]` (dropout `classifier_dropout_prob`). */
export class AlbertForSequenceClassification extends AlbertWithHead {
  readonly classifier: ClassifierHead;

  constructor(config: AlbertConfig, rng: Rng) {
    super(config, rng, true);
    this.classifier = new ClassifierHead(
      { hiddenSize: config.hiddenSize, numLabels: numLabels(config), dropout: config.classifierDropoutProb ?? 0, initializerRange: config.initializerRange },
      rng,
      new ModuleScopes(this),
    );
  }

  forward(inputs: AlbertTaskInputs, options: AlbertForwardOptions = {}): AlbertLogitsOutputs {
    const base = this.base(inputs, options);
    return withTaskLoss('sequence-classification', { ...base, logits: this.classifier.forward(base.poolerOutput!, options) }, inputs, this.config.problemType);
  }
}

/** `classifier(dropout(h))` per token → `[B, L, numLabels]` (no pooler; dropout `classifier_dropout_prob ?? hidden_dropout_prob`). */
export class AlbertForTokenClassification extends AlbertWithHead {
  readonly classifier: ClassifierHead;

  constructor(config: AlbertConfig, rng: Rng) {
    super(config, rng, false);
    this.classifier = new ClassifierHead(
      { hiddenSize: config.hiddenSize, numLabels: numLabels(config), dropout: classifierDropout(config), initializerRange: config.initializerRange },
      rng,
      new ModuleScopes(this),
    );
  }

  forward(inputs: AlbertTaskInputs, options: AlbertForwardOptions = {}): AlbertLogitsOutputs {
    const base = this.base(inputs, options);
    return withTaskLoss('token-classification', { ...base, logits: this.classifier.forward(base.lastHiddenState, options) }, inputs);
  }
}

export type AlbertQuestionAnsweringOutputs = AlbertModelOutputs & {
  /** `[B, L]`. */
  startLogits: Tensor;
  endLogits: Tensor;
  /** Present when start and end positions were given. */
  loss?: Tensor;
};

/** Span extraction: `qa_outputs` → start and end logits (no pooler). */
export class AlbertForQuestionAnswering extends AlbertWithHead {
  readonly qaOutputs: SpanHead;

  constructor(config: AlbertConfig, rng: Rng) {
    super(config, rng, false);
    this.qaOutputs = new SpanHead(config.hiddenSize, rng, new ModuleScopes(this), { initializerRange: config.initializerRange });
  }

  forward(inputs: AlbertTaskInputs, options: AlbertForwardOptions = {}): AlbertQuestionAnsweringOutputs {
    const base = this.base(inputs, options);
    return withTaskLoss('question-answering', { ...base, ...this.qaOutputs.forward(base.lastHiddenState) }, inputs);
  }
}

/** Multiple choice: inputs `[B, C, L]` run as `[B·C, L]`; one score per pooled choice → logits `[B, C]`. */
export class AlbertForMultipleChoice extends AlbertWithHead {
  readonly classifier: MultipleChoiceHead;

  constructor(config: AlbertConfig, rng: Rng) {
    super(config, rng, true);
    this.classifier = new MultipleChoiceHead(config.hiddenSize, rng, new ModuleScopes(this), { dropout: config.classifierDropoutProb ?? 0, initializerRange: config.initializerRange });
  }

  forward(inputs: AlbertTaskInputs, options: AlbertForwardOptions = {}): AlbertLogitsOutputs {
    const pooled = (base: AlbertModelOutputs, numChoices: number) => this.classifier.forward(base.poolerOutput!, numChoices, options);
    return forwardChoices('AlbertForMultipleChoice', inputs, (rows) => this.base(rows, options), pooled);
  }
}
