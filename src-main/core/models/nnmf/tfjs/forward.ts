/**
 * The NNMF function of engine.ts in tfjs ops, on blocks of distinct latent rows and columns.
 * Rows of `rowBlock` are [U_n | U'_n] (d + d'·k values), columns of `colBlock` are [V_m | V'_m].
 */
import * as tf from '@tensorflow/tfjs-core'
// tfjs-core registers no gradients by itself (the full @tensorflow/tfjs package would).
import '@tensorflow/tfjs-core/dist/register_all_gradients.js'
import type { LossKind, NnmfArchitecture } from '../engine.js'
import { gatherRows } from './gather-rows.js'

export interface BatchIndexTensors {
  rowInverse: tf.Tensor1D
  rowInverse2d: tf.Tensor2D
  colInverse: tf.Tensor1D
  colInverse2d: tf.Tensor2D
}

export function indexTensors(rowInverse: Int32Array, colInverse: Int32Array): BatchIndexTensors {
  const n = rowInverse.length
  const r = tf.tensor1d(rowInverse, 'int32')
  const c = tf.tensor1d(colInverse, 'int32')
  return { rowInverse: r, rowInverse2d: tf.reshape(r, [n, 1]), colInverse: c, colInverse2d: tf.reshape(c, [n, 1]) }
}

/** f for every batch entry, shape [n]. */
export function forward(
  arch: NnmfArchitecture,
  rowBlock: tf.Tensor2D,
  colBlock: tf.Tensor2D,
  idx: BatchIndexTensors,
  weights: tf.Tensor2D[],
  biases: tf.Tensor1D[],
): tf.Tensor1D {
  const { d, dPrime, k } = arch
  const rows = gatherRows(rowBlock, idx.rowInverse, idx.rowInverse2d)
  const cols = gatherRows(colBlock, idx.colInverse, idx.colInverse2d)
  const n = rows.shape[0]
  const u = tf.slice(rows, [0, 0], [n, d])
  const v = tf.slice(cols, [0, 0], [n, d])
  const products = tf.mul(tf.slice(rows, [0, d], [n, dPrime * k]), tf.slice(cols, [0, d], [n, dPrime * k]))
  // h_j = Σ_k U'[n,j,k]·V'[m,j,k]; with k = 1 the product already is h.
  const h = (k === 1 ? products : tf.sum(tf.reshape(products, [n, dPrime, k]), 2)) as tf.Tensor2D
  let a: tf.Tensor2D = tf.concat([u, v, h], 1)
  const last = weights.length - 1
  weights.forEach((W, l) => {
    // Fused matMul+bias is one kernel on wasm; sigmoid stays separate because the fused op has no
    // gradient for a sigmoid activation.
    const z = tf.fused.matMul({ a, b: W, bias: biases[l]! })
    a = (l < last ? tf.sigmoid(z) : z) as tf.Tensor2D
  })
  return tf.reshape(a, [n])
}

/** Data loss of the batch (a sum, as in the contract). */
export function dataLoss(kind: LossKind, f: tf.Tensor1D, targets: tf.Tensor1D): tf.Scalar {
  if (kind === 'squared') return tf.sum(tf.squaredDifference(f, targets))
  return tf.sum(tf.sub(tf.softplus(f), tf.mul(targets, f)))
}
