/**
 * The throughput an estimate uses is that of the engine that will run. On the CPU engines it is the
 * micro-run's (estimate.ts, measureThroughput). The micro-run would take minutes on a software GPU
 * and is not needed on a real one: WebGPU's NNMF speed is the CPU fast path's micro-run figure
 * scaled by the probe's measured ratio on this model's shape (webgpu/auto-choice.ts, cached in the
 * data folder), so the epoch and scoring overheads the micro-run captures carry over.
 */
import { chooseNnmfEngine, probeDepsFor, type EnginePreference } from '../models/nnmf/choose-engine.js'
import type { NnmfEngineFactory } from '../models/nnmf/engine.js'
import { probeMeasurement } from '../models/nnmf/webgpu/auto-choice.js'
import type { ProbeMeasurement } from '../models/nnmf/webgpu/probe-cache.js'
import { modelProbeShape } from '../models/nnmf/webgpu/probe-shape.js'
import { probeWebGpuAdapter } from '../models/nnmf/webgpu/probe.js'
import type { Throughput } from '../models/spec.js'
import type { DatasetShape } from './estimate.js'

export interface EngineThroughput {
  throughput: Throughput
  /** The engine that will run, as stored with runs ('fastcpu', 'webgpu', 'tfjs-<backend>'), and its label. */
  engine: string
  engineLabel: string
}

/** NNMF on the GPU at the probe's GPU/CPU ratio of the CPU fast path's throughput; MF does not use the GPU. */
export function scaleByProbe(cpu: Throughput, probe: ProbeMeasurement): Throughput {
  return { ...cpu, nnmfEntriesPerSecond: cpu.nnmfEntriesPerSecond * (probe.gpuEntriesPerSecond / probe.cpuEntriesPerSecond) }
}

export interface EngineThroughputRequest {
  dataDir: string
  preference: EnginePreference
  shape: DatasetShape
  /** The micro-run on an engine's factory (measureThroughput), cached by the caller per engine name. */
  microRun: (engine: { name: string; factory: NnmfEngineFactory }) => Promise<Throughput>
}

export async function engineThroughput(request: EngineThroughputRequest): Promise<EngineThroughput> {
  const probe = { dataDir: request.dataDir, shape: modelProbeShape(request.shape) }
  const choice = await chooseNnmfEngine(request.preference, request.preference === 'auto' ? { probe } : {})
  if (choice.name !== 'webgpu') return { throughput: await request.microRun(choice), engine: choice.name, engineLabel: choice.label }
  // Forced WebGPU (a software adapter included) is measured here; 'auto' brought its measurement along.
  const measurement = choice.probe ?? (await probeMeasurement(probeDepsFor(probe), await probeWebGpuAdapter()))
  const cpu = await chooseNnmfEngine('fastcpu')
  return { throughput: scaleByProbe(await request.microRun(cpu), measurement), engine: choice.name, engineLabel: choice.label }
}
