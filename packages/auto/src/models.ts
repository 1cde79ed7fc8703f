import { loadAlbert, type AlbertArchitecture, type AnyAlbertModel } from '@pretrain/albert';
import { loadBert, type AnyBertModel, type BertArchitecture } from '@pretrain/bert';
import { httpSource, readConfig, type FileSource, type Module, type Rng } from '@pretrain/core';
import { loadDistilBert, type AnyDistilBertModel, type DistilBertArchitecture } from '@pretrain/distilbert';
import { loadElectra, type AnyElectraModel, type ElectraArchitecture } from '@pretrain/electra';
import { loadGPT, type AnyGPTModel, type GPTArchitecture } from '@pretrain/gpt';
import { architectureFamilies, taskArchitectures, type AutoTask, type FamilyName } from './table.js';

export { architectureFamilies, isCausalLM, taskArchitectures, type AutoTask, type FamilyName } from './table.js';

/** Any class the Auto table can build. */
export type AnyAutoModel = AnyBertModel | AnyAlbertModel | AnyElectraModel | AnyDistilBertModel | AnyGPTModel;

/** What a model was loaded as. */
export interface LoadedModel<M extends Module = AnyAutoModel> {
  model: M;
  architecture: string;
  modelType: string;
  config: Record<string, unknown>;
  source: FileSource;
}

export interface LoadOptions {
  /** Initialises the weights the checkpoint lacks (a new task head); default: each family's fixed seed. */
  rng?: Rng;
}

type Loader = (source: FileSource, architecture: string, options: LoadOptions) => Promise<Module>;

/** Each family's checkpoint loader, by the family `architectureFamilies` names. */
export const familyLoaders: Readonly<Record<FamilyName, Loader>> = {
  bert: async (source, architecture, { rng }) => (await loadBert(source, { architecture: architecture as BertArchitecture, rng })).model,
  albert: async (source, architecture, { rng }) => (await loadAlbert(source, { architecture: architecture as AlbertArchitecture, rng })).model,
  electra: async (source, architecture, { rng }) => (await loadElectra(source, { architecture: architecture as ElectraArchitecture, rng })).model,
  distilbert: async (source, architecture, { rng }) => (await loadDistilBert(source, { architecture: architecture as DistilBertArchitecture, rng })).model,
  gpt: async (source, architecture, { rng }) => (await loadGPT(source, { architecture: architecture as GPTArchitecture, rng })).model,
};

/** Hugging Face `architectures` names → their loader: the table of `./table.js` over `familyLoaders`. */
export const architectureLoaders: Readonly<Record<string, Loader>> = Object.fromEntries(
  Object.entries(architectureFamilies).map(([architecture, family]) => [architecture, familyLoaders[family]]),
);

export class AutoModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AutoModelError';
  }
}

/** A `FileSource`, or a string: a base URL in the main entry; `@pretrain/auto/node` also takes directories. */
export type Source = FileSource | string;

/** How a string names a source: the main entry reads base URLs, the Node entry directories too. */
export type StringSource = (source: string) => FileSource;

export const urlSource: StringSource = (source) => httpSource(source);

/** The class for `task`: from `model_type`, or the config's own `architectures` entry for `base`-less families. */
function chooseArchitecture(config: Record<string, unknown>, task: AutoTask | 'auto', where: string): string {
  const modelType = typeof config.model_type === 'string' ? config.model_type : undefined;
  const declared = Array.isArray(config.architectures) && typeof config.architectures[0] === 'string' ? (config.architectures[0] as string) : undefined;
  if (task === 'auto') {
    if (declared && architectureLoaders[declared]) return declared;
    const fallback = modelType ? taskArchitectures[modelType]?.base : undefined;
    if (fallback) return fallback;
    throw new AutoModelError(`${where}: architecture ${declared ?? '(none)'} / model_type ${modelType ?? '(none)'} is not supported (known: ${Object.keys(architectureLoaders).join(', ')})`);
  }
  const family = modelType ?? Object.keys(taskArchitectures).find((type) => Object.values(taskArchitectures[type]!).includes(declared ?? ''));
  const chosen = family ? taskArchitectures[family]?.[task] : undefined;
  if (!chosen) throw new AutoModelError(`${where}: no ${task} class for model_type ${family ?? '(none)'} (supported: ${Object.entries(taskArchitectures).filter(([, tasks]) => tasks[task]).map(([type]) => type).join(', ') || 'none'})`);
  return chosen;
}

/** Loads the class for `task` from `source` (config.json + model.safetensors). */
export async function loadForTask(source: Source, task: AutoTask | 'auto', resolve: StringSource = urlSource, options: LoadOptions = {}): Promise<LoadedModel> {
  const files = typeof source === 'string' ? resolve(source) : source;
  const config = await readConfig(files);
  const architecture = chooseArchitecture(config, task, `${files.description}/config.json`);
  return loadArchitecture(files, architecture, config, options);
}

/** Loads `architecture` itself from `files` whose config.json was read as `config`. */
export async function loadArchitecture(files: FileSource, architecture: string, config: Record<string, unknown>, options: LoadOptions = {}): Promise<LoadedModel> {
  const loader = architectureLoaders[architecture];
  if (!loader) throw new AutoModelError(`${files.description}/config.json: architecture ${architecture} is not supported (known: ${Object.keys(architectureLoaders).join(', ')})`);
  const model = (await loader(files, architecture, options)) as AnyAutoModel;
  return { model, architecture, modelType: String(config.model_type ?? ''), config, source: files };
}

export interface AutoClass {
  fromPretrained(source: Source, options?: LoadOptions): Promise<LoadedModel>;
}

/** The Auto classes over a way of reading string sources. */
export function autoClasses(resolve: StringSource) {
  const autoClass = (task: AutoTask | 'auto'): AutoClass => ({ fromPretrained: (source, options) => loadForTask(source, task, resolve, options) });
  return {
    /** The class named by `architectures` (or the base model of `model_type`). */
    AutoModel: autoClass('auto'),
    AutoModelForMaskedLM: autoClass('MaskedLM'),
    AutoModelForCausalLM: autoClass('CausalLM'),
    AutoModelForPreTraining: autoClass('PreTraining'),
    AutoModelForSequenceClassification: autoClass('SequenceClassification'),
    AutoModelForTokenClassification: autoClass('TokenClassification'),
    AutoModelForQuestionAnswering: autoClass('QuestionAnswering'),
    AutoModelForMultipleChoice: autoClass('MultipleChoice'),
  };
}
