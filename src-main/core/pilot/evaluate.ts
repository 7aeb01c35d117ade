import { auc, averagePrecision, logLoss, mae, rmse } from '../eval/metrics.js'
import type { SparseMatrix } from '../matrix/sparse.js'
import { ColumnScaler } from '../training/scaling.js'

/**
 * Scores of one model's test predictions. RMSE and MAE are in original units. With mixed units a
 * pooled RMSE is dominated by the columns with the largest units, so `rmseStandardized` also
 * scores the residuals divided by each column's training standard deviation (the same divisor for
 * every model, taken from the split's training part): the comparison uses that one when the data
 * is scaled per column. Binary data adds log loss, AUC and average precision.
 */
export interface TestMetrics {
  rmse: number
  mae: number
  rmseStandardized: number
  logLoss: number | null
  auc: number | null
  averagePrecision: number | null
}

/** The metric the verdict and "best model" are decided on. */
export type PrimaryMetric = 'rmse' | 'rmseStandardized' | 'logLoss'

export function primaryMetricFor(binary: boolean, scaled: boolean): PrimaryMetric {
  return binary ? 'logLoss' : scaled ? 'rmseStandardized' : 'rmse'
}

/** Training standard deviation per column (1 where a column has no spread or no training entries). */
export function columnScales(train: SparseMatrix): Float64Array {
  return ColumnScaler.fit(train).scales
}

export function scorePredictions(predicted: Float64Array, test: SparseMatrix, scales: Float64Array, binary: boolean): TestMetrics {
  const truth = test.values
  let sum = 0
  for (let i = 0; i < truth.length; i++) {
    const e = (predicted[i]! - truth[i]!) / scales[test.cols[i]!]!
    sum += e * e
  }
  return {
    rmse: rmse(predicted, truth),
    mae: mae(predicted, truth),
    rmseStandardized: truth.length > 0 ? Math.sqrt(sum / truth.length) : NaN,
    logLoss: binary ? logLoss(predicted, truth) : null,
    auc: binary ? nullIfNaN(auc(predicted, truth)) : null,
    averagePrecision: binary ? nullIfNaN(averagePrecision(predicted, truth)) : null,
  }
}

/** JSON has no NaN: undefined metrics (one class absent) are null. */
function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x
}
