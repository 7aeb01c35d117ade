import type { FitFailure } from './verdict.js'

/**
 * A model that did not learn is a failed fit, not a loser. Seen on a dense 24-column sensor
 * table: NNMF's latents were pulled to zero by the ℓ2 penalty before the network could use them
 * (few cells per row), so it predicted each column's mean (validation 0.8437 → 0.8436) while
 * plain MF got well below it; a verdict on that fit would have crowned MF for the wrong reason.
 *
 * A fit has failed when its best validation loss is not finite ('diverged'), or when another
 * model of the same repeat got at least LEARNABLE_MARGIN below the mean model's validation loss
 * (there was structure to learn) while this one gained less than NO_LEARNING_MARGIN of that loss
 * and less than NO_LEARNING_SHARE of the other model's gain ('no-learning'): a network that moved
 * a hair off the means is stuck, not merely weaker. When no model learns, nothing has failed:
 * the data has little to learn, and the best-model finding says a baseline is enough.
 */
export const NO_LEARNING_MARGIN = 0.005
export const NO_LEARNING_SHARE = 0.1
export const LEARNABLE_MARGIN = 0.02

export function fitFailure(loss: number | null, baselineLoss: number | null, bestOtherLoss: number | null): FitFailure | null {
  if (loss === null || !Number.isFinite(loss)) return 'diverged'
  if (baselineLoss === null || !Number.isFinite(baselineLoss) || baselineLoss <= 0) return null
  if (bestOtherLoss === null || !Number.isFinite(bestOtherLoss) || !(bestOtherLoss < baselineLoss * (1 - LEARNABLE_MARGIN))) return null
  const gain = baselineLoss - loss
  const otherGain = baselineLoss - bestOtherLoss
  return gain < Math.max(NO_LEARNING_MARGIN * baselineLoss, NO_LEARNING_SHARE * otherGain) ? 'no-learning' : null
}
