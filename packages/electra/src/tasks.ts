import { init, tf, type Rng, type Tensor } from '@pretrain/core';
import { activation, ClassifierHead, Dropout, Linear, ModuleScopes, SequenceSummary, SpanHead, forwardChoices, withTaskLoss, type TaskLabels } from '@pretrain/blocks';
import { classifierDropout, numLabels, type ElectraConfig } from './config.js';
import { ElectraWithHead } from './heads.js';
import type { ElectraForwardOptions, ElectraInputs, ElectraModelOutputs } from './model.js';

export type ElectraLogitsOutputs = ElectraModelOutputs & {
  logits: Tensor;
  /** Present when labels were given, as Hugging Face's forward returns it. */
  loss?: Tensor;
};

/** Inputs of the task heads: the encoder's, plus the labels whose loss the head then returns. */
export type ElectraTaskInputs = ElectraInputs & TaskLabels;

/** `classifier`: `out_proj(dropout(gelu(dense(dropout(h[:, 0])))))` → `[B, numLabels]` (Hugging Face's `ElectraClassificationHead`). */
export class ElectraForSequenceClassification extends ElectraWithHead {
  readonly dense: Linear;
  readonly outProj: Linear;
  private readonly dropout: Dropout;

  constructor(config: ElectraConfig, rng: Rng) {
    super(config, rng);
    const scopes = new ModuleScopes(this);
    const weightInit = init.normal(config.initializerRange);
    this.dense = scopes.add('classifier.dense', new Linear(config.hiddenSize, config.hiddenSize, rng, { weightInit }));
    this.outProj = scopes.add('classifier.out_proj', new Linear(config.hiddenSize, numLabels(config), rng, { weightInit }));
    this.dropout = scopes.add('classifier.dropout', new Dropout(classifierDropout(config)));
  }

  forward(inputs: ElectraTaskInputs, options: ElectraForwardOptions = {}): ElectraLogitsOutputs {
    const base = this.base(inputs, options);
    const logits = tf.tidy(() => {
      const first = tf.squeeze(tf.slice(base.lastHiddenState, [0, 0, 0], [-1, 1, -1]), [1]); // [B, H]
      const hidden = activation('gelu')(this.dense.forward(this.dropout.forward(first, options)));
      return this.outProj.forward(this.dropout.forward(hidden, options));
    });
    return withTaskLoss('sequence-classification', { ...base, logits }, inputs, this.config.problemType);
  }
}

/** `classifier(dropout(h))` per token → `[B, L, numLabels]`. */
export class ElectraForTokenClassification extends ElectraWithHead {
  readonly classifier: ClassifierHead;

  constructor(config: ElectraConfig, rng: Rng) {
    super(config, rng);
    this.classifier = new ClassifierHead(
      { hiddenSize: config.hiddenSize, numLabels: numLabels(config), dropout: classifierDropout(config), initializerRange: config.initializerRange },
      rng,
      new ModuleScopes(this),
    );
  }

  forward(inputs: ElectraTaskInputs, options: ElectraForwardOptions = {}): ElectraLogitsOutputs {
    const base = this.base(inputs, options);
    return withTaskLoss('token-classification', { ...base, logits: this.classifier.forward(base.lastHiddenState, options) }, inputs);
  }
}

export type ElectraQuestionAnsweringOutputs = ElectraModelOutputs & {
  /** `[B, L]`. */
  startLogits: Tensor;
  endLogits: Tensor;
  /** Present when start and end positions were given. */
  loss?: Tensor;
};

/** Span extraction: `qa_outputs` → start and end logits. */
export class ElectraForQuestionAnswering extends ElectraWithHead {
  readonly qaOutputs: SpanHead;

  constructor(config: ElectraConfig, rng: Rng) {
    super(config, rng);
    this.qaOutputs = new SpanHead(config.hiddenSize, rng, new ModuleScopes(this), { initializerRange: config.initializerRange });
  }

  forward(inputs: ElectraTaskInputs, options: ElectraForwardOptions = {}): ElectraQuestionAnsweringOutputs {
    const base = this.base(inputs, options);
    return withTaskLoss('question-answering', { ...base, ...this.qaOutputs.forward(base.lastHiddenState) }, inputs);
  }
}

/** Multiple choice: `[B, C, L]` run as `[B·C, L]`; `sequence_summary` (summary_type, proj, activation) then `classifier` → `[B, C]`. */
export class ElectraForMultipleChoice extends ElectraWithHead {
  readonly sequenceSummary: SequenceSummary;
  readonly classifier: Linear;

  constructor(config: ElectraConfig, rng: Rng) {
    super(config, rng);
    this.sequenceSummary = this.child(
      'sequence_summary',
      new SequenceSummary(
        {
          hiddenSize: config.hiddenSize, summaryType: config.summaryType, summaryUseProj: config.summaryUseProj, summaryProjToLabels: false,
          summaryActivation: config.summaryActivation, summaryLastDropout: config.summaryLastDropout, initializerRange: config.initializerRange,
        },
        rng,
      ),
    );
    this.classifier = this.child('classifier', new Linear(config.hiddenSize, 1, rng, { weightInit: init.normal(config.initializerRange) }));
  }

  forward(inputs: ElectraTaskInputs, options: ElectraForwardOptions = {}): ElectraLogitsOutputs {
    const summarised = (base: ElectraModelOutputs) => this.classifier.forward(this.sequenceSummary.forward(base.lastHiddenState, options));
    return forwardChoices('ElectraForMultipleChoice', inputs, (rows) => this.base(rows, options), summarised);
  }
}
