/**
 * Scores of predictions against held-out truth. Evaluation never knows which model produced the
 * predictions. Regression: RMSE, MAE. Binary (0/1 truth, scores or probabilities): ROC AUC with
 * ties counted as half, and average precision with the same step-wise definition as scikit-learn
 * (precision at each distinct threshold weighted by the recall gained there).
 */

function checkLengths(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (predicted.length !== truth.length) throw new Error(`metrics: ${predicted.length} predictions for ${truth.length} truths`)
  return truth.length
}

export function rmse(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  const n = checkLengths(predicted, truth)
  if (n === 0) return NaN
  let sum = 0
  for (let i = 0; i < n; i++) {
    const e = predicted[i]! - truth[i]!
    sum += e * e
  }
  return Math.sqrt(sum / n)
}

export function mae(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  const n = checkLengths(predicted, truth)
  if (n === 0) return NaN
  let sum = 0
  for (let i = 0; i < n; i++) sum += Math.abs(predicted[i]! - truth[i]!)
  return sum / n
}

/** Mean logistic loss of probabilities against 0/1 truth, probabilities clamped away from 0 and 1. */
export function logLoss(probabilities: ArrayLike<number>, truth: ArrayLike<number>): number {
  const n = checkLengths(probabilities, truth)
  if (n === 0) return NaN
  const eps = 1e-12
  let sum = 0
  for (let i = 0; i < n; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]!))
    sum -= truth[i]! > 0.5 ? Math.log(p) : Math.log(1 - p)
  }
  return sum / n
}

/** Indices sorted by score, highest first (stable, so equal scores keep their input order). */
function byScoreDescending(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i)
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b)
}

/**
 * ROC AUC: the probability that a random positive scores above a random negative, ties counting
 * one half (the Mann–Whitney U statistic). NaN when one class is absent.
 */
export function auc(scores: ArrayLike<number>, truth: ArrayLike<number>): number {
  const n = checkLengths(scores, truth)
  const order = byScoreDescending(scores)
  let positives = 0
  let negatives = 0
  for (let i = 0; i < n; i++) {
    if (truth[i]! > 0.5) positives++
    else negatives++
  }
  if (positives === 0 || negatives === 0) return NaN
  // Walk groups of equal score from the top; each negative beats no positive above it, ties give ½.
  let pairs = 0
  let positivesAbove = 0
  for (let start = 0; start < n;) {
    let end = start
    let groupPos = 0
    let groupNeg = 0
    const s = scores[order[start]!]!
    while (end < n && scores[order[end]!]! === s) {
      if (truth[order[end]!]! > 0.5) groupPos++
      else groupNeg++
      end++
    }
    pairs += groupNeg * (positivesAbove + groupPos / 2)
    positivesAbove += groupPos
    start = end
  }
  return pairs / (positives * negatives)
}

export interface PrecisionRecallPoint {
  threshold: number
  precision: number
  recall: number
}

/** Precision and recall when predicting positive at score ≥ threshold, one point per distinct score, highest first. */
export function precisionRecallCurve(scores: ArrayLike<number>, truth: ArrayLike<number>): PrecisionRecallPoint[] {
  const n = checkLengths(scores, truth)
  const order = byScoreDescending(scores)
  let positives = 0
  for (let i = 0; i < n; i++) if (truth[i]! > 0.5) positives++
  const points: PrecisionRecallPoint[] = []
  let tp = 0
  for (let start = 0; start < n;) {
    let end = start
    const s = scores[order[start]!]!
    while (end < n && scores[order[end]!]! === s) {
      if (truth[order[end]!]! > 0.5) tp++
      end++
    }
    points.push({ threshold: s, precision: tp / end, recall: positives === 0 ? NaN : tp / positives })
    start = end
  }
  return points
}

/** Average precision: Σ (R_k − R_{k−1}) · P_k over the distinct thresholds (no interpolation). NaN without positives. */
export function averagePrecision(scores: ArrayLike<number>, truth: ArrayLike<number>): number {
  const curve = precisionRecallCurve(scores, truth)
  let previousRecall = 0
  let sum = 0
  for (const point of curve) {
    if (Number.isNaN(point.recall)) return NaN
    sum += (point.recall - previousRecall) * point.precision
    previousRecall = point.recall
  }
  return sum
}
