import { selectBackend, type BackendAttempt, type BackendName } from '../../backend/index.js'
import type { NnmfEngineFactory } from './engine.js'
import { createFastCpuEngine, defaultThreadCount } from './fastcpu/index.js'
import { createTfjsEngine } from './tfjs-engine.js'
import os from 'node:os'
import type { AdapterInfo } from './webgpu/adapter.js'
import { chooseAutoEngine, type ProbeDeps } from './webgpu/auto-choice.js'
import { adapterLabel, createWebGpuEngine, probeWebGpuAdapter, withCpuFallback, type EngineFallback } from './webgpu/index.js'
import { ProbeCache, type ProbeMeasurement } from './webgpu/probe-cache.js'
import { timeTrainingSteps, type ProbeShape } from './webgpu/probe-timing.js'

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
  /** WebGPU only, when a probe measured it: WebGPU's and the CPU fast path's entries/s on the model's shape (for estimates). */
  probe?: ProbeMeasurement
}

export interface ChooseEngineOptions {
  /**
   * The model's shape and the data folder whose probe cache to use. With it, 'auto' takes a hardware
   * WebGPU adapter when the measured probe shows it faster than the CPU fast path (and the choice
   * carries the measurement); without it, 'auto' never takes WebGPU.
   */
  probe?: { dataDir: string; shape: ProbeShape }
}

/** The probe as it runs for real: this machine, the Dawn adapter, timed steps on both engines. */
export function probeDepsFor(probe: { dataDir: string; shape: ProbeShape }): ProbeDeps {
  const threads = defaultThreadCount()
  return {
    machine: os.hostname(),
    cache: ProbeCache.inDataDir(probe.dataDir),
    shape: probe.shape,
    adapter: probeWebGpuAdapter,
    measure: (engine, shape) =>
      timeTrainingSteps(engine === 'webgpu' ? (setup) => createWebGpuEngine(setup) : (setup) => createFastCpuEngine(setup, { threads }), shape),
  }
}

function webGpuChoice(adapter: AdapterInfo, selection: { name: BackendName; tried: BackendAttempt[] }, probe: ProbeMeasurement | null): EngineChoice {
  const fallbacks: EngineFallback[] = []
  const threads = defaultThreadCount()
  return {
    name: 'webgpu',
    label: `WebGPU on ${adapterLabel(adapter)}`,
    tfjsBackend: selection.name,
    tried: selection.tried,
    factory: withCpuFallback(
      createWebGpuEngine,
      (setup) => createFastCpuEngine(setup, { threads }),
      (event) => fallbacks.push(event),
    ),
    fallbacks,
    ...(probe ? { probe } : {}),
  }
}

const NATIVE: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow']

/**
 * Picks the NNMF engine for this machine. Native TensorFlow (CUDA first, then native CPU) runs the
 * tfjs engine; without it the team's CPU fast path beats tfjs-wasm and tfjs-cpu by far, so 'auto'
 * takes it. 'tfjs' forces the tfjs engine on the best tfjs backend that loads. 'webgpu' forces the
 * WebGPU engine on the adapter Dawn offers, software ones (SwiftShader, WARP, lavapipe) included, for
 * tests and diagnosis; it rejects with the reason when there is no adapter. 'auto' takes WebGPU
 * only on a hardware adapter that a measured probe (webgpu/auto-choice.ts) shows faster than the
 * CPU path on this model's shape; a GPU engine falls back to the CPU path if its device is lost.
 */
export async function chooseNnmfEngine(preference: EnginePreference = 'auto', options: ChooseEngineOptions = {}): Promise<EngineChoice> {
  const selection = await selectBackend('auto')
  if (preference === 'webgpu') {
    return webGpuChoice(await probeWebGpuAdapter(), selection, null)
  }
  if (preference === 'auto' && !NATIVE.includes(selection.name) && options.probe) {
    const auto = await chooseAutoEngine(probeDepsFor(options.probe))
    if (auto.engine === 'webgpu' && auto.adapter) return webGpuChoice(auto.adapter, selection, auto.measurement)
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
