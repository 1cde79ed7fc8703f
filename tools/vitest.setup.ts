import { existsSync } from 'node:fs';

// Read once per test file. PRETRAIN_BACKEND selects the tensor backend the
// suite runs on; @pretrain/testing's `testBackend()` exposes the choice.
const allowed = ['cpu', 'wasm', 'webgpu', 'node', 'native'] as const;
const chosen = process.env.PRETRAIN_BACKEND ?? 'wasm';
if (!(allowed as readonly string[]).includes(chosen)) {
  throw new Error(`PRETRAIN_BACKEND=${chosen} is not one of ${allowed.join(', ')}`);
}

// Dawn in Node needs a Vulkan driver; on a machine without a GPU, Debian's
// chromium package ships SwiftShader's.
const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (chosen === 'webgpu' && !process.env.VK_ICD_FILENAMES && existsSync(swiftshader)) {
  process.env.VK_ICD_FILENAMES = swiftshader;
}
