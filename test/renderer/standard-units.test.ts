import { describe, expect, it } from 'vitest'
import { toStandardUnits } from '../../src-main/core/report/standard-units.js'

describe('predicted against actual in standard units', () => {
  it('puts columns in different units on one scale, each by its own mean and spread', () => {
    // Column 0 near 20 (spread 1), column 1 near 9000 (spread 100); predictions off by half a spread.
    const points = {
      col: [0, 0, 0, 1, 1, 1],
      actual: [19, 20, 21, 8900, 9000, 9100],
      predicted: [{ model: 'mf', name: 'MF', values: [19.5, 20, 21.5, 8950, 9000, 9150] }],
    }
    const z = toStandardUnits(points)
    expect(z.actual).toEqual([-1, 0, 1, -1, 0, 1])
    expect(z.predicted[0]!.values.map((v) => Number(v.toFixed(6)))).toEqual([-0.5, 0, 1.5, -0.5, 0, 1.5])
  })

  it('leaves out a column with no spread in the sample (no standard unit there)', () => {
    const z = toStandardUnits({ col: [0, 0, 1, 1], actual: [0.03, 0.03, 1, 3], predicted: [{ model: 'mf', name: 'MF', values: [0.03, 0.03, 2, 2] }] })
    expect(z.col).toEqual([1, 1])
    expect(z.actual[0]).toBeCloseTo(-Math.SQRT1_2, 12)
    expect(z.actual[1]).toBeCloseTo(Math.SQRT1_2, 12)
  })
})
