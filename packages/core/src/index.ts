/** The package name, as published. */
export const name = '@pretrain/core';

export * from './tensor/tf.js';
export { registerGradients } from './tensor/register_gradients.js';

export type * from './interfaces.js';

export { Rng, type RngState } from './rng/rng.js';
export { Module, type LoadStateDictOptions, type LoadStateDictReport } from './module/module.js';
export { Parameter, type ParameterOptions } from './module/parameter.js';
export * as init from './module/init.js';
export type { Initializer } from './module/init.js';

export {
  ConfigError,
  any,
  array,
  boolean,
  camelToSnake,
  defineConfig,
  integer,
  number,
  object,
  snakeToCamel,
  string,
  type Config,
  type ConfigDefinition,
  type FieldKind,
  type FieldSpec,
} from './config/config.js';
export { checkHeadsDivide, labelFields, modelConfig, numLabels, type LabelFields, type ProblemType } from './config/labels.js';
export type { AdapterInfo, BackendInfo, BackendProbe } from './backend_info.js';


export * from './ops/index.js';
export * from './fused/index.js';

export { httpSource } from './checkpoint/http_source.js';
export { readConfig, readWeights, type CheckpointValues } from './checkpoint/read.js';
export {
  loadPretrainedWeights,
  loadWeights,
  savePretrained,
  type CheckpointConventions,
  type LoadOptions,
  type LoadReport,
  type SaveOptions,
} from './checkpoint/pretrained.js';
