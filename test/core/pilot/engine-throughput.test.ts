import '../models/nnmf/webgpu/gpu-env.js'
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { probeKey } from '../../../src-main/core/models/nnmf/webgpu/auto-choice.js'
import { ProbeCache } from '../../../src-main/core/models/nnmf/webgpu/probe-cache.js'
import { modelProbeShape } from '../../../src-main/core/models/nnmf/webgpu/probe-shape.js'
import { probeWebGpuAdapter } from '../../../src-main/core/models/nnmf/webgpu/probe.js'
import { engineThroughput, scaleByProbe } from '../../../src-main/core/pilot/engine-throughput.js'
import { useTempDirs } from '../../helpers/temp-dir.js'

const tempDir = useTempDirs()
const CPU_MICRO_RUN = { nnmfEntriesPerSecond: 40_000, mfEntriesPerSecond: 900_000 }
const table = { nRows: 300, nCols: 40, nObserved: 9000 }

describe('the throughput of the engine that will run', () => {
  it('scales the CPU fast path by the probe: NNMF at the GPU/CPU ratio, MF unchanged', () => {
    expect(scaleByProbe(CPU_MICRO_RUN, { gpuEntriesPerSecond: 300, cpuEntriesPerSecond: 100, measuredAt: '' })).toEqual({
      nnmfEntriesPerSecond: 120_000,
      mfEntriesPerSecond: 900_000,
    })
  })

  it('forced WebGPU: the CPU micro-run scaled by the cached probe of this machine, adapter and model shape', async () => {
    const dataDir = tempDir()
    const adapter = await probeWebGpuAdapter()
    // A cached probe (as a real one would have written it): WebGPU at a quarter of the CPU's speed.
    ProbeCache.inDataDir(dataDir).set(probeKey(os.hostname(), adapter, modelProbeShape(table)), {
      gpuEntriesPerSecond: 250,
      cpuEntriesPerSecond: 1000,
      measuredAt: '2026-12-01T00:00:00.000Z',
    })
    const microRuns: string[] = []
    const result = await engineThroughput({
      dataDir,
      preference: 'webgpu',
      shape: table,
      microRun: async (engine) => (microRuns.push(engine.name), CPU_MICRO_RUN),
    })
    expect(result).toMatchObject({ engine: 'webgpu', engineLabel: expect.stringMatching(/^WebGPU on google · swiftshader/) })
    expect(result.throughput).toEqual({ nnmfEntriesPerSecond: 10_000, mfEntriesPerSecond: 900_000 })
    expect(microRuns).toEqual(['fastcpu'])
  })

  it("'auto' here (a software adapter only) estimates with the CPU fast path's own micro-run", async () => {
    const microRuns: string[] = []
    const result = await engineThroughput({
      dataDir: tempDir(),
      preference: 'auto',
      shape: table,
      microRun: async (engine) => (microRuns.push(engine.name), CPU_MICRO_RUN),
    })
    expect(result).toMatchObject({ engine: 'fastcpu', throughput: CPU_MICRO_RUN })
    expect(microRuns).toEqual(['fastcpu'])
  })
})
