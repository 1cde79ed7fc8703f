import { join } from 'node:path';
import { requiredString } from '../args.js';
import { type Command } from '../command.js';
import { CliError } from '../errors.js';
import { checkInputsForArchitecture, validateForwardInputs } from '../inputs.js';
import { readJsonFile, writeFileAtomic } from '../io.js';
import { architectures, type ArchitectureHandler } from '../registry.js';
import { unsupportedArchitecture } from './info.js';

/** Reads DIR/config.json and finds the handler for its first `architectures` entry. */
export async function loadArchitecture(modelDir: string): Promise<{ config: Record<string, unknown>; handler: ArchitectureHandler }> {
  const configPath = join(modelDir, 'config.json');
  const config = readJsonFile(configPath, 'model config');
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new CliError(`${configPath}: expected a JSON object`);
  const names = (config as Record<string, unknown>).architectures;
  const architecture = Array.isArray(names) ? names[0] : undefined;
  if (typeof architecture !== 'string') {
    throw new CliError(`${configPath}: field "architectures" is missing or empty`, 'Hugging Face writes it with save_pretrained, e.g. ["BertForPreTraining"]');
  }
  const load = architectures[architecture];
  if (!load) throw unsupportedArchitecture(architecture, configPath);
  return { config: config as Record<string, unknown>, handler: await load() };
}

export const forward: Command = {
  name: 'forward',
  summary: 'run a checkpoint on an inputs file and write every output as JSON',
  usage: 'pretrain forward --model DIR --inputs FILE.json --out FILE.json',
  options: {
    model: { type: 'string', valueName: 'DIR', description: 'Hugging Face checkpoint directory (config.json + model.safetensors)' },
    inputs: { type: 'string', valueName: 'FILE', description: 'JSON with input_ids ([batch, choices, length] for *ForMultipleChoice), attention_mask, token_type_ids, position_ids and optional labels' },
    out: { type: 'string', valueName: 'FILE', description: 'where to write the outputs (nested lists under Hugging Face names)' },
  },
  async run({ values, globals }) {
    const modelDir = requiredString(values, 'model', 'forward');
    const inputsPath = requiredString(values, 'inputs', 'forward');
    const outPath = requiredString(values, 'out', 'forward');
    const inputs = validateForwardInputs(readJsonFile(inputsPath, 'inputs file'), inputsPath);
    const { config, handler } = await loadArchitecture(modelDir);
    checkInputsForArchitecture(inputs, (config.architectures as string[])[0]!, inputsPath);
    const outputs = await handler.forward({ modelDir, config, inputs, backend: globals.backend, seed: globals.seed });
    writeFileAtomic(outPath, `${JSON.stringify(outputs)}\n`);
  },
};
