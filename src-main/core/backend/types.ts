/** Compute backends the NNMF tfjs engine can run on, best first. */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu'
export type BackendPreference = 'auto' | BackendName

export interface BackendAttempt {
  name: BackendName
  ok: boolean
  error?: string
}

export interface BackendSelection {
  name: BackendName
  /** The tfjs backend name actually active ('tensorflow', 'wasm', 'cpu'). */
  tfjsBackend: string
  /** For people: e.g. "WebAssembly (CPU, SIMD, 1 thread)". */
  label: string
  /** Every backend tried, in order, with the reason it failed. */
  tried: BackendAttempt[]
}

export interface BackendInfo {
  name: BackendName
  label: string
  available: boolean
  active: boolean
  error?: string
}

export interface BackendOptions {
  /**
   * Directory holding tfjs-backend-wasm's .wasm files (ends with or without a slash). Defaults to
   * the installed package's dist/ folder; pass it when the app is bundled and the files moved.
   */
  wasmDir?: string
}
