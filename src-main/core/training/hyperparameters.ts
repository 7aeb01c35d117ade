import type { ModelKind } from '../models/model.js'

/** The settings chosen on validation: latent size D (MF only) and the ℓ2 weight λ. */
export interface Hyperparameters {
  d: number | null
  lambda: number | null
}

export interface SearchGrid {
  dGrid: readonly number[]
  lambdaGrid: readonly number[]
}

/**
 * What "Train a model" searches when the user pins nothing: the standard pilot's grids
 * (pilot/effort.ts), so a model trained directly is chosen the way a pilot chooses it. NNMF gets
 * two values only, because each one is a full training run.
 * MF's λ steps by about 3, not 10: the penalty weighs against a sum over cells, so the best λ
 * grows with the table, near 10 on rating-like and small tables but near 30 on large dense sensor
 * tables, where a ×10 grid straddles it (λ = 10 overfits the few cells of each row, λ = 100 shrinks
 * the factors away). d = 3 serves tables with few columns, where each row has only a handful of
 * cells to fit its factors. λ = 1 stays for 0/1 tables: the logistic loss curves 4 to 10 times less
 * than the squared loss, so the same λ regularises that much harder there.
 */
export const TRAIN_SEARCH: Readonly<Record<Exclude<ModelKind, 'mean'>, SearchGrid>> = {
  bias: { dGrid: [], lambdaGrid: [1, 10, 100] },
  mf: { dGrid: [3, 10], lambdaGrid: [1, 10, 30] },
  nnmf: { dGrid: [], lambdaGrid: [1, 5] },
}

/**
 * Candidates for `kind`: every grid combination in grid order (an exact tie goes to the earlier
 * one), except that a pinned value (a number in `pinned`) replaces its grid.
 */
export function searchCandidates(kind: ModelKind, pinned: Partial<Hyperparameters> = {}): Hyperparameters[] {
  if (kind === 'mean') return [{ d: null, lambda: null }]
  const grid = TRAIN_SEARCH[kind]
  const lambdas = typeof pinned.lambda === 'number' ? [pinned.lambda] : grid.lambdaGrid
  if (kind !== 'mf') return lambdas.map((lambda) => ({ d: null, lambda }))
  const ds = typeof pinned.d === 'number' ? [pinned.d] : grid.dGrid
  return ds.flatMap((d) => lambdas.map((lambda) => ({ d, lambda })))
}

/**
 * The model configuration a candidate stands for. The bias model's λ is its bias penalty; MF uses
 * one λ for biases and latents (as Surprise's SVD): a grid reaching large λ then shrinks MF to the
 * mean on data with no structure, instead of overfitting row and column biases.
 */
export function hyperparameterConfig(kind: ModelKind, h: Hyperparameters): Record<string, number> {
  switch (kind) {
    case 'mean':
      return {}
    case 'bias':
      return h.lambda === null ? {} : { lambdaBias: h.lambda }
    case 'mf':
      return { ...(h.d === null ? {} : { d: h.d }), ...(h.lambda === null ? {} : { lambda: h.lambda, lambdaBias: h.lambda }) }
    case 'nnmf':
      return h.lambda === null ? {} : { lambda: h.lambda }
  }
}

/** Splits request overrides into pinned hyperparameters (`d`, `lambda`) and the rest of the config. */
export function splitOverrides(overrides: Record<string, unknown> = {}): { pinned: Partial<Hyperparameters>; rest: Record<string, unknown> } {
  const { d, lambda, ...rest } = overrides
  return {
    pinned: { ...(typeof d === 'number' ? { d } : {}), ...(typeof lambda === 'number' ? { lambda } : {}) },
    rest,
  }
}
