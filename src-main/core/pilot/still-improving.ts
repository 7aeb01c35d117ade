import type { FitReport } from '../models/model.js'
import { NEGLIGIBLE_FRACTION } from './verdict.js'

/**
 * "Still improving at its epoch limit", as the verdict uses it. A fit stopped by its own early
 * stopping has converged by its own rule. A fit cut off by the epoch limit is still improving when
 * its best validation loss over the last `window` epochs beat the best before them by more than
 * half the negligible band: the best epoch need not be the very last one, since a network trained
 * by RMSProp wobbles from epoch to epoch (a quick pilot's NNMF at best epoch 13 of 15, its loss
 * still falling by several per cent, was once judged as finished and lost). The window is the
 * patience, at most a third of the epochs, at least 2. ALS descends monotonically and flattens
 * smoothly, so a model polishing the fourth digit at the limit has converged for the verdict's
 * purpose. A network can also sit on a plateau and then drop (SECOM: ~6 flat epochs), so for
 * NNMF a best epoch at the limit alone means it may have more to give.
 */
export const STILL_IMPROVING_GAIN = NEGLIGIBLE_FRACTION / 2

export function stillImproving(
  report: Pick<FitReport, 'epochs' | 'bestEpoch' | 'curve'>,
  maxEpochs: number,
  patience: number,
  solver: 'als' | 'gradient',
): boolean {
  if (report.epochs < maxEpochs) return false
  if (solver === 'gradient' && report.bestEpoch >= maxEpochs) return true
  const losses = report.curve.map((p) => p.validationLoss).filter((v): v is number => v !== null && Number.isFinite(v))
  const window = Math.max(2, Math.min(patience, Math.ceil(maxEpochs / 3)))
  if (losses.length <= window) return report.bestEpoch >= maxEpochs
  const recent = Math.min(...losses.slice(-window))
  const before = Math.min(...losses.slice(0, -window))
  return before - recent > STILL_IMPROVING_GAIN * Math.abs(recent)
}
