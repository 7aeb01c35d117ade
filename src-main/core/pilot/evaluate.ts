import { auc, averagePrecision, logLoss, mae, rmse } from '../eval/metrics.js'
import type { SparseMatrix } from '../matrix/sparse.js'
import { ColumnScaler, columnMoments } from '../fitting/scaling.js'

/**
 * Scores of one model's test predictions. RMSE and MAE are in original units. With mixed units a
 * pooled RMSE is dominated by the columns with the largest units, and dividing residuals by each
 * column's training spread lets a single test outlier in a nearly constant column dominate (on
 * SECOM such cells are thousands of training standard deviations out). Dividing by the spread of
 * the column's test values is no better: some SECOM columns have almost constant test values.
 * So mixed-unit data is compared on `nrmse`: the mean over columns of RMSE_c / SD_c, SD_c the
 * spread of all the column's observed values in the dataset (train and test: an evaluation
 * normaliser, the same for every model, never seen by training). Each sensor weighs the same; an
 * outlier inflates its column's SD as well as its RMSE, so no column can dominate; predicting each
 * sensor's average scores about 1. Binary data adds log loss, AUC and average precision.
 * Constant columns (zero spread over the dataset) are left out of RMSE and MAE as well as nrmse:
 * every model predicts them as their constant, so their cells would only dilute every score alike
 * and shrink the differences the verdict reads. Log loss, AUC and AP keep every cell (an all-0
 * failure column is still a prediction the analyst relies on). A table with only constant columns
 * is scored on all its cells, so the scores stay defined.
 */
export interface TestMetrics {
  rmse: number
  mae: number
  /** Null when no tested column varies. */
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

/** Population standard deviation of each column's observed values; 0 for constant or empty columns. */
export function columnSpreads(matrix: SparseMatrix): Float64Array {
  return columnMoments(matrix).spreads
}

/** Mean over columns of RMSE_c / spreads[c], over the columns with test cells and a non-zero spread. */
export function normalizedRmse(predicted: ArrayLike<number>, test: SparseMatrix, spreads: Float64Array): number | null {
  const n = new Float64Array(test.nCols)
  const sse = new Float64Array(test.nCols)
  for (let i = 0; i < test.values.length; i++) {
    const c = test.cols[i]!
    n[c]!++
    const e = predicted[i]! - test.values[i]!
    sse[c]! += e * e
  }
  let total = 0
  let columns = 0
  for (let c = 0; c < test.nCols; c++) {
    if (n[c]! === 0 || spreads[c]! === 0) continue
    total += Math.sqrt(sse[c]! / n[c]!) / spreads[c]!
    columns++
  }
  return columns > 0 ? total / columns : null
}

/** The test cells of columns with a non-zero spread; all cells when there are none. */
function varyingCells(predicted: Float64Array, test: SparseMatrix, spreads: Float64Array): { predicted: Float64Array; truth: Float64Array } {
  const keep: number[] = []
  for (let i = 0; i < test.values.length; i++) if (spreads[test.cols[i]!] !== 0) keep.push(i)
  if (keep.length === test.values.length || keep.length === 0) return { predicted, truth: test.values }
  return { predicted: Float64Array.from(keep, (i) => predicted[i]!), truth: Float64Array.from(keep, (i) => test.values[i]!) }
}

/** `spreads`: columnSpreads of the whole dataset. */
export function scorePredictions(predicted: Float64Array, test: SparseMatrix, spreads: Float64Array, binary: boolean): TestMetrics {
  const truth = test.values
  const varying = varyingCells(predicted, test, spreads)
  return {
    rmse: rmse(varying.predicted, varying.truth),
    mae: mae(varying.predicted, varying.truth),
    nrmse: normalizedRmse(predicted, test, spreads),
    logLoss: binary ? logLoss(predicted, truth) : null,
    auc: binary ? nullIfNaN(auc(predicted, truth)) : null,
    averagePrecision: binary ? nullIfNaN(averagePrecision(predicted, truth)) : null,
  }
}

/** JSON has no NaN: undefined metrics (one class absent) are null. */
function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x
}
