import type { SparseMatrix } from '../matrix/sparse.js'

/**
 * The suitability check of the wizard's step 2, in data: counts and findings as codes with numbers
 * (the UI words them in Japanese and English). Each finding has a severity; the verdict is the
 * worst one. Thresholds (DATA_CHECK_THRESHOLDS) and why:
 *  - observed < 2,000: unsuitable. Too little to hold out a test set and still train anything
 *    beyond a baseline; intervals over repeats would be meaningless.
 *  - observed < 20,000: caution. NNMF has ~10k network weights plus (2d + d')·(rows + columns)
 *    latents; below ~20k observed values the neural part is likely to overfit, plain MF (or a
 *    baseline) is the safer start.
 *  - rows < 10 or columns < 3: unsuitable (nothing to factorise).
 *  - density < 0.5 %: caution (very sparse; latents of most rows rest on a handful of cells).
 *  - rows / columns with fewer than 5 observations: caution when more than 20 % of them, info
 *    otherwise: their parameters are mostly prior (regularisation), predictions there near the bias.
 *  - skew: sample skewness |g1| > 2 counts a column as skewed; caution when more than 25 % are
 *    (squared loss chases the tail; consider a log transform before import).
 *  - mixed units: column spreads (standard deviations) spanning ≥ 2 orders of magnitude between
 *    the 5th and 95th percentile columns: info (per-column scaling handles it; without scaling the
 *    large-unit columns dominate the loss and the RMSE).
 *  - constant columns: info (nothing to learn there), named so the analyst can check them; the pilot
 *    leaves them out of its scores and charts and every model predicts them as their constant.
 *  - binary: positives below 1 % of the observed values: caution (AUC and AP rest on few events).
 */
export const DATA_CHECK_THRESHOLDS = {
  minObservedUnsuitable: 2_000,
  minObservedForNnmf: 20_000,
  minRows: 10,
  minCols: 3,
  minDensity: 0.005,
  minPerLine: 5,
  sparseLineFraction: 0.2,
  skewness: 2,
  skewedColumnFraction: 0.25,
  mixedUnitOrders: 2,
  minPositiveRate: 0.01,
} as const

export const CONSTANT_COLUMNS_NAMED = 50
/** Skewed columns named in the reason, the most skewed first (all are counted). */
export const SKEWED_COLUMNS_NAMED = 50

export type Severity = 'info' | 'caution' | 'unsuitable'
export type SuitabilityVerdict = 'suitable' | 'caution' | 'unsuitable'

export type DataCheckReason =
  | { code: 'too-few-observations'; severity: Severity; observed: number; threshold: number }
  | { code: 'few-observations'; severity: Severity; observed: number; threshold: number }
  | { code: 'too-few-rows'; severity: Severity; count: number; threshold: number }
  | { code: 'too-few-columns'; severity: Severity; count: number; threshold: number }
  | { code: 'very-sparse'; severity: Severity; density: number; threshold: number }
  | { code: 'sparse-rows'; severity: Severity; count: number; total: number; threshold: number }
  | { code: 'sparse-columns'; severity: Severity; count: number; total: number; threshold: number }
  | { code: 'skewed-columns'; severity: Severity; count: number; total: number; threshold: number; columns?: string[] }
  | { code: 'mixed-units'; severity: Severity; orders: number; threshold: number }
  /**
   * `columns`: the first CONSTANT_COLUMNS_NAMED labels (a 500-sensor table must not bloat every
   * stored result); absent in results stored before names were kept.
   */
  | { code: 'constant-columns'; severity: Severity; count: number; columns?: string[] }
  | { code: 'rare-positives'; severity: Severity; positives: number; rate: number; threshold: number }
  | { code: 'binary-values-as-numeric'; severity: Severity }

export type DataCheckCode = DataCheckReason['code']

export interface DataCheck {
  verdict: SuitabilityVerdict
  reasons: DataCheckReason[]
  stats: {
    nRows: number
    nCols: number
    observed: number
    density: number
    /** 'binary' when every observed value is 0 or 1. */
    detectedKind: 'numeric' | 'binary'
    rowsBelow: number
    colsBelow: number
    /** The "fewer than k observations" k. */
    perLineThreshold: number
    emptyRows: number
    emptyCols: number
    skewedColumns: number
    constantColumns: number
    /** log10 of the ratio of the 95th to the 5th percentile column standard deviation; null below 2 varying columns. */
    scaleOrders: number | null
    /** Binary data: share of 1s. */
    positiveRate: number | null
  }
}

const RANK: Record<Severity, number> = { info: 0, caution: 1, unsuitable: 2 }

function percentile(sorted: Float64Array, q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))
  return sorted[i]!
}

