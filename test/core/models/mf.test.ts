import { describe, expect, it } from 'vitest'
import { auc, averagePrecision, rmse } from '../../../src-main/core/eval/metrics.js'
import { createBiasModel } from '../../../src-main/core/models/bias.js'
import { createMeanModel } from '../../../src-main/core/models/mean.js'
import { BiasedMfModel, createMfModel } from '../../../src-main/core/models/mf.js'
import { createRng } from '../../../src-main/core/random.js'
import { logGrid, selectByValidation } from '../../../src-main/core/training/select.js'
import { splitForValidation } from '../../../src-main/core/training/split.js'
import { lowRank, plant } from './planted.js'

const SIGMA = 0.1

describe('biased MF', () => {
  const data = plant(200, 150, 0.3, lowRank(200, 150, 3, 1), { seed: 2, noise: SIGMA })
  const { train, validation } = splitForValidation(data.train, 0.05, createRng(3))

  it('recovers a planted rank-3 matrix to near its noise floor, with λ and d chosen on validation', async () => {
    const candidates = [3, 10].flatMap((d) => logGrid(1, 1).map((lambda) => ({ d, lambda })))
    const selection = await selectByValidation(candidates, (c) => createMfModel({ ...c, lambdaBias: c.lambda }), train, validation, { seed: 0 })
    expect(selection.scores).toHaveLength(6)
    const testRmse = rmse(await selection.model.predict(data.test.rows, data.test.cols), data.test.values)
    expect(testRmse).toBeLessThan(1.3 * SIGMA)
    // the chosen candidate is the one with the lowest validation loss
    const lowest = Math.min(...selection.scores.map((s) => s.validationLoss))
    expect(selection.scores.find((s) => s.candidate === selection.chosen)!.validationLoss).toBe(lowest)
  })

  it('beats the bias model, which beats the mean', async () => {
    const score = async (model: { fit: BiasedMfModel['fit']; predict: BiasedMfModel['predict'] }): Promise<number> => {
      await model.fit(train, { validation, seed: 0 })
      return rmse(await model.predict(data.test.rows, data.test.cols), data.test.values)
    }
    const mean = await score(createMeanModel())
    const bias = await score(createBiasModel())
    const mf = await score(createMfModel({ d: 3, lambda: 1 }))
    expect(bias).toBeLessThan(0.95 * mean)
    expect(mf).toBeLessThan(0.5 * bias)
  })

  it('also fits with the full-batch RMSProp solver', async () => {
    const model = createMfModel({ d: 3, lambda: 1, solver: 'rmsprop', learningRate: 0.01, maxEpochs: 60 })
    await model.fit(train, { validation, seed: 0 })
    expect(rmse(await model.predict(data.test.rows, data.test.cols), data.test.values)).toBeLessThan(2 * SIGMA)
  })

  it('is deterministic for a seed and reports a progress curve', async () => {
    const seen: number[] = []
    const a = createMfModel({ d: 3, lambda: 1, solver: 'rmsprop', maxEpochs: 5 })
    const report = await a.fit(train, { validation, seed: 7, onProgress: (p) => seen.push(p.epoch) })
    const b = createMfModel({ d: 3, lambda: 1, solver: 'rmsprop', maxEpochs: 5 })
    await b.fit(train, { validation, seed: 7 })
    expect(await a.predict(data.test.rows, data.test.cols)).toEqual(await b.predict(data.test.rows, data.test.cols))
    expect(seen).toEqual([1, 2, 3, 4, 5])
    expect(report.curve.map((p) => p.validationLoss! > 0)).toEqual([true, true, true, true, true])
  })

  it('stops when aborted', async () => {
    const controller = new AbortController()
    const model = createMfModel({ d: 3, maxEpochs: 1000, patience: 1000 })
    const fit = model.fit(train, { validation, seed: 0, signal: controller.signal, onProgress: (p) => p.epoch === 3 && controller.abort() })
    await expect(fit).rejects.toThrow(/abort/i)
  })

  it('fits 0/1 data with a sigmoid link and returns probabilities', async () => {
    const truth = lowRank(120, 80, 2, 5)
    const rng = createRng(9)
    const binary = plant(120, 80, 0.5, (r, c) => (truth(r, c) - 3 + 0.3 * rng.normal() > 0 ? 1 : 0), { seed: 4, noise: 0 })
    const model = createMfModel({ loss: 'logistic', d: 2, lambda: 1, lambdaBias: 1 })
    await model.fit(binary.train, { seed: 0 })
    const p = await model.predict(binary.test.rows, binary.test.cols)
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...p)).toBeLessThanOrEqual(1)
    const accuracy = p.reduce((acc, q, i) => acc + ((q > 0.5 ? 1 : 0) === binary.test.values[i] ? 1 : 0), 0) / p.length
    expect(accuracy).toBeGreaterThan(0.85)
    expect(auc(p, binary.test.values)).toBeGreaterThan(0.9)
    expect(averagePrecision(p, binary.test.values)).toBeGreaterThan(0.85)
    // the bias-only logistic model ranks worse than MF on this interaction
    const bias = createBiasModel({ loss: 'logistic', lambdaBias: 1 })
    await bias.fit(binary.train, { seed: 0 })
    expect(auc(await bias.predict(binary.test.rows, binary.test.cols), binary.test.values)).toBeLessThan(auc(p, binary.test.values))
  })
})
