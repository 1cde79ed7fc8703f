import { type Command } from '../command.js';
import { checkOutputDirectory } from '../config/pretrain_config.js';

export const demo: Command = {
  name: 'demo',
  summary: 'the main job: synthetic world → WordPiece → tiny BERT (MLM + NSP) → fine-tune vs from scratch → HTML report',
  usage: 'pretrain demo [--output DIR] [--smoke]',
  options: {
    output: { type: 'string', valueName: 'DIR', description: 'run directory (default runs/demo)' },
    smoke: { type: 'boolean', description: 'a seconds-long version for tests and CI smoke runs' },
  },
  async run({ values, globals, output }) {
    const directory = typeof values.output === 'string' ? values.output : 'runs/demo';
    checkOutputDirectory(directory);
    const started = performance.now();
    const { demoSizes, runDemo } = await import('../training/demo_run.js');
    const { setBackend } = await import('../training/pretrain_run.js');
    output.stdout(`pretrain demo: backend ${await setBackend(globals.backend)}, output ${directory}\n`);
    const result = await runDemo(output, { directory, size: demoSizes[values.smoke === true ? 'smoke' : 'full'], seed: globals.seed });
    const percent = (value: number) => `${(100 * value).toFixed(1)}%`.padStart(6);
    output.stdout(
      [
        '',
        `4/4 classification of ${result.testExamples} test examples about ${result.testEntities} test entities (attribute of the entity mentioned; the entities were never seen in fine-tuning):`,
        `  pretrained, then fine-tuned   ${percent(result.pretrainedAccuracy)}`,
        `  same model from scratch       ${percent(result.scratchAccuracy)}`,
        `  majority class                ${percent(result.majorityAccuracy)}`,
        '',
        `report: ${result.reportPath}`,
        `done in ${((performance.now() - started) / 1000).toFixed(0)} s`,
        '',
      ].join('\n'),
    );
  },
};
