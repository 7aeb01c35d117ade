import { describe, expect, it } from 'vitest'
import type { SparseMatrix } from '../../../src-main/core/matrix/sparse.js'
import { createMfModel } from '../../../src-main/core/models/mf.js'
import { createRng } from '../../../src-main/core/random.js'
import { EarlyStopping } from '../../../src-main/core/fitting/early-stopping.js'
import { ColumnScaler } from '../../../src-main/core/fitting/scaling.js'
import { logGrid } from '../../../src-main/core/training/select.js'
import { splitForValidation, splitTrainValidationTest } from '../../../src-main/core/training/split.js'
import { TargetSpace, defaultScaling } from '../../../src-main/core/fitting/targets.js'

function matrix(cells: [number, number, number][], nRows = 3, nCols = 2): SparseMatrix {
  return { nRows, nCols, rows: Int32Array.from(cells, (c) => c[0]), cols: Int32Array.from(cells, (c) => c[1]), values: Float64Array.from(cells, (c) => c[2]) }
}

describe('splits', () => {
  const m = matrix(Array.from({ length: 1000 }, (_, i) => [i % 3, i % 2, i] as [number, number, number]))
  it('uses the reference protocol sizes and partitions the entries', () => {
    const s = splitTrainValidationTest(m, 0)
    expect([s.test.values.length, s.validation.values.length, s.train.values.length]).toEqual([100, 18, 882])
    const seen = [...s.test.values, ...s.validation.values, ...s.train.values].sort((a, b) => a - b)
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(splitTrainValidationTest(m, 0).test.values).toEqual(s.test.values)
    expect(splitTrainValidationTest(m, 1).test.values).not.toEqual(s.test.values)
  })
  it('holds out 2 % for validation by default', () => {
    const { train, validation } = splitForValidation(m, undefined, createRng(4))
    expect(validation.values.length).toBe(20)
    expect(train.values.length).toBe(980)
  })
})

describe('column scaling', () => {
  it('centres and scales each column on training entries and maps back exactly', () => {
    const m = matrix([
      [0, 0, 1],
      [1, 0, 3],
      [0, 1, 1000],
      [1, 1, 1000],
      [2, 1, 1000],
    ])
    const scaler = ColumnScaler.fit(m)
    expect(Array.from(scaler.means)).toEqual([2, 1000])
    expect(Array.from(scaler.scales)).toEqual([1, 1]) // column 0: std 1; column 1: no spread → 1
    const t = scaler.transform(m)
    expect(Array.from(t.values)).toEqual([-1, 1, 0, 0, 0])
    const back = scaler.inverseInPlace(t.values.slice(), m.cols)
    expect(Array.from(back)).toEqual(Array.from(m.values))
    expect(ColumnScaler.fromState(JSON.parse(JSON.stringify(scaler.toState())))).toEqual(scaler)
  })

  it('lets MF fit mixed-unit columns and predict in original units', async () => {
    const rng = createRng(1)
    const cells: [number, number, number][] = []
    for (let r = 0; r < 80; r++) {
      const z = rng.normal()
      cells.push([r, 0, 20 + 5 * z], [r, 1, 1e5 + 2e3 * z + 50 * rng.normal()], [r, 2, 0.01 * z])
    }
    const m = matrix(cells, 80, 3)
    const model = createMfModel({ scaling: true, d: 1, lambda: 0.1, lambdaBias: 0.1 })
    await model.fit(m, { seed: 0 })
    const p = await model.predict(m.rows, m.cols)
    // column 1 lives around 1e5: its predictions do too, within its own noise
    const col1 = cells.map((c, i) => [c, p[i]!] as const).filter(([c]) => c[1] === 1)
    const err = Math.sqrt(col1.reduce((s, [c, q]) => s + (c[2] - q) ** 2, 0) / col1.length)
    expect(err).toBeLessThan(300)
    expect(defaultScaling('wide', 'numeric')).toBe(true)
    expect(defaultScaling('long', 'numeric')).toBe(false)
  })

  it('scores validation within the training range, so one cell far outside it cannot own the score', () => {
    // Column 0 barely moves in training (SD 0.01): a held-out 25.0 sits 500 SDs out.
    const train = matrix([
      [0, 0, 10.0],
      [1, 0, 10.02],
      [2, 0, 10.01],
      [0, 1, 1],
      [1, 1, 3],
      [2, 1, 2],
    ])
    const space = TargetSpace.fit(train, { loss: 'squared', scaling: true })
    const scaled = space.toTraining(
      matrix([
        [0, 0, 25.0],
        [1, 1, 3],
      ]),
    ).values
    expect(scaled[0]).toBeGreaterThan(1000)
    // Predicting the column means (0 in training units): the far cell counts as the training extreme.
    const score = space.score([0, 0], scaled)
    expect(score).toBeCloseTo(Math.sqrt((space.hi ** 2 + scaled[1]! ** 2) / 2), 12)
    expect(score).toBeLessThan(2)
    // Within the range nothing changes: plain RMSE.
    expect(space.score([0.5, -0.5], [0.25, -0.25])).toBeCloseTo(0.25, 12)
  })

  it('rejects non-0/1 values for logistic loss', () => {
    expect(() => TargetSpace.fit(matrix([[0, 0, 2]]), { loss: 'logistic', scaling: false })).toThrow(/0\/1/)
  })
})

describe('early stopping', () => {
  it('stops after `patience` epochs without improvement and keeps the best snapshot', () => {
    const stopper = new EarlyStopping<string>(2)
    const scores = [1.0, 0.8, 0.85, 0.7, 0.75, 0.72, 0.9]
    let stoppedAt = -1
    for (const [i, s] of scores.entries()) {
      if (stopper.update(i + 1, s, () => `epoch ${i + 1}`)) {
        stoppedAt = i + 1
        break
      }
    }
    expect(stoppedAt).toBe(6)
    expect(stopper.best).toEqual({ epoch: 4, score: 0.7, snapshot: 'epoch 4' })
  })
})

describe('log grid', () => {
  it('spans decades around the centre', () => {
    const grid = logGrid(10, 2, 10)
    expect(grid.map((x) => Number(x.toPrecision(6)))).toEqual([0.1, 1, 10, 100, 1000])
  })
})
