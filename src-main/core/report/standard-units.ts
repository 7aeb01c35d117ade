/**
 * Held-out cells of columns in different units (a temperature near 20, a pressure near 9000) drawn on
 * one predicted-against-actual plane make one useless diagonal. In standard units each column's
 * values become (value − column mean) ÷ column standard deviation, both measured on the sample's
 * actual values of that column, so every column spreads around 0 on the same scale.
 */
export interface ScatterPoints<P extends { values: number[] }> {
  col: number[]
  actual: number[]
  predicted: P[]
}

/** The same points in standard units; the app's chart and the report's both draw mixed-unit pilots this way. */
export function toStandardUnits<P extends { values: number[] }>(points: ScatterPoints<P>): ScatterPoints<P> {
  const sums = new Map<number, { n: number; sum: number; sumSq: number }>()
  points.actual.forEach((y, i) => {
    const c = points.col[i]!
    const s = sums.get(c) ?? { n: 0, sum: 0, sumSq: 0 }
    s.n++
    s.sum += y
    s.sumSq += y * y
    sums.set(c, s)
  })
  const scale = new Map<number, { mean: number; sd: number }>()
  for (const [c, s] of sums) {
    const mean = s.sum / s.n
    const variance = s.n > 1 ? Math.max(0, (s.sumSq - s.n * mean * mean) / (s.n - 1)) : 0
    scale.set(c, { mean, sd: Math.sqrt(variance) })
  }
  // A column with one sampled cell or no spread has no standard unit: its points are left out.
  const keep = points.actual.map((_, i) => (scale.get(points.col[i]!)?.sd ?? 0) > 0)
  const z = (v: number, i: number): number => {
    const s = scale.get(points.col[i]!)!
    return (v - s.mean) / s.sd
  }
  const pick = <T>(values: T[]): T[] => values.filter((_, i) => keep[i])
  return {
    col: pick(points.col),
    actual: pick(points.actual.map(z)),
    predicted: points.predicted.map((p) => ({ ...p, values: pick(p.values.map(z)) })),
  }
}
