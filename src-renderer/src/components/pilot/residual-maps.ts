/** The stored residual heat-map as the results page needs it (the shape of ResidualHeatmap, without the web aliases). */
export interface StoredHeatmap {
  rowEdges: number[]
  colEdges: number[]
  values: Partial<Record<'mf' | 'nnmf', (number | null)[][]>>
}

export interface ResidualMap {
  model: 'mf' | 'nnmf'
  values: (number | null)[][]
  rowLabels: string[]
  colLabels: string[]
  /** The darkest colour: the largest block of either map, so the two read on one scale. */
  max: number
}

/**
 * MF's and NNMF's maps, without the column blocks where no test cell fell in either: constant
 * columns are left out of the scores, and drawn they looked like columns with no error at all.
 */
export function residualMaps(heatmap: StoredHeatmap | null | undefined): ResidualMap[] {
  if (!heatmap) return []
  const models = (['mf', 'nnmf'] as const).filter((m) => heatmap.values[m])
  const grids = models.map((m) => heatmap.values[m]!)
  const kept = heatmap.colEdges.map((_, c) => c).filter((c) => grids.some((grid) => grid.some((row) => row[c] !== null && row[c] !== undefined)))
  const all = grids.flatMap((grid) => grid.flat().filter((v): v is number => v !== null))
  const max = all.length ? Math.max(...all) : 1
  return models.map((model, i) => ({
    model,
    values: grids[i]!.map((row) => kept.map((c) => row[c] ?? null)),
    rowLabels: heatmap.rowEdges.map((e) => String(e + 1)),
    colLabels: kept.map((c) => String(heatmap.colEdges[c]! + 1)),
    max,
  }))
}
