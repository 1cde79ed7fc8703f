import { tf, type Tensor } from '@pretrain/core';
import { mlmLoss } from '@pretrain/objective-mlm';
import { nspLoss } from '@pretrain/objective-nsp';
import type { AnyBertModel } from './checkpoint.js';
import type { BertForMaskedLM, BertForPreTraining } from './heads.js';
import { multipleChoiceLoss, pretrainingLoss, questionAnsweringLoss, sequenceClassificationLoss, tokenClassificationLoss } from './losses.js';
import type { BertModel, BertModelOutputs } from './model.js';
import type { BertArchitecture } from './presets.js';
import type { BertForMultipleChoice, BertForQuestionAnswering, BertForSequenceClassification, BertForTokenClassification } from './tasks.js';
import type { BertCliInputs } from './cli.js';

type Outputs = Record<string, Tensor | Tensor[]>;

/** Base outputs under Hugging Face's names. */
function baseOutputs(outputs: BertModelOutputs): Outputs {
  const named: Outputs = { last_hidden_state: outputs.lastHiddenState, hidden_states: outputs.hiddenStates!, attentions: outputs.attentions! };
  if (outputs.poolerOutput) named.pooler_output = outputs.poolerOutput;
  return named;
}

const int32 = (values: number[] | number[][]) => tf.tensor(values, undefined, 'int32');

/** Sequence labels: integers for classification, floats for regression or multi-label targets (as Hugging Face infers from the dtype). */
function sequenceLabels(values: number[] | number[][], numberOfLabels: number): Tensor {
  const integers = values.flat().every((value) => Number.isInteger(value));
  return integers && numberOfLabels > 1 ? int32(values) : tf.tensor(values, undefined, 'float32');
}

/**
 * Runs `model` with every output on and adds the losses Hugging Face's forward
 * would return for the labels present. Runs inside the caller's tidy.
 */
export function forwardWithLosses(model: AnyBertModel, architecture: BertArchitecture, tensors: Record<string, Tensor>, inputs: BertCliInputs): Outputs {
  const options = { outputHiddenStates: true, outputAttentions: true };
  const batch = { inputIds: tensors.inputIds!, attentionMask: tensors.attentionMask, tokenTypeIds: tensors.tokenTypeIds, positionIds: tensors.positionIds };
  switch (architecture) {
    case 'BertModel':
      return baseOutputs((model as BertModel).forward(batch, options));
    case 'BertForPreTraining': {
      const outputs = (model as BertForPreTraining).forward(batch, options);
      const named: Outputs = { ...baseOutputs(outputs), prediction_logits: outputs.predictionLogits, seq_relationship_logits: outputs.seqRelationshipLogits };
      if (inputs.labels && inputs.next_sentence_label) {
        const losses = pretrainingLoss(outputs.predictionLogits, outputs.seqRelationshipLogits, int32(inputs.labels), int32(inputs.next_sentence_label));
        Object.assign(named, { loss: losses.loss, mlm_loss: losses.mlmLoss, nsp_loss: losses.nspLoss });
      } else if (inputs.labels) named.mlm_loss = mlmLoss(outputs.predictionLogits, int32(inputs.labels));
      else if (inputs.next_sentence_label) named.nsp_loss = nspLoss(outputs.seqRelationshipLogits, int32(inputs.next_sentence_label));
      return named;
    }
    case 'BertForMaskedLM': {
      const outputs = (model as BertForMaskedLM).forward(batch, options);
      return { ...baseOutputs(outputs), logits: outputs.logits, ...(inputs.labels ? { loss: mlmLoss(outputs.logits, int32(inputs.labels)) } : {}) };
    }
    case 'BertForSequenceClassification': {
      const classifier = model as BertForSequenceClassification;
      const outputs = classifier.forward(batch, options);
      const loss = inputs.labels ? sequenceClassificationLoss(outputs.logits, sequenceLabels(inputs.labels, outputs.logits.shape[1]!), classifier.config.problemType) : undefined;
      return { ...baseOutputs(outputs), logits: outputs.logits, ...(loss ? { loss } : {}) };
    }
    case 'BertForTokenClassification': {
      const outputs = (model as BertForTokenClassification).forward(batch, options);
      return { ...baseOutputs(outputs), logits: outputs.logits, ...(inputs.labels ? { loss: tokenClassificationLoss(outputs.logits, int32(inputs.labels)) } : {}) };
    }
    case 'BertForQuestionAnswering': {
      const outputs = (model as BertForQuestionAnswering).forward(batch, options);
      const named: Outputs = { ...baseOutputs(outputs), start_logits: outputs.startLogits, end_logits: outputs.endLogits };
      if (inputs.start_positions && inputs.end_positions) named.loss = questionAnsweringLoss(outputs.startLogits, outputs.endLogits, int32(inputs.start_positions), int32(inputs.end_positions));
      return named;
    }
    case 'BertForMultipleChoice': {
      if (batch.inputIds.rank !== 3) throw new Error('BertForMultipleChoice: input_ids must be [batch, choices, length]');
      const outputs = (model as BertForMultipleChoice).forward(batch, options);
      return { ...baseOutputs(outputs), logits: outputs.logits, ...(inputs.labels ? { loss: multipleChoiceLoss(outputs.logits, int32(inputs.labels)) } : {}) };
    }
  }
}
