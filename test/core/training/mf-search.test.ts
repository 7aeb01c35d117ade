import { describe, expect, it } from 'vitest'
import { rmse } from '../../../src-main/core/eval/metrics.js'
import type { SparseMatrix } from '../../../src-main/core/matrix/sparse.js'
import { createBiasModel } from '../../../src-main/core/models/bias.js'
import { createMfModel } from '../../../src-main/core/models/mf.js'
import { createRng } from '../../../src-main/core/random.js'
import { hyperparameterConfig, searchCandidates, type Hyperparameters } from '../../../src-main/core/training/hyperparameters.js'
import { selectByValidation } from '../../../src-main/core/training/select.js'
import { splitForValidation } from '../../../src-main/core/training/split.js'
import { plant } from '../models/planted.js'

/**
 * A dense table with few columns (machines × a dozen sensors): a shared row level, three weaker
 * factors and noise, in units where the spread is a few units (scaling off, as for long tables).
 * Here the best ℓ2 weight lies between 10 and 100: at λ = 10 MF overfits its few cells per row, at
 * λ = 100 it shrinks the factors away; a grid stepping ×10 picks one of the two and under-fits MF
 * by ~9 % against the best fit of the true rank (the pattern of issue 10 on a 20k × 24 sensor table).
 */
function denseSensorTable(): { train: SparseMatrix; validation: SparseMatrix; test: SparseMatrix } {
  const nRows = 2500
  const nCols = 12
  const rank = 3
  const unit = 3
  const rng = createRng(11)
  const level = Array.from({ length: nRows }, () => rng.normal())
  const U = Array.from({ length: nRows * rank }, () => rng.normal())
  const V = Array.from({ length: nCols * rank }, () => 0.5 * rng.normal())
  const truth = (r: number, c: number): number => {
    let s = 0.8 * level[r]!
    for (let k = 0; k < rank; k++) s += U[r * rank + k]! * V[c * rank + k]!
    return unit * s
  }
  const data = plant(nRows, nCols, 1, truth, { seed: 12, noise: 0.6 * unit, testFraction: 0.1 })
  return { ...splitForValidation(data.train, 0.05, createRng(13)), test: data.test }
}

describe('the MF search on a dense table with few columns', () => {
  it('chooses an MF close to the best fit of the true rank and clearly better than the bias model', async () => {
    const { train, validation, test } = denseSensorTable()
    const testRmse = async (model: { predict(rows: Int32Array, cols: Int32Array): Promise<Float64Array> }): Promise<number> =>
      rmse(await model.predict(test.rows, test.cols), test.values)
    const mf = (c: Hyperparameters) => createMfModel({ ...hyperparameterConfig('mf', c), maxEpochs: 25, patience: 3 })

    const searched = await selectByValidation(searchCandidates('mf'), mf, train, validation, { seed: 0 })
    // The oracle knows the rank (3 plus the row level) and tries λ finely.
    const oracle = await selectByValidation(
      [10, 20, 30, 50].map((lambda) => ({ d: 3, lambda })),
      mf,
      train,
      validation,
      { seed: 0 },
    )
    const bias = createBiasModel()
    await bias.fit(train, { validation, seed: 0 })

    const chosen = await testRmse(searched.model)
    expect(chosen).toBeLessThan(1.03 * (await testRmse(oracle.model)))
    expect(chosen).toBeLessThan(0.8 * (await testRmse(bias)))
  }, 60_000)
})
