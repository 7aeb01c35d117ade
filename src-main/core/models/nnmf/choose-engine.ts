import { selectBackend, type BackendAttempt, type BackendName } from '../../backend/index.js'
import type { NnmfEngineFactory } from './engine.js'
import { createFastCpuEngine, defaultThreadCount } from './fastcpu/index.js'
import { createTfjsEngine } from './tfjs-engine.js'
import { adapterLabel, createWebGpuEngine, probeWebGpuAdapter, withCpuFallback, type EngineFallback } from './webgpu/index.js'

export type EnginePreference = 'auto' | 'fastcpu' | 'tfjs' | 'webgpu'

export interface EngineChoice {
  /** Stored with models and pilots: 'fastcpu', 'webgpu' or 'tfjs-<backend>'. */
  name: string
  /** For people, e.g. "CPU fast path (WebAssembly SIMD, 2 threads)". */
  label: string
  /** The tfjs backend probe, so the user can see why the GPU was not used. */
  tfjsBackend: BackendName
  tried: BackendAttempt[]
  factory: NnmfEngineFactory
  /**
   * GPU engines only: each time an engine this choice made lost its GPU (device lost, out of memory)
   * and went on on the CPU fast path from its last checkpoint. The run stores it and tells the user.
   */
  fallbacks?: EngineFallback[]
}

const NATIVE: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow']

/**
 * Picks the NNMF engine for this machine. Native TensorFlow (CUDA first, then native CPU) runs the
 * tfjs engine; without it the team's CPU fast path beats tfjs-wasm and tfjs-cpu by far, so 'auto'
 * takes it. 'tfjs' forces the tfjs engine on the best tfjs backend that loads. 'webgpu' forces the
 * WebGPU engine on the adapter Dawn offers, software ones (SwiftShader, WARP, lavapipe) included, for
 * tests and diagnosis; it rejects with the reason when there is no adapter. 'auto' never takes
 * WebGPU until a measured probe shows a hardware adapter faster than the CPU path on this model.
 */
export async function chooseNnmfEngine(preference: EnginePreference = 'auto'): Promise<EngineChoice> {
  const selection = await selectBackend('auto')
  if (preference === 'webgpu') {
    const adapter = await probeWebGpuAdapter()
    const fallbacks: EngineFallback[] = []
    const threads = defaultThreadCount()
    return {
      name: 'webgpu',
      label: `WebGPU on ${adapterLabel(adapter)}`,
      tfjsBackend: selection.name,
      tried: selection.tried,
      factory: withCpuFallback(createWebGpuEngine, (setup) => createFastCpuEngine(setup, { threads }), (event) => fallbacks.push(event)),
      fallbacks,
    }
  }
  const useTfjs = preference === 'tfjs' || (preference === 'auto' && NATIVE.includes(selection.name))
  if (useTfjs) {
    return {
      name: `tfjs-${selection.name}`,
      label: selection.label,
      tfjsBackend: selection.name,
      tried: selection.tried,
      factory: (setup) => createTfjsEngine(setup),
    }
  }
  const threads = defaultThreadCount()
  return {
    name: 'fastcpu',
    label: `CPU fast path (WebAssembly SIMD, ${threads} thread${threads === 1 ? '' : 's'})`,
    tfjsBackend: selection.name,
    tried: selection.tried,
    factory: (setup) => createFastCpuEngine(setup, { threads }),
  }
}
