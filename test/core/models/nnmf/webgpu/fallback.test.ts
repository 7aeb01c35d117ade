import './gpu-env.js'
import { describe, expect, it } from 'vitest'
import type { NnmfEngine, NnmfEngineFactory } from '../../../../../src-main/core/models/nnmf/engine.js'
import { createFastCpuEngine } from '../../../../../src-main/core/models/nnmf/fastcpu/index.js'
import { createNnmfModel } from '../../../../../src-main/core/models/nnmf/model.js'
import { gpuFailureReason, withCpuFallback, type EngineFallback } from '../../../../../src-main/core/models/nnmf/webgpu/fallback-engine.js'
import { createWebGpuEngine } from '../../../../../src-main/core/models/nnmf/webgpu/index.js'
import { chooseNnmfEngine } from '../../../../../src-main/core/models/nnmf/choose-engine.js'
import { getModel } from '../../../../../src-main/core/store/models.js'
import { openDatabase } from '../../../../../src-main/core/store/open.js'
import { trainAndSave } from '../../../../../src-main/core/runs/train-run.js'
import { plantedLowRank, writePlantedDataset } from '../../../../helpers/planted.js'
import { useTempDirs } from '../../../../helpers/temp-dir.js'
import { lowRank, plant } from '../../planted.js'
import { parsePilotConfig } from '../../../../../src-main/core/pilot/config.js'
import { createStoredPilot, runStoredPilot } from '../../../../../src-main/core/runs/pilot-run.js'
import { getPilot } from '../../../../../src-main/core/store/pilots.js'
import { SMALL_EFFORT } from '../../../pilot/helpers.js'

const tempDir = useTempDirs()
const fastcpu: NnmfEngineFactory = (setup) => createFastCpuEngine(setup, { threads: 1 })
const config = { architecture: { d: 2, dPrime: 3, k: 1, hidden: [4] }, batchSize: 32, maxEpochs: 4 }
const data = plant(30, 20, 0.6, lowRank(30, 20, 2, 3), { seed: 4, noise: 0.1 })

/** The WebGPU engine on this machine's adapter, whose device is destroyed (device.lost fires) before step `at` (its test hook). */
function losingDeviceBefore(at: number): NnmfEngineFactory {
  return (setup) => createWebGpuEngine(setup, { loseDeviceAtStep: at })
}

async function fitParams(factory: NnmfEngineFactory) {
  const model = createNnmfModel(factory, config)
  const report = await model.fit(data.train, { seed: 3 })
  const saved = model.toSaved()
  const predictions = await model.predict(data.test.rows, data.test.cols)
  model.dispose()
  return { report, saved, predictions }
}

