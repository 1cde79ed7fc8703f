// Types only: what a backend package reports. The backend packages and useBackend share them.
/** What `setup()` reports: the name, why, the GPU adapter if any, and the thread count. */
export interface BackendInfo {
  name: 'webgpu' | 'node-gpu' | 'node' | 'native' | 'wasm' | 'cpu';
  reason: string;
  adapter?: AdapterInfo;
  threads: number;
}

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** A software adapter (SwiftShader, a fallback adapter): it runs on the CPU. */
  isCpu: boolean;
  isFallbackAdapter: boolean;
}

export interface BackendProbe {
  available: boolean;
  reason: string;
  adapter?: AdapterInfo;
}
