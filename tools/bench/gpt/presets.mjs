// Which presets run forward (b1×128) and one AdamW training step (b1×128) on a backend, with peak RSS:
//   node tools/bench/gpt/presets.mjs [--backend NAME] [--modes forward,train] [preset ...]   (each preset and mode in its own process)
//   node tools/bench/gpt/presets.mjs --one <preset> <forward|train> [--backend NAME]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { backendName, option } from './options.mjs';

const argv = process.argv.slice(2);
const backend = backendName(argv);
const modes = option(argv, 'modes', 'forward,train').split(',');
const valueFlags = ['--backend', '--modes'];
const args = argv.filter((word, index) => !valueFlags.includes(word) && !valueFlags.includes(argv[index - 1]));
if (args[0] === '--one') {
  const [, id, mode] = args;
  const { useBackend } = await import('@pretrain/backends');
  const { Rng, tf } = await import('@pretrain/core');
  const { GPT2LMHeadModel, OpenAIGPTLMHeadModel, gpt2PresetConfig, gptPresets, openAIGPTPresetConfig } = await import('@pretrain/gpt');
  const { causalLMLoss } = await import('@pretrain/objective-clm');
  const { AdamW } = await import('@pretrain/train');
  const info = await useBackend(backend);
  const gpt1 = gptPresets[id].modelType === 'openai-gpt';
  const model = gpt1 ? new OpenAIGPTLMHeadModel(openAIGPTPresetConfig(id), Rng.fromSeed(0)) : new GPT2LMHeadModel(gpt2PresetConfig(id), Rng.fromSeed(0));
  const inputIds = tf.tensor2d(Rng.fromSeed(1).int(128, 0, 40000), [1, 128], 'int32');
  const start = performance.now();
  if (mode === 'forward') {
    model.eval();
    const logits = tf.tidy(() => model.forward({ inputIds }, { useCache: false }).logits);
    await logits.data();
  } else {
    model.eval(); // dropout off: the step's memory is what matters
    const optimizer = new AdamW(model.namedParameters());
    const named = model.namedParameters();
    const { value, grads } = tf.variableGrads(() => causalLMLoss(model.forward({ inputIds }, { useCache: false }).logits, inputIds), named.map(([, parameter]) => parameter.variable));
    optimizer.apply(new Map(named.map(([path, parameter]) => [path, grads[parameter.variable.name]])), 1e-4);
    await value.data();
  }
  const peak = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
  console.log(JSON.stringify({ id, mode, seconds: (performance.now() - start) / 1000, peakMemoryMb: peak, backend: `${info.name}: ${info.reason}` }));
  process.exit(0);
}

const ids = args.length > 0 ? args : ['openai-gpt', 'gpt2', 'gpt3-small', 'gpt2-medium'];
const backends = new Set();
console.log('| preset | mode | result | peak RSS (MB) | seconds |\n|---|---|---|---|---|');
for (const id of ids) {
  for (const mode of modes) {
    const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--one', id, mode, '--backend', backend], { encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 1 << 24 });
    const line = (result.stdout ?? '').split('\n').find((text) => text.startsWith('{'));
    if (line) {
      const row = JSON.parse(line);
      console.log(`| ${id} | ${mode} | runs | ${row.peakMemoryMb.toFixed(0)} | ${row.seconds.toFixed(1)} |`);
      backends.add(row.backend);
    } else {
      const reason = (result.stderr ?? '').split('\n').filter((text) => /Error|error|memory|abort/i.test(text))[0] ?? `exit ${result.status ?? result.signal}`;
      console.log(`| ${id} | ${mode} | fails: ${reason.trim().slice(0, 80)} | – | – |`);
    }
  }
}
for (const line of backends) console.log(`\nbackend ${line}`);
