import type { Db } from '../store/open.js'

/** Coverage histograms have ten bins of ten percentage points each: 0–10%, 10–20%, …, 90–100%. */
export const COVERAGE_BINS = 10

/**
 * The bin of a row (or column) with `observed` of its `total` cells observed: bin i holds
 * fractions in [i/bins, (i+1)/bins), and the last bin also holds exactly 100%. Integer
 * arithmetic, so a row at exactly 20% lands in the 20–30% bin, never in 10–20% by rounding.
 */
export function coverageBin(observed: number, total: number, bins = COVERAGE_BINS): number {
  if (total <= 0) return 0
  return Math.min(Math.floor((observed * bins) / total), bins - 1)
}

/** Counts per coverage bin, from a list of per-row (or per-column) observed counts. */
export function coverageHistogram(observedCounts: ArrayLike<number>, total: number, bins = COVERAGE_BINS): number[] {
  const counts = new Array<number>(bins).fill(0)
  for (let i = 0; i < observedCounts.length; i++) counts[coverageBin(observedCounts[i]!, total, bins)]!++
  return counts
}

/**
 * Row and column coverage histograms of a stored dataset. The per-row and per-column observed
 * counts were stored at import, so this is one small GROUP BY per axis, never a scan of the entries.
 */
export function storedCoverageHistograms(
  db: Db,
  datasetId: number,
  shape: { nRows: number; nCols: number },
  bins = COVERAGE_BINS,
): { rows: number[]; columns: number[] } {
  const histogram = (table: 'dataset_rows' | 'dataset_columns', total: number): number[] => {
    const counts = new Array<number>(bins).fill(0)
    if (total <= 0) return counts
    // Same integer formula as coverageBin; SQLite divides integers as integers.
    const rows = db
      .prepare(
        `SELECT min((n_observed * ${bins}) / ${total}, ${bins - 1}) AS bin, count(*) AS n
         FROM ${table} WHERE dataset_id = ? GROUP BY bin`,
      )
      .raw()
      .all(datasetId) as [number, number][]
    for (const [bin, n] of rows) counts[bin] = n
    return counts
  }
  assertCount(shape.nRows)
  assertCount(shape.nCols)
  return { rows: histogram('dataset_rows', shape.nCols), columns: histogram('dataset_columns', shape.nRows) }
}

/** Numbers inlined into SQL must be plain non-negative integers (they come from the store, but still). */
export function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`Not a count: ${n}`)
}
