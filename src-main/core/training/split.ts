import { subsetEntries, type SparseMatrix } from '../matrix/sparse.js'
import { createRng, type Rng } from '../random.js'

/**
 * Random hold-outs of observed entries. The split is a seeded permutation of the entry indices, the
 * first slice held out (the same sizes as the PyTorch reference's numpy split; numpy's generator
 * itself cannot be reproduced, so the entries chosen differ).
 */

export function seededPermutation(n: number, rng: Rng): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = order[i]!
    order[i] = order[j]!
    order[j] = t
  }
  return order
}

export interface HoldOut {
  train: SparseMatrix
  heldOut: SparseMatrix
}

/** Holds out ⌊n · fraction⌋ random entries (at least one when there are two or more entries). */
export function splitEntries(matrix: SparseMatrix, fraction: number, rng: Rng): HoldOut {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`split fraction must be in (0, 1), got ${fraction}`)
  const n = matrix.values.length
  const order = seededPermutation(n, rng)
  let nHeld = Math.floor(n * fraction)
  if (nHeld === 0 && n >= 2) nHeld = 1
  return { heldOut: subsetEntries(matrix, order.subarray(0, nHeld)), train: subsetEntries(matrix, order.subarray(nHeld)) }
}

/** The validation slice of a training part (2 % by default, as in the reference protocol). */
export function splitForValidation(train: SparseMatrix, fraction = 0.02, rng: Rng = createRng(0)): { train: SparseMatrix; validation: SparseMatrix } {
  const { train: rest, heldOut } = splitEntries(train, fraction, rng)
  return { train: rest, validation: heldOut }
}

/**
 * The reference protocol in one call: a 10 % test slice, then 2 % of the rest for validation,
 * with sizes n//10 and (n − n//10)·2//100 exactly as torch_nnmf.py computes them.
 */
export function splitTrainValidationTest(matrix: SparseMatrix, seed: number): { train: SparseMatrix; validation: SparseMatrix; test: SparseMatrix } {
  return splitInReferenceSizes(matrix, seededPermutation(matrix.values.length, createRng(seed)))
}

/** The reference protocol's slices of a given order of the entries (ours, or numpy's for the reference's own split). */
export function splitInReferenceSizes(matrix: SparseMatrix, order: Int32Array): { train: SparseMatrix; validation: SparseMatrix; test: SparseMatrix } {
  const n = order.length
  const nTest = Math.floor(n / 10)
  const nVal = Math.floor(((n - nTest) * 2) / 100)
  return {
    test: subsetEntries(matrix, order.subarray(0, nTest)),
    validation: subsetEntries(matrix, order.subarray(nTest, nTest + nVal)),
    train: subsetEntries(matrix, order.subarray(nTest + nVal)),
  }
}
