import './gpu-env.js'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { chooseNnmfEngine, probeDepsFor } from '../../../../../src-main/core/models/nnmf/choose-engine.js'
import { PAPER_ARCHITECTURE } from '../../../../../src-main/core/models/nnmf/engine.js'
import { createFastCpuEngine } from '../../../../../src-main/core/models/nnmf/fastcpu/index.js'
import type { AdapterInfo } from '../../../../../src-main/core/models/nnmf/webgpu/adapter.js'
import { chooseAutoEngine, decideAutoEngine, shapeBucket, type ProbeDeps } from '../../../../../src-main/core/models/nnmf/webgpu/auto-choice.js'
import { PROBE_CACHE_FILE, ProbeCache } from '../../../../../src-main/core/models/nnmf/webgpu/probe-cache.js'
import { timeTrainingSteps, type ProbeShape } from '../../../../../src-main/core/models/nnmf/webgpu/probe-timing.js'
import { useTempDirs } from '../../../../helpers/temp-dir.js'

const tempDir = useTempDirs()

const adapter = (fields: Partial<AdapterInfo>): AdapterInfo => ({
  vendor: '',
  architecture: '',
  device: '',
  description: '',
  isFallbackAdapter: false,
  ...fields,
})
const INTEL = adapter({ vendor: 'intel', architecture: 'gen-12lp', description: 'Intel(R) UHD Graphics 770 (D3D12 31.0.101.4502)' })
const AMD = adapter({ vendor: 'amd', architecture: 'rdna-2', description: 'AMD Radeon(TM) Graphics (RADV 23.1)' })
const SOFTWARE = [
  adapter({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0', isFallbackAdapter: true }),
  adapter({ vendor: 'microsoft', description: 'Microsoft Basic Render Driver' }),
  adapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }),
]
const measured = (gpu: number, cpu: number) => ({ gpuEntriesPerSecond: gpu, cpuEntriesPerSecond: cpu, measuredAt: '2026-12-01T00:00:00.000Z' })
const PAPER: ProbeShape = { architecture: PAPER_ARCHITECTURE, nRows: 1567, nCols: 590, batchSize: 2048 }

describe("auto's engine decision", () => {
  it('takes a hardware adapter only when it measured clearly faster than the CPU fast path', () => {
    expect(decideAutoEngine(INTEL, measured(90_000, 40_000))).toEqual({ engine: 'webgpu', reason: 'gpu-faster' })
    expect(decideAutoEngine(INTEL, measured(40_000, 90_000))).toEqual({ engine: 'fastcpu', reason: 'cpu-faster' })
    // Within timing noise the simpler CPU path stays.
    expect(decideAutoEngine(INTEL, measured(42_000, 40_000))).toEqual({ engine: 'fastcpu', reason: 'cpu-faster' })
    expect(decideAutoEngine(INTEL, null)).toEqual({ engine: 'fastcpu', reason: 'cpu-faster' })
    expect(decideAutoEngine(null, null)).toEqual({ engine: 'fastcpu', reason: 'no-adapter' })
  })

  it('never takes a software adapter, whatever a measurement says', () => {
    for (const software of SOFTWARE) expect(decideAutoEngine(software, measured(1e9, 1))).toEqual({ engine: 'fastcpu', reason: 'software-adapter' })
  })

  it('buckets shapes: the network exactly, the table and batch by powers of two', () => {
    expect(shapeBucket(PAPER)).toBe(shapeBucket({ ...PAPER, nRows: 1500, nCols: 600 }))
    expect(shapeBucket(PAPER)).not.toBe(shapeBucket({ ...PAPER, nRows: 9000 }))
    expect(shapeBucket(PAPER)).not.toBe(shapeBucket({ ...PAPER, batchSize: 512 }))
    expect(shapeBucket(PAPER)).not.toBe(shapeBucket({ ...PAPER, architecture: { ...PAPER_ARCHITECTURE, hidden: [50, 50] } }))
  })
})

