// `pretrain convert` on files written by PyTorch itself (Debian's python3-torch), read back with @pretrain/safetensors.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, toTfjsValues } from '@pretrain/safetensors';
import { describe, expect, it } from 'vitest';
import { cli, temporaryDirectory } from '../cli.test-helper.js';

const python = '/usr/bin/python3';
function hasTorch(): boolean {
  try {
    execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const makeCheckpoints = String.raw`
import collections, json, os, sys, torch
out = sys.argv[1]
torch.manual_seed(0)
base = torch.randn(4, 6)
state = collections.OrderedDict()
state['encoder.weight'] = torch.randn(3, 5)
state['encoder.bias'] = torch.arange(5, dtype=torch.float16) / 4
state['decoder.weight'] = base.t()            # strided view
state['embeddings.weight'] = base             # shares storage with the view above
state['rows'] = base[1:3]                     # storage offset
state['position_ids'] = torch.arange(7, dtype=torch.int64).unsqueeze(0)
state['mask'] = torch.tensor([True, False, True])
state['param'] = torch.nn.Parameter(torch.ones(2, 2) * 3)
os.makedirs(os.path.join(out, 'good'))
torch.save(state, os.path.join(out, 'good', 'pytorch_model.bin'))
expected = {name: {'dtype': str(t.dtype), 'shape': list(t.shape), 'values': t.detach().float().flatten().tolist()} for name, t in state.items()}
json.dump(expected, open(os.path.join(out, 'expected.json'), 'w'))

class Payload:
    def __reduce__(self):
        return (os.system, ('touch ' + os.path.join(out, 'pwned'),))
os.makedirs(os.path.join(out, 'evil'))
torch.save({'weight': torch.ones(1), 'payload': Payload()}, os.path.join(out, 'evil', 'pytorch_model.bin'))
`;


describe.skipIf(!hasTorch())('pretrain convert (checkpoints written by /usr/bin/python3 with torch; skipped where Debian\'s python3-torch is not installed)', () => {
  const directory = temporaryDirectory('convert');
  execFileSync(python, ['-c', makeCheckpoints, directory]);
  const expected = JSON.parse(readFileSync(join(directory, 'expected.json'), 'utf8')) as Record<string, { dtype: string; shape: number[]; values: number[] }>;

  it('writes every tensor with its dtype, shape and values, strided views and offsets included', async () => {
    const { code, stdout, stderr } = await cli('convert', '--model', join(directory, 'good'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('convert: 8 tensors');
    const { metadata, tensors } = deserialize(new Uint8Array(readFileSync(join(directory, 'good', 'model.safetensors'))), { file: 'model.safetensors' });
    expect(metadata).toEqual({ format: 'pt' });
    const dtypes: Record<string, string> = { 'torch.float32': 'F32', 'torch.float16': 'F16', 'torch.int64': 'I64', 'torch.bool': 'BOOL' };
    expect([...tensors.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [name, reference] of Object.entries(expected)) {
      const tensor = tensors.get(name)!;
      expect(tensor.dtype, name).toBe(dtypes[reference.dtype]);
      expect(tensor.shape, name).toEqual(reference.shape);
      expect(Array.from(toTfjsValues(tensor, { tensor: name }).values, Number), name).toEqual(reference.values.map((value) => Math.fround(value)));
    }
  });

  it('refuses a pickle that calls anything but the state-dict globals, and runs none of it', async () => {
    const { code, stderr } = await cli('convert', '--model', join(directory, 'evil'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/refusing pickle global (posix|os)\.system: only tensor storages and state dicts are accepted/);
    expect(existsSync(join(directory, 'evil', 'model.safetensors'))).toBe(false);
    expect(existsSync(join(directory, 'pwned'))).toBe(false);
  });
});

describe('pretrain convert', () => {
  it('names a directory without pytorch_model.bin', async () => {
    const directory = temporaryDirectory('convert-empty');
    const { code, stderr } = await cli('convert', '--model', directory);
    expect(code).toBe(1);
    expect(stderr).toContain(`convert: ${join(directory, 'pytorch_model.bin')} does not exist`);
  });

  it('names a file that is not a zip archive (legacy torch format)', async () => {
    const directory = temporaryDirectory('convert-legacy');
    writeFileSync(join(directory, 'pytorch_model.bin'), new Uint8Array([0x80, 0x02, 0x8a, 0x0a]));
    const { stderr } = await cli('convert', '--model', directory);
    expect(stderr).toContain('not a zip archive');
  });
});
