import { afterAll, describe, expect, it } from 'vitest'
import { rmse } from '../../../src-main/core/eval/metrics.js'
import type { SparseMatrix } from '../../../src-main/core/matrix/sparse.js'
import { createBiasModel } from '../../../src-main/core/models/bias.js'
import { createMfModel } from '../../../src-main/core/models/mf.js'
import type { Model, Predictor } from '../../../src-main/core/models/model.js'
import { createFastCpuEngine } from '../../../src-main/core/models/nnmf/fastcpu/index.js'
import { createNnmfModel } from '../../../src-main/core/models/nnmf/model.js'
import { foldIn } from '../../../src-main/core/training/fold-in.js'
import { lowRank, plant } from '../models/planted.js'

/**
 * 150 known rows train the models; 40 new rows (machines never seen) come with ~half their cells
 * observed for fold-in, and are scored on their other half.
 */
const N_OLD = 150
const N_NEW = 40
const truth = lowRank(N_OLD + N_NEW, 80, 3, 11)
const all = plant(N_OLD + N_NEW, 80, 0.4, truth, { seed: 12, noise: 0.1, testFraction: 0.5 })

function rowsWhere(m: SparseMatrix, keep: (r: number) => boolean, shift: number, nRows: number): SparseMatrix {
  const idx: number[] = []
  for (let i = 0; i < m.rows.length; i++) if (keep(m.rows[i]!)) idx.push(i)
  return {
    nRows,
    nCols: m.nCols,
    rows: Int32Array.from(idx, (i) => m.rows[i]! - shift),
    cols: Int32Array.from(idx, (i) => m.cols[i]!),
    values: Float64Array.from(idx, (i) => m.values[i]!),
  }
}
// Known rows: all their cells train. New rows: "train" half is their fold-in data, "test" half is held out.
const known = rowsWhere({ ...all.train, values: all.train.values }, (r) => r < N_OLD, 0, N_OLD)
const knownMore = rowsWhere(all.test, (r) => r < N_OLD, 0, N_OLD)
const train: SparseMatrix = {
  nRows: N_OLD,
  nCols: 80,
  rows: Int32Array.from([...known.rows, ...knownMore.rows]),
  cols: Int32Array.from([...known.cols, ...knownMore.cols]),
  values: Float64Array.from([...known.values, ...knownMore.values]),
}
const newObserved = rowsWhere(all.train, (r) => r >= N_OLD, N_OLD, N_NEW)
const newHeldOut = rowsWhere(all.test, (r) => r >= N_OLD, N_OLD, N_NEW)

const open: Array<Model | Predictor> = []
afterAll(() => open.forEach((x) => x.dispose()))

async function foldedRmse(model: Model): Promise<number> {
  open.push(model)
  await model.fit(train, { seed: 0 })
  const predictor = await foldIn(model, newObserved, { seed: 1 })
  open.push(predictor)
  return rmse(await predictor.predict(newHeldOut.rows, newHeldOut.cols), newHeldOut.values)
}

describe('fold-in', () => {
  it('MF and NNMF fold-in beat the row/column bias baseline on held-out cells of new rows', async () => {
    const bias = await foldedRmse(createBiasModel())
    const mf = await foldedRmse(createMfModel({ d: 3, lambda: 1, lambdaBias: 1 }))
    const nnmf = await foldedRmse(
      createNnmfModel((s) => createFastCpuEngine(s, { threads: 1 }), {
        architecture: { d: 4, dPrime: 8, k: 1, hidden: [32, 32] },
        lambda: 0.3,
        batchSize: 256,
        learningRate: 1e-2,
        maxEpochs: 60,
      }),
    )
    expect(newObserved.values.length).toBeGreaterThan(300)
    expect(mf).toBeLessThan(0.5 * bias)
    expect(nnmf).toBeLessThan(0.8 * bias)
  })

  it('leaves the trained model untouched', async () => {
    const model = createMfModel({ d: 3, lambda: 1 })
    await model.fit(train, { seed: 0 })
    const before = await model.predict(train.rows, train.cols)
    const predictor = await foldIn(model, newObserved, { seed: 1 })
    expect(await model.predict(train.rows, train.cols)).toEqual(before)
    // a new row with no observations falls back to μ + column bias
    const empty = await (
      await foldIn(model, { ...newObserved, rows: new Int32Array(0), cols: new Int32Array(0), values: new Float64Array(0) }, { seed: 1 })
    ).predict(Int32Array.of(0), Int32Array.of(5))
    expect(Number.isFinite(empty[0]!)).toBe(true)
    predictor.dispose()
  })
})
