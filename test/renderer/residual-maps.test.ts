import { describe, expect, it } from 'vitest'
import { residualMaps } from '../../src-renderer/src/components/pilot/residual-maps.js'

describe("the results page's residual heat-maps", () => {
  it('leave out the column blocks with no test cell in either map (constant columns), keeping the others’ numbers', () => {
    const maps = residualMaps({
      rowEdges: [0, 100],
      colEdges: [0, 1, 2, 3],
      values: {
        mf: [
          [0.5, null, 0.25, null],
          [0.75, null, null, null],
        ],
        nnmf: [
          [0.5, null, 1.5, null],
          [0.25, null, 0.5, null],
        ],
      },
    })
    expect(maps.map((m) => m.model)).toEqual(['mf', 'nnmf'])
    expect(maps[0]!.colLabels).toEqual(['1', '3'])
    expect(maps[0]!.rowLabels).toEqual(['1', '101'])
    expect(maps[0]!.values).toEqual([
      [0.5, 0.25],
      [0.75, null],
    ])
    expect(maps[1]!.values).toEqual([
      [0.5, 1.5],
      [0.25, 0.5],
    ])
    expect(maps.every((m) => m.max === 1.5)).toBe(true)
  })

  it('draws nothing for a pilot without a heat-map', () => {
    expect(residualMaps(null)).toEqual([])
  })
})
