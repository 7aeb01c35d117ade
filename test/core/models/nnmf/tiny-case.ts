/** A tiny NNMF problem shared by the engine tests: 4×3 matrix, d=2, d'=3, k=2, hidden [4, 3]. */
import { createRng } from '../../../../src-main/core/random.js'
import type { Batch, LossKind, NnmfEngineSetup, NnmfParams } from '../../../../src-main/core/models/nnmf/engine.js'
import { initParams, paramArrays } from '../../../../src-main/core/models/nnmf/init.js'

export function tinySetup(loss: LossKind): NnmfEngineSetup {
  return {
    nRows: 4,
    nCols: 3,
    architecture: { d: 2, dPrime: 3, k: 2, hidden: [4, 3] },
    loss,
    rowCounts: Int32Array.from([3, 2, 5, 1]),
    colCounts: Int32Array.from([4, 4, 3]),
  }
}

/** Params scaled up from the default init so the sigmoids are not all near-linear. */
export function tinyParams(setup: NnmfEngineSetup, seed = 1): NnmfParams {
  const p = initParams(setup, createRng(seed))
  for (const a of [p.U, p.V, p.Up, p.Vp]) for (let i = 0; i < a.length; i++) a[i] = a[i]! * 5
  return p
}

/** Row 3 is never touched; row 0 and column 1 occur twice (duplicates must sum). */
export function tinyBatch(loss: LossKind): Batch {
  return {
    rows: Int32Array.from([0, 2, 0, 1, 2]),
    cols: Int32Array.from([1, 0, 1, 2, 2]),
    targets: loss === 'squared' ? Float32Array.from([1.5, -0.5, 0.7, 2, -1]) : Float32Array.from([1, 0, 1, 0, 1]),
  }
}

/** Names for the arrays of paramArrays(), for readable failures. */
export function arrayNames(p: NnmfParams): string[] {
  const names = ['U', 'V', 'Up', 'Vp']
  p.weights.forEach((_, l) => names.push(`W${l}`, `b${l}`))
  return names
}

export { paramArrays }
