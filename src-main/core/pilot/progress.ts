import type { PilotModelKind } from './config.js'

/** A running pilot's progress, in its own module so the renderer can import the type alone. */
export type PilotPhase = 'training' | 'evaluating' | 'summarising' | 'done'

export interface PilotProgress {
  phase: PilotPhase
  repeat: number
  repeats: number
  model: PilotModelKind | null
  /** Index of the hyper-parameter candidate being trained, and how many the model has. */
  candidate: number
  candidates: number
  epoch: number | null
  maxEpochs: number | null
  trainLoss: number | null
  validationLoss: number | null
  /** Overall fraction done, 0..1 (weighted by the estimated cost of each model). */
  fraction: number
  elapsedSeconds: number
  /** Extrapolated from the fraction done; null at the very start. */
  etaSeconds: number | null
}
