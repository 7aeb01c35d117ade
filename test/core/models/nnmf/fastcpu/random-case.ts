/** Random small NNMF problems for comparing the fast CPU engine with the scalar reference. */
import type { Batch, LossKind, NnmfArchitecture, NnmfEngineSetup, NnmfParams } from '../../../../../src-main/core/models/nnmf/engine.js'
import { initParams } from '../../../../../src-main/core/models/nnmf/init.js'
import { createRng } from '../../../../../src-main/core/random.js'

export interface RandomCase {
  setup: NnmfEngineSetup
  params: NnmfParams
  batch: Batch
}

/**
 * `size` entries drawn with replacement from a small matrix, so rows and columns repeat in the
 * batch (and some entries repeat outright). Latents are scaled up so the sigmoids leave their
 * near-linear range.
 */
export function randomCase(seed: number, loss: LossKind, architecture: NnmfArchitecture, size: number, nRows = 7, nCols = 5): RandomCase {
  const rng = createRng(seed)
  const rows = Int32Array.from({ length: size }, () => rng.int(nRows))
  const cols = Int32Array.from({ length: size }, () => rng.int(nCols))
  const targets = Float32Array.from({ length: size }, () => (loss === 'squared' ? 3 * rng.normal() : rng.int(2)))
  const rowCounts = Int32Array.from({ length: nRows }, () => 1 + rng.int(20))
  const colCounts = Int32Array.from({ length: nCols }, () => 1 + rng.int(20))
  const setup: NnmfEngineSetup = { nRows, nCols, architecture, loss, rowCounts, colCounts }
  const params = initParams(setup, rng)
  for (const a of [params.U, params.V, params.Up, params.Vp]) for (let i = 0; i < a.length; i++) a[i] = a[i]! * 6
  return { setup, params, batch: { rows, cols, targets } }
}

/** Largest |a − b| relative to the largest magnitude in either array (0 when both are all zero). */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity
  let scale = 1e-30
  let err = 0
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(a[i]!), Math.abs(b[i]!))
    err = Math.max(err, Math.abs(a[i]! - b[i]!))
  }
  return err / scale
}
