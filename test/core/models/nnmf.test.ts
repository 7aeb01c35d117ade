import { afterAll, describe, expect, it } from 'vitest'
import { auc, rmse } from '../../../src-main/core/eval/metrics.js'
import { createMfModel } from '../../../src-main/core/models/mf.js'
import type { NnmfEngineFactory } from '../../../src-main/core/models/nnmf/engine.js'
import { createFastCpuEngine } from '../../../src-main/core/models/nnmf/fastcpu/index.js'
import { createNnmfModel, type NnmfConfig } from '../../../src-main/core/models/nnmf/model.js'
import { createReferenceEngine } from '../../../src-main/core/models/nnmf/reference-engine.js'
import { loadModel } from '../../../src-main/core/models/registry.js'
import type { Model } from '../../../src-main/core/models/model.js'
import { createRng } from '../../../src-main/core/random.js'
import { splitForValidation } from '../../../src-main/core/training/split.js'
import { lowRank, plant } from './planted.js'

const fast: NnmfEngineFactory = (setup) => createFastCpuEngine(setup, { threads: 1 })
const SMALL: Partial<NnmfConfig> = {
  architecture: { d: 4, dPrime: 8, k: 1, hidden: [32, 32] },
  lambda: 0.3,
  batchSize: 256,
  learningRate: 1e-2,
  maxEpochs: 150,
  patience: 10,
}

const models: Model[] = []
afterAll(() => models.forEach((m) => m.dispose()))

/**
 * A non-linear interaction: |u_r · v_c| for 3-D row and column factors. The kink makes it far from
 * low rank (a smooth function like a distance would not be: ‖a − b‖² has rank d + 2), so MF needs
 * many latents while the network only has to learn |Σ h|.
 */
function absoluteInteraction(nRows: number, nCols: number, seed: number): (r: number, c: number) => number {
  const rng = createRng(seed)
  const a = Float64Array.from({ length: nRows * 3 }, () => rng.normal())
  const b = Float64Array.from({ length: nCols * 3 }, () => rng.normal())
  return (r, c) => Math.abs(a[3 * r]! * b[3 * c]! + a[3 * r + 1]! * b[3 * c + 1]! + a[3 * r + 2]! * b[3 * c + 2]!)
}

async function testRmse(model: Model, data: ReturnType<typeof plant>, seed = 0): Promise<{ value: number; report: Awaited<ReturnType<Model['fit']>> }> {
  const { train, validation } = splitForValidation(data.train, 0.1, createRng(seed + 1))
  models.push(model)
  const report = await model.fit(train, { validation, seed })
  return { value: rmse(await model.predict(data.test.rows, data.test.cols), data.test.values), report }
}

