// The one dispatch table of Hugging Face class names: `AutoModel*`, `pipeline()` and the CLI's
// `pretrain forward`/`info`/`generate` all read it. Plain data, no tensor library: the CLI imports
// it at start-up (`@pretrain/auto/table`) and loads a family only when a command needs it.

/** The `@pretrain/*` package that implements a class. */
export type FamilyName = 'bert' | 'albert' | 'electra' | 'distilbert' | 'gpt';

const family = (name: FamilyName, classes: string[]) => Object.fromEntries(classes.map((architecture) => [architecture, name]));
const encoderHeads = (prefix: string) =>
  ['Model', 'ForPreTraining', 'ForMaskedLM', 'ForSequenceClassification', 'ForTokenClassification', 'ForQuestionAnswering', 'ForMultipleChoice'].map((head) => `${prefix}${head}`);

/** Hugging Face `architectures` names → the family that implements them. */
export const architectureFamilies: Readonly<Record<string, FamilyName>> = {
  ...family('bert', encoderHeads('Bert')),
  ...family('albert', encoderHeads('Albert')),
  ...family('electra', encoderHeads('Electra')),
  ...family('distilbert', encoderHeads('DistilBert').filter((name) => name !== 'DistilBertForPreTraining')),
  ...family('gpt', ['GPT2Model', 'GPT2LMHeadModel', 'GPT2DoubleHeadsModel', 'GPT2ForSequenceClassification', 'OpenAIGPTModel', 'OpenAIGPTLMHeadModel', 'OpenAIGPTDoubleHeadsModel', 'OpenAIGPTForSequenceClassification']),
};

export type AutoTask = 'base' | 'MaskedLM' | 'CausalLM' | 'PreTraining' | 'SequenceClassification' | 'TokenClassification' | 'QuestionAnswering' | 'MultipleChoice';

const encoderTasks = (prefix: string): Partial<Record<AutoTask, string>> => ({
  base: `${prefix}Model`, MaskedLM: `${prefix}ForMaskedLM`, PreTraining: `${prefix}ForPreTraining`, SequenceClassification: `${prefix}ForSequenceClassification`,
  TokenClassification: `${prefix}ForTokenClassification`, QuestionAnswering: `${prefix}ForQuestionAnswering`, MultipleChoice: `${prefix}ForMultipleChoice`,
});

/** `model_type` × task → the class, as transformers' `MODEL_FOR_*_MAPPING`. */
export const taskArchitectures: Readonly<Record<string, Partial<Record<AutoTask, string>>>> = {
  bert: encoderTasks('Bert'),
  albert: encoderTasks('Albert'),
  // transformers maps ELECTRA's pretraining class to the discriminator (replaced-token detection).
  electra: encoderTasks('Electra'),
  distilbert: { ...encoderTasks('DistilBert'), PreTraining: 'DistilBertForMaskedLM' },
  gpt2: { base: 'GPT2Model', CausalLM: 'GPT2LMHeadModel', PreTraining: 'GPT2LMHeadModel', SequenceClassification: 'GPT2ForSequenceClassification' },
  'openai-gpt': { base: 'OpenAIGPTModel', CausalLM: 'OpenAIGPTLMHeadModel', PreTraining: 'OpenAIGPTLMHeadModel', SequenceClassification: 'OpenAIGPTForSequenceClassification' },
};

/** The causal language models: what `pretrain generate` and the text-generation pipeline decode with. */
export function isCausalLM(architecture: string): boolean {
  return architectureFamilies[architecture] === 'gpt' && /(LMHead|DoubleHeads)Model$/.test(architecture);
}
