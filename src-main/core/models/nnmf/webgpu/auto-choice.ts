/**
 * Whether 'auto' trains on WebGPU: only on a hardware adapter, and only when a short measured probe
 * (probe-timing.ts) of this model's network size shows it faster than the CPU fast path; the
 * measurement is cached per machine, adapter and shape bucket (probe-cache.ts). Software adapters
 * (SwiftShader, WARP, lavapipe) are never measured nor chosen.
 */
import { isSoftwareAdapter, type AdapterInfo } from './adapter.js'
import type { ProbeCache, ProbeMeasurement } from './probe-cache.js'
import type { ProbeShape } from './probe-timing.js'

/** WebGPU must beat the CPU by this factor: a tie within timing noise keeps the simpler CPU path. */
export const GPU_ADVANTAGE_REQUIRED = 1.1

/** A driver that hangs while asked for its adapter, or while probed, must not hold a training run up. */
export const ADAPTER_TIMEOUT_MS = 20_000
export const PROBE_TIMEOUT_MS = 120_000

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms / 1000} s`)), ms)
    timer.unref?.()
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export type AutoReason = 'no-adapter' | 'software-adapter' | 'gpu-faster' | 'cpu-faster'

export interface AutoDecision {
  engine: 'webgpu' | 'fastcpu'
  reason: AutoReason
}

/** The decision from what is known: the adapter (null: none) and, for a hardware one, the measurement. */
export function decideAutoEngine(adapter: AdapterInfo | null, measured: ProbeMeasurement | null): AutoDecision {
  if (!adapter) return { engine: 'fastcpu', reason: 'no-adapter' }
  if (isSoftwareAdapter(adapter)) return { engine: 'fastcpu', reason: 'software-adapter' }
  if (measured && measured.gpuEntriesPerSecond >= GPU_ADVANTAGE_REQUIRED * measured.cpuEntriesPerSecond) return { engine: 'webgpu', reason: 'gpu-faster' }
  return { engine: 'fastcpu', reason: 'cpu-faster' }
}

/** Shapes that train at about the same speed share a probe: the network exactly, sizes by powers of two. */
export function shapeBucket(shape: ProbeShape): string {
  const { d, dPrime, k, hidden } = shape.architecture
  const pow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)))
  return `net ${d}/${dPrime}/${k}/${hidden.join('x')} · batch ${pow2(shape.batchSize)} · rows+cols ${pow2(shape.nRows + shape.nCols)}`
}

export function probeKey(machine: string, adapter: AdapterInfo, shape: ProbeShape): string {
  return [machine, adapter.vendor, adapter.architecture, adapter.device, adapter.description, shapeBucket(shape)].join(' | ')
}

/** The probe's shape for the sizes a probe can afford: the model's batch, its table's rows and columns up to 4096 each. */
export function probeShape(shape: ProbeShape): ProbeShape {
  const pow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)))
  return {
    architecture: shape.architecture,
    nRows: Math.min(4096, pow2(shape.nRows)),
    nCols: Math.min(4096, pow2(shape.nCols)),
    batchSize: pow2(shape.batchSize),
  }
}

export interface ProbeDeps {
  machine: string
  cache: ProbeCache
  shape: ProbeShape
  /** The adapter WebGPU would use; rejects when there is none. */
  adapter: () => Promise<AdapterInfo>
  /** Entries per second of a few training steps of `shape` on that engine. */
  measure: (engine: 'webgpu' | 'fastcpu', shape: ProbeShape) => Promise<number>
  now?: () => Date
  /** How long to wait for the adapter and for the probe (defaults ADAPTER_TIMEOUT_MS, PROBE_TIMEOUT_MS). */
  timeoutsMs?: { adapter: number; probe: number }
}

/** The measurement for this machine, adapter and shape: from the cache, else measured now and cached. */
export async function probeMeasurement(deps: ProbeDeps, adapter: AdapterInfo): Promise<ProbeMeasurement> {
  const key = probeKey(deps.machine, adapter, deps.shape)
  const cached = deps.cache.get(key)
  if (cached) return cached
  const shape = probeShape(deps.shape)
  const measurement: ProbeMeasurement = {
    gpuEntriesPerSecond: await deps.measure('webgpu', shape),
    cpuEntriesPerSecond: await deps.measure('fastcpu', shape),
    measuredAt: (deps.now?.() ?? new Date()).toISOString(),
  }
  deps.cache.set(key, measurement)
  return measurement
}

/** 'auto''s choice between WebGPU and the CPU fast path, measuring (once) only a hardware adapter. */
export async function chooseAutoEngine(deps: ProbeDeps): Promise<AutoDecision & { adapter: AdapterInfo | null; measurement: ProbeMeasurement | null }> {
  const adapter = await within(deps.adapter(), deps.timeoutsMs?.adapter ?? ADAPTER_TIMEOUT_MS, 'asking for the WebGPU adapter').catch(() => null)
  if (!adapter || isSoftwareAdapter(adapter)) return { ...decideAutoEngine(adapter, null), adapter, measurement: null }
  // A probe that fails or hangs (a driver that breaks on our kernels) is a reason to stay on the CPU, not to fail the run.
  const measurement = await within(probeMeasurement(deps, adapter), deps.timeoutsMs?.probe ?? PROBE_TIMEOUT_MS, 'the WebGPU probe').catch(() => null)
  return { ...decideAutoEngine(adapter, measurement), adapter, measurement }
}