describe('NNMF model', () => {
  it('beats MF clearly on a planted non-linear interaction', async () => {
    const data = plant(120, 100, 0.5, absoluteInteraction(120, 100, 1), { seed: 2, noise: 0.05 })
    const nnmf = await testRmse(createNnmfModel(fast, SMALL), data)
    const mfScores = await Promise.all([2, 4, 8, 16].map(async (d) => (await testRmse(createMfModel({ d, lambda: 1, lambdaBias: 1 }), data)).value))
    expect(nnmf.value).toBeLessThan(0.8 * Math.min(...mfScores))
  })

  it('does not beat MF clearly on planted low-rank data', async () => {
    const data = plant(120, 100, 0.5, lowRank(120, 100, 2, 3), { seed: 4, noise: 0.1 })
    const nnmf = await testRmse(createNnmfModel(fast, SMALL), data)
    const mf = await testRmse(createMfModel({ d: 2, lambda: 1, lambdaBias: 1 }), data)
    expect(nnmf.value).toBeGreaterThan(0.9 * mf.value)
  })

  it('restores the best epoch, saves and loads bitwise, and is deterministic for a seed', async () => {
    const data = plant(60, 50, 0.5, absoluteInteraction(60, 50, 5), { seed: 6, noise: 0.05 })
    const { train, validation } = splitForValidation(data.train, 0.1, createRng(1))
    const config = { ...SMALL, maxEpochs: 30, patience: 3, learningRate: 2e-2 }
    const a = createNnmfModel(fast, config)
    const b = createNnmfModel(fast, config)
    models.push(a, b)
    const report = await a.fit(train, { validation, seed: 9 })
    await b.fit(train, { validation, seed: 9 })
    // The kept parameters score exactly the best epoch's validation loss, not the last epoch's.
    const valPredictions = await a.predict(validation.rows, validation.cols)
    expect(rmse(valPredictions, validation.values)).toBeCloseTo(report.bestValidationLoss!, 6)
    const last = report.curve[report.curve.length - 1]!
    expect(report.bestValidationLoss).toBeLessThanOrEqual(last.validationLoss!)
    const before = await a.predict(data.test.rows, data.test.cols)
    expect(await b.predict(data.test.rows, data.test.cols)).toEqual(before)
    const saved = a.toSaved()
    // The config goes through JSON as it does in the store.
    const loaded = loadModel(
      { ...(JSON.parse(JSON.stringify({ kind: saved.kind, config: saved.config })) as typeof saved), blobs: saved.blobs },
      { nnmfEngine: fast },
    )
    models.push(loaded)
    const after = await loaded.predict(data.test.rows, data.test.cols)
    expect(Buffer.from(after.buffer).equals(Buffer.from(before.buffer))).toBe(true)
  })

  it('can be checkpointed mid-training: a checkpoint loads and predicts what the live model predicted', async () => {
    const data = plant(50, 40, 0.5, lowRank(50, 40, 2, 16), { seed: 17, noise: 0.1 })
    const model = createNnmfModel(fast, { ...SMALL, maxEpochs: 4 })
    models.push(model)
    let checkpoint: { saved: ReturnType<Model['toSaved']>; predictions: Float64Array } | undefined
    await model.fit(data.train, {
      seed: 0,
      onEpochEnd: async (p) => {
        if (p.epoch === 2) checkpoint = { saved: model.toSaved(), predictions: await model.predict(data.test.rows, data.test.cols) }
      },
    })
    const restored = loadModel(checkpoint!.saved, { nnmfEngine: fast })
    models.push(restored)
    expect(await restored.predict(data.test.rows, data.test.cols)).toEqual(checkpoint!.predictions)
    expect(await model.predict(data.test.rows, data.test.cols)).not.toEqual(checkpoint!.predictions)
  })

  it('fits 0/1 data with logistic loss and returns probabilities that rank failures first', async () => {
    const truth = lowRank(100, 60, 2, 13)
    const rng = createRng(14)
    const binary = plant(100, 60, 0.5, (r, c) => (truth(r, c) - 3 + 0.3 * rng.normal() > 0 ? 1 : 0), { seed: 15, noise: 0 })
    const { train, validation } = splitForValidation(binary.train, 0.1, createRng(2))
    const model = createNnmfModel(fast, { ...SMALL, loss: 'logistic' })
    models.push(model)
    const report = await model.fit(train, { validation, seed: 0 })
    expect(report.curve[0]!.validationLoss).toBeGreaterThan(report.bestValidationLoss!) // log loss went down
    const p = await model.predict(binary.test.rows, binary.test.cols)
    expect(p.every((q) => q >= 0 && q <= 1)).toBe(true)
    expect(auc(p, binary.test.values)).toBeGreaterThan(0.85)
  })

  it('trains through the scalar reference engine too, and stops when aborted', async () => {
    const data = plant(20, 15, 0.6, lowRank(20, 15, 2, 7), { seed: 8, noise: 0.1 })
    const tiny: Partial<NnmfConfig> = { architecture: { d: 2, dPrime: 3, k: 1, hidden: [4] }, batchSize: 64, learningRate: 1e-2, maxEpochs: 4, lambda: 1 }
    const model = createNnmfModel(createReferenceEngine, tiny)
    models.push(model)
    const seen: number[] = []
    const report = await model.fit(data.train, { seed: 0, onProgress: (p) => seen.push(p.epoch) })
    expect(seen).toEqual([1, 2, 3, 4])
    expect(report.curve[3]!.trainLoss).toBeLessThan(report.curve[0]!.trainLoss)
    const controller = new AbortController()
    const again = createNnmfModel(createReferenceEngine, { ...tiny, maxEpochs: 1000 })
    models.push(again)
    const fit = again.fit(data.train, { seed: 0, signal: controller.signal, onProgress: (p) => p.epoch === 2 && controller.abort() })
    await expect(fit).rejects.toThrow(/abort/i)
  })
})
