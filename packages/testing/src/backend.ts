export const backendNames = ['cpu', 'wasm', 'webgpu', 'node', 'native'] as const;
export type TestBackend = (typeof backendNames)[number];

/** The backend the suite runs on, from `PRETRAIN_BACKEND` (default `wasm`). */
export function testBackend(): TestBackend {
  const chosen = process.env.PRETRAIN_BACKEND ?? 'wasm';
  if (!(backendNames as readonly string[]).includes(chosen)) {
    throw new Error(`PRETRAIN_BACKEND=${chosen} is not one of ${backendNames.join(', ')}`);
  }
  return chosen as TestBackend;
}
