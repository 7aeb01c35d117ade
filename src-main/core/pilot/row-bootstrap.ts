import { createRng } from '../random.js'
import type { PrimaryMetric } from './evaluate.js'

/**
 * The test-sampling part of a pilot's uncertainty: a cluster bootstrap over rows (Davison &
 * Hinkley 1997, §3.8; Field & Welsh 2007). Cells of one machine share its quirks, so the row, not
 * the cell, is the unit that is resampled. Each replicate draws the rows with replacement once and
 * applies the same row weights to every repeat's test cells, so repeats whose test sets share rows
 * (always for the latest-period goal, partly for the others) stay correlated as they are. A
 * replicate's statistic is the mean over repeats of each model's primary metric recomputed with
 * those weights; with all weights 1 it is exactly the metric of evaluate.ts.
 */

/** One repeat's scored cells and every model's predictions for them. */
export interface RepeatCells {
  /** Row of each test cell in the ORIGINAL matrix (the bootstrap unit). */
  rows: Int32Array
  cols: Int32Array
  truth: Float64Array
  /** Predictions per model, aligned with the cells. */
  predictions: ReadonlyMap<string, Float64Array>
}

export interface BootstrapOptions {
  metric: PrimaryMetric
  /** Per-column spread of the whole dataset (evaluate.ts columnSpreads), for `nrmse`. */
  spreads: Float64Array
  nCols: number
  seed: number
  /** Replicates; by default as many as a fixed budget of cell visits allows, 200 to 1000. */
  replicates?: number
}

export interface BootstrapResult {
  /** Per model: the mean over repeats of its metric in each replicate. */
  replicates: Map<string, Float64Array>
  /** Distinct rows resampled. */
  units: number
}

const CELL_VISIT_BUDGET = 3e8
const MIN_REPLICATES = 200
const MAX_REPLICATES = 1000

/** Per-cell loss whose weighted aggregate gives the metric: squared error, or log loss. */
function cellLosses(predicted: Float64Array, truth: Float64Array, metric: PrimaryMetric): Float64Array {
  const out = new Float64Array(truth.length)
  if (metric === 'logLoss') {
    const eps = 1e-12 // as eval/metrics.ts logLoss
    for (let i = 0; i < out.length; i++) {
      const p = Math.min(1 - eps, Math.max(eps, predicted[i]!))
      out[i] = truth[i]! > 0.5 ? -Math.log(p) : -Math.log(1 - p)
    }
  } else {
    for (let i = 0; i < out.length; i++) {
      const e = predicted[i]! - truth[i]!
      out[i] = e * e
    }
  }
  return out
}

/** The metric of one model on one repeat under cell weights (`unitOf` maps cells to weights). */
export function weightedMetric(
  losses: Float64Array,
  cols: Int32Array,
  unitOf: Int32Array,
  weights: Float64Array,
  metric: PrimaryMetric,
  spreads: Float64Array,
  scratch: { sum: Float64Array; weight: Float64Array },
): number {
  if (metric !== 'nrmse') {
    // RMSE leaves constant columns out, as scorePredictions does (all cells when none vary).
    let sum = 0
    let weight = 0
    let varyingSum = 0
    let varyingWeight = 0
    for (let i = 0; i < losses.length; i++) {
      const w = weights[unitOf[i]!]!
      sum += w * losses[i]!
      weight += w
      if (spreads[cols[i]!] !== 0) {
        varyingSum += w * losses[i]!
        varyingWeight += w
      }
    }
    if (metric === 'rmse' && varyingWeight > 0) return Math.sqrt(varyingSum / varyingWeight)
    if (weight === 0) return NaN
    return metric === 'rmse' ? Math.sqrt(sum / weight) : sum / weight
  }
  const { sum, weight } = scratch
  sum.fill(0)
  weight.fill(0)
  for (let i = 0; i < losses.length; i++) {
    const w = weights[unitOf[i]!]!
    const c = cols[i]!
    sum[c]! += w * losses[i]!
    weight[c]! += w
  }
  let total = 0
  let columns = 0
  for (let c = 0; c < sum.length; c++) {
    if (weight[c]! === 0 || spreads[c]! === 0) continue
    total += Math.sqrt(sum[c]! / weight[c]!) / spreads[c]!
    columns++
  }
  return columns > 0 ? total / columns : NaN
}

export function replicateCount(repeats: readonly RepeatCells[], models: number): number {
  const visits = repeats.reduce((s, r) => s + r.truth.length, 0) * Math.max(1, models)
  return Math.max(MIN_REPLICATES, Math.min(MAX_REPLICATES, Math.floor(CELL_VISIT_BUDGET / Math.max(1, visits))))
}

/**
 * Bootstrap replicates of each model's repeat-averaged metric. Replicates where a model has no
 * defined metric in some repeat (every resampled row missed a column set) are NaN; callers drop them.
 */
export function rowBootstrap(repeats: readonly RepeatCells[], models: readonly string[], options: BootstrapOptions): BootstrapResult {
  // Units: the distinct original rows over all repeats' test cells.
  const unitIndex = new Map<number, number>()
  const unitOf = repeats.map((r) =>
    Int32Array.from(r.rows, (row) => {
      let u = unitIndex.get(row)
      if (u === undefined) unitIndex.set(row, (u = unitIndex.size))
      return u
    }),
  )
  const units = unitIndex.size
  const losses = repeats.map((r) => new Map(models.map((m) => [m, cellLosses(r.predictions.get(m)!, r.truth, options.metric)])))
  const B = options.replicates ?? replicateCount(repeats, models.length)
  const rng = createRng(options.seed)
  const weights = new Float64Array(units)
  const scratch = { sum: new Float64Array(options.nCols), weight: new Float64Array(options.nCols) }
  const out = new Map(models.map((m) => [m, new Float64Array(B)]))
  for (let b = 0; b < B; b++) {
    weights.fill(0)
    for (let k = 0; k < units; k++) weights[rng.int(units)]!++
    for (const m of models) {
      let total = 0
      for (let j = 0; j < repeats.length; j++) {
        total += weightedMetric(losses[j]!.get(m)!, repeats[j]!.cols, unitOf[j]!, weights, options.metric, options.spreads, scratch)
      }
      out.get(m)![b] = total / repeats.length
    }
  }
  return { replicates: out, units }
}
