import { auc, averagePrecision, logLoss, mae, rmse } from '../eval/metrics.js'
import type { SparseMatrix } from '../matrix/sparse.js'
import { ColumnScaler } from '../training/scaling.js'

/**
 * Scores of one model's test predictions. RMSE and MAE are in original units. With mixed units a
 * pooled RMSE is dominated by the columns with the largest units, and dividing residuals by each
 * column's training spread lets a single test outlier in a nearly constant column dominate (on
 * SECOM such cells are thousands of standard deviations out). So mixed-unit data is compared on
 * `nrmse`: the mean over columns of RMSE_c / SD_c, SD_c the spread of that column's test values.
 * Each sensor weighs the same, an outlier inflates its own column's RMSE and SD alike, and 1.0
 * means "no better than each sensor's average over the test cells". Binary data adds log loss, AUC
 * and average precision.
 */
export interface TestMetrics {
  rmse: number
  mae: number
  /** Null when no column has two distinct test values. */
  nrmse: number | null
  logLoss: number | null
  auc: number | null
  averagePrecision: number | null
}

/** The metric the verdict and "best model" are decided on. */
export type PrimaryMetric = 'rmse' | 'nrmse' | 'logLoss'

export function primaryMetricFor(binary: boolean, scaled: boolean): PrimaryMetric {
  return binary ? 'logLoss' : scaled ? 'nrmse' : 'rmse'
}

/** Training standard deviation per column (1 where a column has no spread or no training entries). */
export function columnScales(train: SparseMatrix): Float64Array {
  return ColumnScaler.fit(train).scales
}

/** Mean over columns of RMSE_c / SD_c (test truth spread), over columns with ≥ 2 test cells and spread. */
export function normalizedRmse(predicted: ArrayLike<number>, test: SparseMatrix): number | null {
  const n = new Float64Array(test.nCols)
  const sum = new Float64Array(test.nCols)
  const sse = new Float64Array(test.nCols)
  for (let i = 0; i < test.values.length; i++) {
    const c = test.cols[i]!
    n[c]!++
    sum[c]! += test.values[i]!
    const e = predicted[i]! - test.values[i]!
    sse[c]! += e * e
  }
  const ss = new Float64Array(test.nCols)
  for (let i = 0; i < test.values.length; i++) {
    const c = test.cols[i]!
    const d = test.values[i]! - sum[c]! / n[c]!
    ss[c]! += d * d
  }
  let total = 0
  let columns = 0
  for (let c = 0; c < test.nCols; c++) {
    const mean = n[c]! > 0 ? sum[c]! / n[c]! : 0
    if (n[c]! < 2 || !(ss[c]! > (1e-12 * Math.max(1, Math.abs(mean))) ** 2 * n[c]!)) continue
    total += Math.sqrt(sse[c]! / ss[c]!)
    columns++
  }
  return columns > 0 ? total / columns : null
}

export function scorePredictions(predicted: Float64Array, test: SparseMatrix, binary: boolean): TestMetrics {
  const truth = test.values
  return {
    rmse: rmse(predicted, truth),
    mae: mae(predicted, truth),
    nrmse: normalizedRmse(predicted, test),
    logLoss: binary ? logLoss(predicted, truth) : null,
    auc: binary ? nullIfNaN(auc(predicted, truth)) : null,
    averagePrecision: binary ? nullIfNaN(averagePrecision(predicted, truth)) : null,
  }
}

/** JSON has no NaN: undefined metrics (one class absent) are null. */
function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x
}
