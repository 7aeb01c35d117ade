import type { FitOptions, FitReport, TrainingProgress } from './model.js'
import { yieldToEventLoop } from './model.js'
import { EarlyStopping } from '../training/early-stopping.js'

/**
 * The epoch loop every iterative model shares: run an epoch, score train and validation, report
 * progress, stop early with patience and hand back the best snapshot. Models supply the epoch and
 * the scoring; the loop owns timing, ETA, abort checks and the curve.
 */
export interface EpochHooks<T> {
  maxEpochs: number
  patience: number
  minDelta?: number
  runEpoch(epoch: number): Promise<void>
  /** Training and validation loss after the epoch (validation null without a validation slice). */
  score(): Promise<{ train: number; validation: number | null }>
  snapshot(): T
  /** Called when the validation loss has not improved for `epochsSinceBest` epochs (e.g. to decay a learning rate). */
  onPlateau?(epochsSinceBest: number): void
}

export async function runEpochs<T>(options: FitOptions, hooks: EpochHooks<T>, now: () => number = () => performance.now()): Promise<{ report: FitReport; best: T }> {
  const started = now()
  const stopper = new EarlyStopping<T>(hooks.patience, hooks.minDelta ?? 0)
  const curve: TrainingProgress[] = []
  let epoch = 0
  let stoppedEarly = false
  for (epoch = 1; epoch <= hooks.maxEpochs; epoch++) {
    options.signal?.throwIfAborted()
    await hooks.runEpoch(epoch)
    const { train, validation } = await hooks.score()
    const elapsedMs = now() - started
    const progress: TrainingProgress = {
      epoch,
      maxEpochs: hooks.maxEpochs,
      trainLoss: train,
      validationLoss: validation,
      elapsedMs,
      etaMs: (elapsedMs / epoch) * (hooks.maxEpochs - epoch),
    }
    curve.push(progress)
    options.onProgress?.(progress)
    await options.onEpochEnd?.(progress)
    await yieldToEventLoop()
    if (validation === null) continue
    if (!Number.isFinite(validation)) break
    if (stopper.update(epoch, validation, () => hooks.snapshot())) {
      stoppedEarly = true
      break
    }
    if (stopper.epochsSinceBest > 0) hooks.onPlateau?.(stopper.epochsSinceBest)
  }
  const epochs = Math.min(epoch, hooks.maxEpochs)
  const best = stopper.best
  if (best) {
    return {
      report: { epochs, bestEpoch: best.epoch, bestValidationLoss: best.score, stoppedEarly, curve, elapsedMs: now() - started },
      best: best.snapshot,
    }
  }
  // No validation (or it was never finite): keep the last epoch's parameters.
  return { report: { epochs, bestEpoch: epochs, bestValidationLoss: null, stoppedEarly, curve, elapsedMs: now() - started }, best: hooks.snapshot() }
}
