import type { ValueKind } from '../store/datasets.js'
import type { Db } from '../store/open.js'

/** Histograms get about √n bins, at most this many, so they stay readable on screen. */
export const MAX_DISTRIBUTION_BINS = 30

/**
 * A column of integers spanning at most this many integers gets one bin per integer: ratings 1 to 5
 * read as 1, 2, 3, 4, 5, where equal-width bins would split them into half-rating bins, every
 * other one empty.
 */
export const MAX_INTEGER_BINS = 50

export interface HistogramBin {
  /** Bin edges; the last bin includes its upper edge. For a constant or binary column, and a bin per integer, lo = hi. */
  lo: number
  hi: number
  count: number
}

export interface ColumnStats {
  index: number
  label: string
  count: number
  mean: number | null
  std: number | null
  min: number | null
  max: number | null
}

export interface ColumnDistribution {
  column: ColumnStats
  valueKind: ValueKind
  bins: HistogramBin[]
}

/** How many equal-width bins a column of `count` values gets. */
export function binCount(count: number, maxBins = MAX_DISTRIBUTION_BINS): number {
  return Math.max(1, Math.min(maxBins, Math.ceil(Math.sqrt(count))))
}

/** The bin of value v among `bins` equal-width bins over [min, max]; max falls in the last bin. */
export function valueBin(v: number, min: number, max: number, bins: number): number {
  if (max <= min) return 0
  return Math.min(Math.floor(((v - min) * bins) / (max - min)), bins - 1)
}

/** Equal-width bin edges over [min, max]: min + i·(max − min)/bins, with the last edge exactly max. */
export function binEdges(min: number, max: number, bins: number): number[] {
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + (i * (max - min)) / bins))
}

/** Whether integer values over [min, max] get one bin per integer (the caller checks they are integers). */
export function binsPerInteger(min: number, max: number, maxBins = MAX_INTEGER_BINS): boolean {
  return Number.isSafeInteger(min) && Number.isSafeInteger(max) && max - min + 1 <= maxBins
}

/** One bin per integer from min to max, lo = hi = the integer; `counts[k]` is the count of min + k. */
function integerBins(min: number, counts: number[]): HistogramBin[] {
  return counts.map((count, k) => ({ lo: min + k, hi: min + k, count }))
}

/** Histogram of values held in memory (the reference the stored version is tested against). */
export function histogram(values: ArrayLike<number>, valueKind: ValueKind, maxBins = MAX_DISTRIBUTION_BINS): HistogramBin[] {
  if (values.length === 0) return []
  if (valueKind === 'binary') {
    let ones = 0
    for (let i = 0; i < values.length; i++) if (values[i] === 1) ones++
    return [
      { lo: 0, hi: 0, count: values.length - ones },
      { lo: 1, hi: 1, count: ones },
    ]
  }
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!)
    max = Math.max(max, values[i]!)
  }
  if (max === min) return [{ lo: min, hi: max, count: values.length }]
  if (binsPerInteger(min, max) && Array.prototype.every.call(values, (v: number) => Number.isInteger(v))) {
    const counts = new Array<number>(max - min + 1).fill(0)
    for (let i = 0; i < values.length; i++) counts[values[i]! - min]!++
    return integerBins(min, counts)
  }
  const bins = binCount(values.length, maxBins)
  const counts = new Array<number>(bins).fill(0)
  for (let i = 0; i < values.length; i++) counts[valueBin(values[i]!, min, max, bins)]!++
  const edges = binEdges(min, max, bins)
  return counts.map((count, i) => ({ lo: edges[i]!, hi: edges[i + 1]!, count }))
}

interface ColumnRow {
  idx: number
  label: string
  n_observed: number
  mean: number | null
  std: number | null
  min: number | null
  max: number | null
}

const toStats = (row: ColumnRow): ColumnStats => ({
  index: row.idx,
  label: row.label,
  count: row.n_observed,
  mean: row.mean,
  std: row.std,
  min: row.min,
  max: row.max,
})

/** Every column's label and the statistics stored at import, in column order. */
export function storedColumnStats(db: Db, datasetId: number): ColumnStats[] {
  const rows = db
    .prepare('SELECT idx, label, n_observed, mean, std, min, max FROM dataset_columns WHERE dataset_id = ? ORDER BY idx')
    .all(datasetId) as ColumnRow[]
  return rows.map(toStats)
}

/**
 * The value histogram of one stored column, binned by SQLite with the min and max stored at
 * import, so only the bin counts cross into JavaScript. Undefined when there is no such column.
 */
export function storedColumnDistribution(
  db: Db,
  datasetId: number,
  column: number,
  valueKind: ValueKind,
  maxBins = MAX_DISTRIBUTION_BINS,
): ColumnDistribution | undefined {
  const row = db.prepare('SELECT idx, label, n_observed, mean, std, min, max FROM dataset_columns WHERE dataset_id = ? AND idx = ?').get(datasetId, column) as
    ColumnRow | undefined
  if (!row) return undefined
  const stats = toStats(row)
  if (stats.count === 0 || stats.min === null || stats.max === null) return { column: stats, valueKind, bins: [] }
  const { min, max } = stats
  if (valueKind === 'binary') {
    const ones = db.prepare('SELECT count(*) FROM entries WHERE dataset_id = ? AND col_idx = ? AND value = 1').pluck().get(datasetId, column) as number
    return {
      column: stats,
      valueKind,
      bins: [
        { lo: 0, hi: 0, count: stats.count - ones },
        { lo: 1, hi: 1, count: ones },
      ],
    }
  }
  if (max === min) return { column: stats, valueKind, bins: [{ lo: min, hi: max, count: stats.count }] }
  if (binsPerInteger(min, max)) {
    const bins = storedIntegerBins(db, datasetId, column, min, max)
    if (bins) return { column: stats, valueKind, bins }
  }
  const bins = binCount(stats.count, maxBins)
  const counts = new Array<number>(bins).fill(0)
  // The same arithmetic as valueBin, in doubles; CAST truncates, which is floor for v ≥ min.
  const rows = db
    .prepare(
      `SELECT min(CAST(((value - :min) * :bins) / (:max - :min) AS INTEGER), :bins - 1) AS bin, count(*)
       FROM entries WHERE dataset_id = :id AND col_idx = :column GROUP BY bin`,
    )
    .raw()
    .all({ min, max, bins, id: datasetId, column }) as [number, number][]
  for (const [bin, count] of rows) counts[bin] = count
  const edges = binEdges(min, max, bins)
  return { column: stats, valueKind, bins: counts.map((count, i) => ({ lo: edges[i]!, hi: edges[i + 1]!, count })) }
}

/** One bin per integer of a stored column over [min, max], or undefined when a value is not an integer. */
function storedIntegerBins(db: Db, datasetId: number, column: number, min: number, max: number): HistogramBin[] | undefined {
  const cells = 'FROM entries WHERE dataset_id = :id AND col_idx = :column'
  const fractional = db.prepare(`SELECT EXISTS (SELECT 1 ${cells} AND value <> CAST(value AS INTEGER))`).pluck().get({ id: datasetId, column })
  if (fractional) return undefined
  const counts = new Array<number>(max - min + 1).fill(0)
  const rows = db.prepare(`SELECT CAST(value AS INTEGER) - :min AS bin, count(*) ${cells} GROUP BY bin`).raw().all({ min, id: datasetId, column })
  for (const [bin, count] of rows as [number, number][]) counts[bin] = count
  return integerBins(min, counts)
}