/** `colLabels`: the dataset's column labels, to name constant columns (1-based numbers where absent). */
export function checkData(matrix: SparseMatrix, valueKind: 'numeric' | 'binary', colLabels: readonly string[] = []): DataCheck {
  const T = DATA_CHECK_THRESHOLDS
  const { nRows, nCols } = matrix
  const observed = matrix.values.length
  const density = nRows * nCols > 0 ? observed / (nRows * nCols) : 0
  const rowCount = new Int32Array(nRows)
  const colCount = new Int32Array(nCols)
  const sum = new Float64Array(nCols)
  let binary = true
  let positives = 0
  for (let i = 0; i < observed; i++) {
    rowCount[matrix.rows[i]!]!++
    colCount[matrix.cols[i]!]!++
    const v = matrix.values[i]!
    sum[matrix.cols[i]!]! += v
    if (v !== 0 && v !== 1) binary = false
    if (v === 1) positives++
  }
  // Central moments per column (two passes: sensor values carry large offsets).
  const m2 = new Float64Array(nCols)
  const m3 = new Float64Array(nCols)
  for (let i = 0; i < observed; i++) {
    const c = matrix.cols[i]!
    const d = matrix.values[i]! - sum[c]! / colCount[c]!
    m2[c]! += d * d
    m3[c]! += d * d * d
  }
  const skewness: { column: number; g1: number }[] = []
  let constant = 0
  const constantNames: string[] = []
  const spreads: number[] = []
  for (let c = 0; c < nCols; c++) {
    const n = colCount[c]!
    if (n === 0) continue
    const variance = m2[c]! / n
    const scale = Math.abs(sum[c]! / n)
    if (!(variance > (1e-12 * Math.max(1, scale)) ** 2)) {
      constant++
      if (constantNames.length < CONSTANT_COLUMNS_NAMED) constantNames.push(colLabels[c] ?? String(c + 1))
      continue
    }
    spreads.push(Math.sqrt(variance))
    const g1 = Math.abs(m3[c]! / n / variance ** 1.5)
    if (n >= 3 && g1 > T.skewness) skewness.push({ column: c, g1 })
  }
  const skewed = skewness.length
  // The worst first, so a cut list still names the columns most worth a look.
  const skewedNames = skewness
    .sort((a, b) => b.g1 - a.g1 || a.column - b.column)
    .slice(0, SKEWED_COLUMNS_NAMED)
    .map(({ column }) => colLabels[column] ?? String(column + 1))
  const countBelow = (counts: Int32Array): number => counts.reduce((k, n) => (n < T.minPerLine ? k + 1 : k), 0)
  const countZero = (counts: Int32Array): number => counts.reduce((k, n) => (n === 0 ? k + 1 : k), 0)
  const rowsBelow = countBelow(rowCount)
  const colsBelow = countBelow(colCount)
  let scaleOrders: number | null = null
  if (spreads.length >= 2) {
    const sorted = Float64Array.from(spreads).sort()
    scaleOrders = Math.log10(percentile(sorted, 0.95) / percentile(sorted, 0.05))
  }
  const positiveRate = valueKind === 'binary' && observed > 0 ? positives / observed : null

  const reasons: DataCheckReason[] = []
  if (observed < T.minObservedUnsuitable) {
    reasons.push({ code: 'too-few-observations', severity: 'unsuitable', observed, threshold: T.minObservedUnsuitable })
  } else if (observed < T.minObservedForNnmf) {
    reasons.push({ code: 'few-observations', severity: 'caution', observed, threshold: T.minObservedForNnmf })
  }
  if (nRows < T.minRows) reasons.push({ code: 'too-few-rows', severity: 'unsuitable', count: nRows, threshold: T.minRows })
  if (nCols < T.minCols) reasons.push({ code: 'too-few-columns', severity: 'unsuitable', count: nCols, threshold: T.minCols })
  if (density < T.minDensity) reasons.push({ code: 'very-sparse', severity: 'caution', density, threshold: T.minDensity })
  if (rowsBelow > 0) {
    const severity = rowsBelow > T.sparseLineFraction * nRows ? 'caution' : 'info'
    reasons.push({ code: 'sparse-rows', severity, count: rowsBelow, total: nRows, threshold: T.minPerLine })
  }
  if (colsBelow > 0) {
    const severity = colsBelow > T.sparseLineFraction * nCols ? 'caution' : 'info'
    reasons.push({ code: 'sparse-columns', severity, count: colsBelow, total: nCols, threshold: T.minPerLine })
  }
  if (valueKind === 'numeric' && skewed > 0) {
    const severity = skewed > T.skewedColumnFraction * nCols ? 'caution' : 'info'
    reasons.push({ code: 'skewed-columns', severity, count: skewed, total: nCols, threshold: T.skewness, columns: skewedNames })
  }
  if (valueKind === 'numeric' && scaleOrders !== null && scaleOrders >= T.mixedUnitOrders) {
    reasons.push({ code: 'mixed-units', severity: 'info', orders: scaleOrders, threshold: T.mixedUnitOrders })
  }
  if (constant > 0) reasons.push({ code: 'constant-columns', severity: 'info', count: constant, columns: constantNames })
  if (positiveRate !== null && positiveRate < T.minPositiveRate) {
    reasons.push({ code: 'rare-positives', severity: 'caution', positives, rate: positiveRate, threshold: T.minPositiveRate })
  }
  if (valueKind === 'numeric' && binary && observed > 0) reasons.push({ code: 'binary-values-as-numeric', severity: 'info' })

  const worst = reasons.reduce((w, r) => Math.max(w, RANK[r.severity]), 0)
  const verdict: SuitabilityVerdict = worst === 2 ? 'unsuitable' : worst === 1 ? 'caution' : 'suitable'
  return {
    verdict,
    reasons,
    stats: {
      nRows,
      nCols,
      observed,
      density,
      detectedKind: binary && observed > 0 ? 'binary' : 'numeric',
      rowsBelow,
      colsBelow,
      perLineThreshold: T.minPerLine,
      emptyRows: countZero(rowCount),
      emptyCols: countZero(colCount),
      skewedColumns: skewed,
      constantColumns: constant,
      scaleOrders,
      positiveRate,
    },
  }
}
