import { gridCandidates, type Hyperparameters, type SearchGrid } from '../models/spec.js'
import { MODEL_SPECS, specOf, type ModelKind } from '../models/specs.js'

export type { Hyperparameters, SearchGrid }

/**
 * What "Train a model" searches when the user pins nothing (each spec's `trainGrid`): the standard
 * pilot's grids, so a model trained directly is chosen the way a pilot chooses it. NNMF gets
 * two values only, because each one is a full training run.
 * MF's λ steps by about 3, not 10: the penalty weighs against a sum over cells, so the best λ
 * grows with the table, near 10 on rating-like and small tables but near 30 on large dense sensor
 * tables, where a ×10 grid straddles it (λ = 10 overfits the few cells of each row, λ = 100 shrinks
 * the factors away). d = 3 serves tables with few columns, where each row has only a handful of
 * cells to fit its factors. λ = 1 stays for 0/1 tables: the logistic loss curves 4 to 10 times less
 * than the squared loss, so the same λ regularises that much harder there.
 */
export const TRAIN_SEARCH = Object.fromEntries(MODEL_SPECS.map((s) => [s.kind, s.trainGrid])) as Readonly<Record<ModelKind, SearchGrid>>

/**
 * Candidates for `kind`: every grid combination in grid order (an exact tie goes to the earlier
 * one), except that a pinned value (a number in `pinned`) replaces its grid; values a model does
 * not tune are ignored.
 */
export function searchCandidates(kind: ModelKind, pinned: Partial<Hyperparameters> = {}): Hyperparameters[] {
  const spec = specOf(kind)
  const applies = {
    ...(spec.tunes.d && typeof pinned.d === 'number' ? { d: pinned.d } : {}),
    ...(spec.tunes.lambda && typeof pinned.lambda === 'number' ? { lambda: pinned.lambda } : {}),
  }
  return gridCandidates(spec.trainGrid, applies)
}

/**
 * The model configuration a candidate stands for. The bias model's λ is its bias penalty; MF uses
 * one λ for biases and latents (as Surprise's SVD): a grid reaching large λ then shrinks MF to the
 * mean on data with no structure, instead of overfitting row and column biases.
 */
export function hyperparameterConfig(kind: ModelKind, h: Hyperparameters): Record<string, number> {
  return specOf(kind).hyperparameterConfig(h)
}

/** Splits request overrides into pinned hyperparameters (`d`, `lambda`) and the rest of the config. */
export function splitOverrides(overrides: Record<string, unknown> = {}): { pinned: Partial<Hyperparameters>; rest: Record<string, unknown> } {
  const { d, lambda, ...rest } = overrides
  return {
    pinned: { ...(typeof d === 'number' ? { d } : {}), ...(typeof lambda === 'number' ? { lambda } : {}) },
    rest,
  }
}
