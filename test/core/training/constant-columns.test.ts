import { describe, expect, it } from 'vitest'
import { createModel } from '../../../src-main/core/models/create.js'
import { MODEL_KINDS, type ModelKind } from '../../../src-main/core/models/specs.js'
import { createReferenceEngine } from '../../../src-main/core/models/nnmf/reference-engine.js'
import { loadModel } from '../../../src-main/core/models/registry.js'
import type { SparseMatrix } from '../../../src-main/core/matrix/sparse.js'
import { createRng } from '../../../src-main/core/random.js'
import { ColumnScaler } from '../../../src-main/core/fitting/scaling.js'

/** A 40 × 6 sensor table; column 2 is a sensor always at 0.03, the rest vary. */
function sensorTable(): SparseMatrix {
  const rng = createRng(11)
  const rows: number[] = []
  const cols: number[] = []
  const values: number[] = []
  for (let r = 0; r < 40; r++)
    for (let c = 0; c < 6; c++) {
      rows.push(r)
      cols.push(c)
      values.push(c === 2 ? 0.03 : 10 * c + rng.normal())
    }
  return { nRows: 40, nCols: 6, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Float64Array.from(values) }
}

/** Small settings for the slow models; every registered model runs (the others with their defaults). */
const overrides: Partial<Record<ModelKind, Record<string, unknown>>> = {
  mean: {},
  bias: { maxEpochs: 5 },
  mf: { d: 2, maxEpochs: 5 },
  nnmf: { architecture: { d: 2, dPrime: 3, k: 1, hidden: [4] }, batchSize: 64, learningRate: 1e-2, maxEpochs: 3 },
}

describe('constant columns', () => {
  it.each(MODEL_KINDS)('%s predicts a column constant in training as exactly that constant, saved and reloaded too', async (kind) => {
    const train = sensorTable()
    const model = createModel(kind, { layout: 'wide', valueKind: 'numeric', nnmfEngine: createReferenceEngine, overrides: overrides[kind] ?? {} })
    await model.fit(train, { seed: 0 })
    const rows = Int32Array.from({ length: 40 }, (_, r) => r)
    const cols = new Int32Array(40).fill(2)
    expect(Array.from(await model.predict(rows, cols))).toEqual(new Array(40).fill(0.03))
    // The config goes through JSON as the store keeps it; blobs stay typed arrays.
    const saved = model.toSaved()
    const reloaded = loadModel({ ...saved, config: JSON.parse(JSON.stringify(saved.config)) }, { nnmfEngine: createReferenceEngine })
    expect(Array.from(await reloaded.predict(rows, cols))).toEqual(new Array(40).fill(0.03))
    model.dispose()
    reloaded.dispose()
  })

  it('a scaler state saved before constants were recorded maps predictions back as it did', () => {
    const scaler = ColumnScaler.fit(sensorTable())
    expect(scaler.toState().constant).toEqual([2])
    const { constant: _, ...older } = scaler.toState()
    const old = ColumnScaler.fromState(older)
    const out = old.inverseInPlace(Float64Array.from([0.5, 0.5]), Int32Array.from([2, 3]))
    expect(out[0]).toBe(0.5 * 1 + 0.03)
    expect(out[1]).toBeCloseTo(0.5 * scaler.scales[3]! + scaler.means[3]!, 12)
    expect(scaler.inverseInPlace(Float64Array.from([0.5]), Int32Array.from([2]))[0]).toBe(0.03)
  })
})