describe('webgpu engine: falling back to the CPU when the GPU goes', () => {
  it('a device lost mid-training moves to fastcpu, replays every step since the checkpoint, and the run ends as a CPU run would', async () => {
    const events: EngineFallback[] = []
    // No checkpoint after the start: the CPU replays all 8 steps from the initial parameters.
    const lost = await fitParams(withCpuFallback(losingDeviceBefore(9), fastcpu, (e) => events.push(e), { checkpointEverySteps: Number.MAX_SAFE_INTEGER }))
    const cpu = await fitParams(fastcpu)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      reason: 'device-lost',
      from: expect.stringMatching(/^webgpu \(/),
      to: expect.stringMatching(/^fastcpu/),
      replayedSteps: 8,
    })
    expect(events[0]!.message).toMatch(/GPU device lost \(destroyed\)/)
    // Same steps on the same CPU engine from the same start: the same model, bit for bit; nothing lost.
    expect(Array.from(lost.predictions)).toEqual(Array.from(cpu.predictions))
    expect(lost.report.epochs).toBe(config.maxEpochs)
  }, 120_000)

  it('with checkpoints, replays only the steps after the last one', async () => {
    const events: EngineFallback[] = []
    const lost = await fitParams(withCpuFallback(losingDeviceBefore(11), fastcpu, (e) => events.push(e), { checkpointEverySteps: 4 }))
    // 10 steps done on the GPU, checkpoints after 4 and 8: steps 9 and 10 are replayed, then 11 runs on the CPU.
    expect(events.map((e) => [e.reason, e.replayedSteps])).toEqual([['device-lost', 2]])
    expect(lost.predictions.every(Number.isFinite)).toBe(true)
    expect(lost.report.curve.every((p) => Number.isFinite(p.trainLoss))).toBe(true)
    // The CPU starts from the checkpoint's RMSProp averages too, so the run goes on as the
    // uninterrupted GPU run does, up to float rounding (fresh averages would take larger steps).
    const uninterrupted = await fitParams((setup) => createWebGpuEngine(setup))
    const gap = Math.max(...Array.from(lost.predictions, (v, i) => Math.abs(v - uninterrupted.predictions[i]!)))
    expect(gap).toBeLessThan(1e-4)
  }, 120_000)

  it('an out-of-memory error from the GPU worker falls back too; other errors fail the run', async () => {
    const failing =
      (message: string): NnmfEngineFactory =>
      async (setup) => {
        const gpu = await createWebGpuEngine(setup)
        let steps = 0
        return Object.assign(Object.create(null) as object, {
          name: gpu.name,
          setParams: gpu.setParams.bind(gpu),
          getParams: gpu.getParams.bind(gpu),
          resetOptimizer: gpu.resetOptimizer.bind(gpu),
          getOptimizerState: gpu.getOptimizerState.bind(gpu),
          setOptimizerState: gpu.setOptimizerState.bind(gpu),
          predict: gpu.predict.bind(gpu),
          lossAndGradients: gpu.lossAndGradients.bind(gpu),
          dispose: gpu.dispose.bind(gpu),
          step: async (...args: Parameters<NnmfEngine['step']>) => {
            // What worker-source.ts reports when the out-of-memory error scope catches an allocation failure.
            if (++steps === 3) throw new Error(message)
            return gpu.step(...args)
          },
        }) as NnmfEngine
      }
    const events: EngineFallback[] = []
    await fitParams(withCpuFallback(failing('GPU out of memory: Failed to allocate memory for buffer'), fastcpu, (e) => events.push(e)))
    expect(events.map((e) => e.reason)).toEqual(['out-of-memory'])
    await expect(fitParams(withCpuFallback(failing('WebGPU validation: binding size too small'), fastcpu, (e) => events.push(e)))).rejects.toThrow(/validation/)
    expect(events).toHaveLength(1)
  }, 120_000)

  it('a saved training run that lost its GPU completes and stores the note with its metrics', async () => {
    const db = openDatabase(tempDir())
    try {
      const datasetId = writePlantedDataset(db, plantedLowRank({ nRows: 40, nCols: 20, rank: 2, density: 0.5, noise: 0.1, seed: 4 }))
      const webgpu = await chooseNnmfEngine('webgpu')
      const fallbacks: EngineFallback[] = []
      const engine = { ...webgpu, factory: withCpuFallback(losingDeviceBefore(3), fastcpu, (e) => fallbacks.push(e)), fallbacks }
      // One batch an epoch on this small table, two steps: the device goes in the second epoch, just after
      // the run stored its first checkpoint (which read the parameters back), so nothing is replayed.
      const result = await trainAndSave(
        db,
        { datasetId, kind: 'nnmf', seed: 1, validationFraction: 0.1, overrides: { lambda: 1, maxEpochs: 2, architecture: config.architecture } },
        { engine },
      )
      const model = getModel(db, result.modelId)!
      expect(model.status).toBe('complete')
      expect(model.engine).toBe('webgpu')
      expect(model.metrics).toMatchObject({ engineFallback: { reason: 'device-lost', to: expect.stringMatching(/^fastcpu/), replayedSteps: 0 } })
    } finally {
      db.close()
    }
  }, 120_000)

  it('a pilot whose GPU is lost completes on the CPU and stores the note with its result', async () => {
    const db = openDatabase(tempDir())
    try {
      const datasetId = writePlantedDataset(db, plantedLowRank({ nRows: 80, nCols: 40, rank: 2, density: 0.8, noise: 0.1, seed: 5 }))
      const config = parsePilotConfig({ datasetId, models: ['mf', 'nnmf'], effortOverrides: { ...SMALL_EFFORT, nnmf: { ...SMALL_EFFORT.nnmf, maxEpochs: 6 } } })
      const id = createStoredPilot(db, config)
      const fallbacks: EngineFallback[] = []
      const webgpu = await chooseNnmfEngine('webgpu')
      // The first NNMF fit's GPU engine loses its device before its third step; the rest of the pilot starts on the CPU.
      const engine = { name: webgpu.name, label: webgpu.label, factory: withCpuFallback(losingDeviceBefore(3), fastcpu, (e) => fallbacks.push(e)), fallbacks }
      const result = await runStoredPilot(db, id, { engine })
      expect(result.engine).toMatchObject({ name: 'webgpu', label: webgpu.label, fallback: { reason: 'device-lost', to: expect.stringMatching(/^fastcpu/) } })
      expect(fallbacks).toHaveLength(1)
      expect(getPilot(db, id)).toMatchObject({ status: 'complete', engine: 'webgpu', result: { engine: { fallback: { reason: 'device-lost' } } } })
      expect(result.comparison).not.toBeNull()
    } finally {
      db.close()
    }
  }, 300_000)

  it('after a loss, later engines of the run start on the CPU; a GPU that cannot be created for the model falls back at once', async () => {
    const events: EngineFallback[] = []
    let gpuEngines = 0
    const counting: NnmfEngineFactory = (setup) => {
      gpuEngines++
      return createWebGpuEngine(setup, { loseDeviceAtStep: 2 })
    }
    const factory = withCpuFallback(counting, fastcpu, (e) => events.push(e))
    await fitParams(factory)
    const second = await fitParams(factory)
    expect(gpuEngines).toBe(1)
    expect(events.map((e) => e.reason)).toEqual(['device-lost'])
    expect(second.predictions.every(Number.isFinite)).toBe(true)

    const created: EngineFallback[] = []
    const gone: NnmfEngineFactory = async () => {
      throw new Error('WebGPU: requestAdapter() returned no adapter (no Vulkan, Metal or Direct3D 12 driver that Dawn accepts)')
    }
    const tooSmall: NnmfEngineFactory = async () => {
      throw new Error('WebGPU: parameters needs 300000000 bytes; this adapter allows 134217728')
    }
    await fitParams(withCpuFallback(gone, fastcpu, (e) => created.push(e)))
    await fitParams(withCpuFallback(tooSmall, fastcpu, (e) => created.push(e)))
    expect(created.map((e) => [e.reason, e.to.startsWith('fastcpu'), e.replayedSteps])).toEqual([
      ['device-lost', true, 0],
      ['out-of-memory', true, 0],
    ])
    // Any other failure to create the engine (a kernel the driver rejects) still fails the run.
    await expect(
      fitParams(
        withCpuFallback(
          async () => {
            throw new Error('WGSL (nnmf entries): 12:3 error')
          },
          fastcpu,
          (e) => created.push(e),
        ),
      ),
    ).rejects.toThrow(/WGSL/)
  }, 120_000)

  it('tells GPU failures the CPU can take over from other errors', () => {
    expect(gpuFailureReason(new Error('GPU device lost (destroyed): Device was destroyed.'))).toBe('device-lost')
    expect(gpuFailureReason(new Error('GPU worker exited (code 1)'))).toBe('device-lost')
    expect(gpuFailureReason(new Error('the GPU device is gone (disposed or never created)'))).toBe('device-lost')
    expect(gpuFailureReason(new Error('GPU out of memory: Failed to allocate'))).toBe('out-of-memory')
    expect(gpuFailureReason(new Error('WGSL (nnmf entries): 3:1 error'))).toBeNull()
    expect(gpuFailureReason(new Error('the WebGPU engine was disposed'))).toBeNull()
  })
})
