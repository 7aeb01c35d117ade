import type { FitReport } from '../models/model.js'
import { NEGLIGIBLE_FRACTION } from './verdict.js'

/**
 * "Still improving at its epoch limit", as the verdict uses it: the best epoch is the last one
 * allowed AND the validation loss fell by more than half the negligible band over the last
 * `patience` epochs (at least 2). A model creeping down by a hair at the limit (ALS sweeps
 * polishing the fourth digit) is converged for the verdict's purpose; one still dropping by
 * percent-sized steps is not, and its score understates it.
 */
export const STILL_IMPROVING_GAIN = NEGLIGIBLE_FRACTION / 2

export function stillImproving(report: Pick<FitReport, 'bestEpoch' | 'curve'>, maxEpochs: number, patience: number): boolean {
  if (report.bestEpoch < maxEpochs) return false
  const losses = report.curve.map((p) => p.validationLoss).filter((v): v is number => v !== null && Number.isFinite(v))
  if (losses.length < 2) return true
  const last = losses[losses.length - 1]!
  const earlier = losses[Math.max(0, losses.length - 1 - Math.max(2, patience))]!
  return earlier - last > STILL_IMPROVING_GAIN * Math.abs(last)
}