describe('the probe and its cache', () => {
  function deps(dir: string, info: AdapterInfo, timings: { webgpu: number; fastcpu: number }, calls: string[], shape = PAPER): ProbeDeps {
    return {
      machine: 'plant-pc-7',
      cache: ProbeCache.inDataDir(dir),
      shape,
      adapter: async () => info,
      measure: async (engine, probeShape) => {
        calls.push(`${engine} ${probeShape.nRows}x${probeShape.nCols} batch ${probeShape.batchSize}`)
        return timings[engine]
      },
    }
  }

  it('measures a hardware adapter once per machine, adapter and shape bucket, and reads the figures back from the data folder', async () => {
    const dir = tempDir()
    const calls: string[] = []
    const first = await chooseAutoEngine(deps(dir, INTEL, { webgpu: 120_000, fastcpu: 30_000 }, calls))
    expect(first).toMatchObject({ engine: 'webgpu', reason: 'gpu-faster', measurement: { gpuEntriesPerSecond: 120_000, cpuEntriesPerSecond: 30_000 } })
    expect(calls).toEqual(['webgpu 2048x1024 batch 2048', 'fastcpu 2048x1024 batch 2048'])

    // Another process (a fresh cache object on the same file) takes the cached figures: no new measurement.
    const again = await chooseAutoEngine(deps(dir, INTEL, { webgpu: 1, fastcpu: 1 }, calls))
    expect(again).toMatchObject({ engine: 'webgpu', measurement: first.measurement })
    expect(calls).toHaveLength(2)
    const file = JSON.parse(fs.readFileSync(path.join(dir, PROBE_CACHE_FILE), 'utf8')) as { version: number; entries: Record<string, unknown> }
    expect(file.version).toBe(1)
    expect(Object.keys(file.entries)).toEqual([
      expect.stringMatching(
        /^plant-pc-7 \| intel \| gen-12lp \| {2}\| Intel\(R\) UHD Graphics 770 .* \| net 10\/60\/1\/50x50x50 · batch 2048 · rows\+cols 4096$/,
      ),
    ])

    // Another adapter, or another shape bucket, is measured on its own.
    expect(await chooseAutoEngine(deps(dir, AMD, { webgpu: 20_000, fastcpu: 30_000 }, calls))).toMatchObject({ engine: 'fastcpu', reason: 'cpu-faster' })
    await chooseAutoEngine(deps(dir, INTEL, { webgpu: 10_000, fastcpu: 30_000 }, calls, { ...PAPER, nRows: 20_000 }))
    expect(calls).toHaveLength(6)
    expect(Object.keys((JSON.parse(fs.readFileSync(path.join(dir, PROBE_CACHE_FILE), 'utf8')) as { entries: object }).entries)).toHaveLength(3)
  })

  it('never measures a software adapter, and an unreadable cache is measured again', async () => {
    const dir = tempDir()
    const calls: string[] = []
    expect(await chooseAutoEngine(deps(dir, SOFTWARE[0]!, { webgpu: 1e9, fastcpu: 1 }, calls))).toMatchObject({
      engine: 'fastcpu',
      reason: 'software-adapter',
      measurement: null,
    })
    expect(calls).toEqual([])
    expect(fs.existsSync(path.join(dir, PROBE_CACHE_FILE))).toBe(false)

    fs.writeFileSync(path.join(dir, PROBE_CACHE_FILE), '{"version": 1, "entries": ')
    expect(await chooseAutoEngine(deps(dir, INTEL, { webgpu: 90_000, fastcpu: 30_000 }, calls))).toMatchObject({ engine: 'webgpu' })
    expect(calls).toHaveLength(2)
  })

  it('a probe that fails keeps auto on the CPU', async () => {
    const dir = tempDir()
    const failing: ProbeDeps = {
      ...deps(dir, INTEL, { webgpu: 0, fastcpu: 0 }, []),
      measure: async () => {
        throw new Error('WGSL: driver rejected the kernel')
      },
    }
    expect(await chooseAutoEngine(failing)).toMatchObject({ engine: 'fastcpu', reason: 'cpu-faster', measurement: null })
  })

  it('a driver that hangs, asked for its adapter or probed, leaves auto on the CPU and caches nothing', async () => {
    const dir = tempDir()
    const never = new Promise<never>(() => {})
    const base = deps(dir, INTEL, { webgpu: 0, fastcpu: 0 }, [])
    expect(await chooseAutoEngine({ ...base, adapter: () => never, timeoutsMs: { adapter: 20, probe: 20 } })).toMatchObject({
      engine: 'fastcpu',
      reason: 'no-adapter',
    })
    expect(await chooseAutoEngine({ ...base, measure: () => never, timeoutsMs: { adapter: 20, probe: 20 } })).toMatchObject({
      engine: 'fastcpu',
      reason: 'cpu-faster',
      measurement: null,
    })
    expect(fs.existsSync(path.join(dir, PROBE_CACHE_FILE))).toBe(false)
  })

  it("on this machine (SwiftShader, a software adapter) 'auto' runs the CPU fast path and measures nothing", async () => {
    const dir = tempDir()
    const probe = { dataDir: dir, shape: { architecture: { d: 2, dPrime: 3, k: 1, hidden: [4] }, nRows: 30, nCols: 20, batchSize: 64 } }
    // The real probe sees the adapter and calls it software (not "no adapter": the tests need SwiftShader).
    expect(await chooseAutoEngine(probeDepsFor(probe))).toMatchObject({
      engine: 'fastcpu',
      reason: 'software-adapter',
      adapter: { architecture: 'swiftshader' },
    })
    const choice = await chooseNnmfEngine('auto', { probe })
    expect(choice.name).toBe('fastcpu')
    expect(fs.existsSync(path.join(dir, PROBE_CACHE_FILE))).toBe(false)
  })

  it('times training steps of a shape on a real engine', async () => {
    const perSecond = await timeTrainingSteps(
      (setup) => createFastCpuEngine(setup, { threads: 1 }),
      { architecture: { d: 2, dPrime: 3, k: 1, hidden: [4] }, nRows: 30, nCols: 20, batchSize: 64 },
      2,
    )
    expect(perSecond).toBeGreaterThan(0)
    expect(Number.isFinite(perSecond)).toBe(true)
  })
})
