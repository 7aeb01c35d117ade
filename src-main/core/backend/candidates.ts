/**
 * How to load, and name, each backend. The native TensorFlow packages are optionalDependencies
 * that may be absent, so they are imported by a name held in a variable: TypeScript and bundlers
 * then leave them alone, and a missing package is an ordinary caught error.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { BackendName, BackendOptions } from './types.js'
import { defaultWasmDir, wasmDirProblem, withSlash } from './wasm-dir.js'

export interface Candidate {
  name: BackendName
  /** The name the backend registers under in tfjs-core. */
  tfjsName: string
  /** Imports and registers the backend (no switch); throws with a readable reason when it cannot. */
  load(options: BackendOptions): Promise<void>
  /** Human label, valid once the backend is active. */
  label(): Promise<string>
}

const importOptional = (moduleName: string): Promise<unknown> => import(/* @vite-ignore */ moduleName)

/** Which native package this process loaded: two copies of libtensorflow must not meet. */
let nativeLoaded: BackendName | null = null

function nativeCandidate(name: 'tensorflow-gpu' | 'tensorflow', moduleName: string, label: string): Candidate {
  return {
    name,
    tfjsName: 'tensorflow',
    async load() {
      if (nativeLoaded !== null && nativeLoaded !== name) {
        throw new Error(`native TensorFlow is already loaded as ${nativeLoaded} in this process`)
      }
      await importOptional(moduleName)
      nativeLoaded = name
      // The package registers into the tfjs-core it resolves; a duplicate copy would not be ours.
      if (!tf.findBackendFactory('tensorflow')) {
        throw new Error(`${moduleName} loaded but registered with another copy of @tensorflow/tfjs-core`)
      }
    },
    label: async () => label,
  }
}

interface WasmModule {
  setWasmPaths(prefix: string): void
  getThreadsCount(): number
}

let wasmModule: WasmModule | null = null
let wasmPathsSet = false

const wasmCandidate: Candidate = {
  name: 'wasm',
  tfjsName: 'wasm',
  async load(options) {
    if (typeof (globalThis as { WebAssembly?: unknown }).WebAssembly !== 'object') throw new Error('WebAssembly is not available')
    wasmModule = (await import('@tensorflow/tfjs-backend-wasm')) as WasmModule
    // Paths only matter before the backend initialises; once it has, they are fixed.
    if (!wasmPathsSet && !tf.engine().registry['wasm']) {
      const dir = withSlash(options.wasmDir ?? defaultWasmDir())
      const problem = wasmDirProblem(dir)
      if (problem) throw new Error(problem)
      wasmModule.setWasmPaths(dir)
      wasmPathsSet = true
    }
  },
  async label() {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
    // tfjs runs wasm single-threaded under Node (no SharedArrayBuffer workers there).
    const threads = wasmModule?.getThreadsCount() ?? 1
    return `WebAssembly (CPU${simd ? ', SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'})`
  },
}

const cpuCandidate: Candidate = {
  name: 'cpu',
  tfjsName: 'cpu',
  async load() {
    await import('@tensorflow/tfjs-backend-cpu')
  },
  label: async () => 'JavaScript (CPU, 1 thread)',
}

/** Best first: CUDA, native CPU, WebAssembly, plain JavaScript. */
export const CANDIDATES: Candidate[] = [
  nativeCandidate('tensorflow-gpu', '@tensorflow/tfjs-node-gpu', 'TensorFlow native (CUDA GPU)'),
  nativeCandidate('tensorflow', '@tensorflow/tfjs-node', 'TensorFlow native (CPU)'),
  wasmCandidate,
  cpuCandidate,
]
