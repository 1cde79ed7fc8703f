/** The package name, as published. */
export const name = '@pretrain/auto';

import { autoClasses, urlSource, type Source } from './models.js';
import { createPipeline, type Pipeline, type PipelineTask } from './pipelines.js';

export {
  architectureFamilies, architectureLoaders, autoClasses, AutoModelError, familyLoaders, isCausalLM, loadArchitecture, loadForTask, taskArchitectures, urlSource,
  type AnyAutoModel, type AutoClass, type AutoTask, type FamilyName, type LoadedModel, type LoadOptions, type Source, type StringSource,
} from './models.js';
export { createPipeline, type AnswerResult, type ClassificationResult, type FillMaskResult, type Pipeline, type PipelineTask, type TokenResult } from './pipelines.js';
export { loadSourceTokenizer } from './tokenizer.js';

/** Sources are `FileSource`s or base URLs (`https://huggingface.co/bert-base-uncased/resolve/main/`). */
export const {
  AutoModel,
  AutoModelForMaskedLM,
  AutoModelForCausalLM,
  AutoModelForPreTraining,
  AutoModelForSequenceClassification,
  AutoModelForTokenClassification,
  AutoModelForQuestionAnswering,
  AutoModelForMultipleChoice,
} = autoClasses(urlSource);

export function pipeline<T extends PipelineTask>(task: T, source: Source): Promise<Pipeline<T>> {
  return createPipeline(task, source, urlSource);
}
