import type { FitReport } from '../models/model.js'
import { NEGLIGIBLE_FRACTION } from './verdict.js'

/**
 * "Still improving at its epoch limit", as the verdict uses it: the best epoch is the last one
 * allowed, and for MF (ALS) also the validation loss fell by more than half the negligible band
 * over the last `patience` epochs (at least 2). ALS descends monotonically and flattens smoothly,
 * so a model polishing the fourth digit at the limit has converged for the verdict's purpose.
 * A network trained by RMSProp can sit on a plateau and then drop (SECOM: ~6 flat epochs), so
 * for NNMF a best epoch at the limit alone means it may have more to give.
 */
export const STILL_IMPROVING_GAIN = NEGLIGIBLE_FRACTION / 2

export function stillImproving(report: Pick<FitReport, 'bestEpoch' | 'curve'>, maxEpochs: number, patience: number, solver: 'als' | 'gradient'): boolean {
  if (report.bestEpoch < maxEpochs) return false
  if (solver === 'gradient') return true
  const losses = report.curve.map((p) => p.validationLoss).filter((v): v is number => v !== null && Number.isFinite(v))
  if (losses.length < 2) return true
  const last = losses[losses.length - 1]!
  const earlier = losses[Math.max(0, losses.length - 1 - Math.max(2, patience))]!
  return earlier - last > STILL_IMPROVING_GAIN * Math.abs(last)
}
