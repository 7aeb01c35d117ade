import type { FitOptions, FitReport, TrainingProgress } from './model.js'
import { yieldToEventLoop } from './model.js'
import { EarlyStopping, type EarlyStoppingState } from '../fitting/early-stopping.js'

/** Where an epoch loop stands between two epochs: enough, with the model's own state, to go on from there. */
export interface LoopState<T> {
  /** Epochs done. */
  epoch: number
  curve: TrainingProgress[]
  elapsedMs: number
  stopper: EarlyStoppingState<T>
}

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
  /** Go on from this state (after its epoch) instead of from the start; the model has restored its own part. */
  resume?: LoopState<T>
  /**
   * Called after every epoch that training goes on from (early stopping and plateau decay applied),
   * with the loop's state: with the model's own, what a resumed fit needs. Not after the last one.
   */
  onResumePoint?(loop: LoopState<T>): Promise<void> | void
}

export async function runEpochs<T>(
  options: FitOptions,
  hooks: EpochHooks<T>,
  now: () => number = () => performance.now(),
): Promise<{ report: FitReport; best: T }> {
  // A resumed loop counts the time it ran before, so the curve and the ETA go on where they were.
  const started = now() - (hooks.resume?.elapsedMs ?? 0)
  const stopper = new EarlyStopping<T>(hooks.patience, hooks.minDelta ?? 0)
  if (hooks.resume) stopper.restore(hooks.resume.stopper)
  const curve: TrainingProgress[] = hooks.resume ? [...hooks.resume.curve] : []
  let epoch: number
  let stoppedEarly = false
  for (epoch = (hooks.resume?.epoch ?? 0) + 1; epoch <= hooks.maxEpochs; epoch++) {
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
    if (validation !== null) {
      if (!Number.isFinite(validation)) break
      if (stopper.update(epoch, validation, () => hooks.snapshot())) {
        stoppedEarly = true
        break
      }
      if (stopper.epochsSinceBest > 0) hooks.onPlateau?.(stopper.epochsSinceBest)
    }
    if (epoch < hooks.maxEpochs) await hooks.onResumePoint?.({ epoch, curve: [...curve], elapsedMs: now() - started, stopper: stopper.save() })
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
