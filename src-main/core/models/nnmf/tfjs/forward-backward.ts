/**
 * The NNMF function of engine.ts and its gradient, both written out in tfjs ops.
 *
 * Why an explicit backward pass rather than tf.grads: tfjs-core's gradient definitions ship only
 * as extensionless ESM files (dist/register_all_gradients.js) that plain Node, worker threads and
 * the CLI cannot load, and the gradient of gather (UnsortedSegmentSum) does not exist on wasm. The
 * network here is a plain sigmoid MLP, so the backward pass is short, and writing it lets the
 * gather's gradient be a scatterND (which sums duplicate indices) on every backend.
 *
 * Inputs are blocks of distinct latent rows: a row of `rowBlock` is [U_n | U'_n] (d + d'·k values),
 * a row of `colBlock` is [V_m | V'_m]; `idx` maps each batch entry to its block row.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { LossKind, NnmfArchitecture } from '../engine.js'

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

export interface ForwardPass {
  /** Block rows gathered per entry, [n, d + d'k]. */
  rows: tf.Tensor2D
  cols: tf.Tensor2D
  /** activations[0] = x = [U_n, V_m, h]; activations[l] = output of layer l; the last is f, [n, 1]. */
  activations: tf.Tensor2D[]
}

export function forwardPass(
  arch: NnmfArchitecture,
  rowBlock: tf.Tensor2D,
  colBlock: tf.Tensor2D,
  idx: BatchIndexTensors,
  weights: tf.Tensor2D[],
  biases: tf.Tensor1D[],
): ForwardPass {
  const { d, dPrime, k } = arch
  const rows = tf.gather(rowBlock, idx.rowInverse)
  const cols = tf.gather(colBlock, idx.colInverse)
  const n = rows.shape[0]
  const products = tf.mul(tf.slice(rows, [0, d], [n, dPrime * k]), tf.slice(cols, [0, d], [n, dPrime * k]))
  // h_j = Σ_k U'[n,j,k]·V'[m,j,k]; with k = 1 the product already is h.
  const h = (k === 1 ? products : tf.sum(tf.reshape(products, [n, dPrime, k]), 2)) as tf.Tensor2D
  const activations: tf.Tensor2D[] = [tf.concat([tf.slice(rows, [0, 0], [n, d]), tf.slice(cols, [0, 0], [n, d]), h], 1)]
  const last = weights.length - 1
  weights.forEach((W, l) => {
    // Fused matMul + bias (+ sigmoid): one kernel on wasm.
    activations.push(tf.fused.matMul({ a: activations[l]!, b: W, bias: biases[l]!, activation: l < last ? 'sigmoid' : 'linear' }) as tf.Tensor2D)
  })
  return { rows, cols, activations }
}

export function output(pass: ForwardPass): tf.Tensor1D {
  const f = pass.activations[pass.activations.length - 1]!
  return tf.reshape(f, [f.shape[0]])
}

/** Data loss of the batch (a sum, as the contract says) and ∂loss/∂f, [n, 1]. */
export function lossAndOutputGradient(kind: LossKind, pass: ForwardPass, targets: tf.Tensor1D): { loss: tf.Scalar; dF: tf.Tensor2D } {
  const f = pass.activations[pass.activations.length - 1]!
  const y = tf.reshape(targets, f.shape)
  if (kind === 'squared') {
    return { loss: tf.sum(tf.squaredDifference(f, y)), dF: tf.mul(tf.sub(f, y), 2) }
  }
  return { loss: tf.sum(tf.sub(tf.softplus(f), tf.mul(y, f))), dF: tf.sub(tf.sigmoid(f), y) }
}

export interface Gradients {
  /** Empty unless the network's gradient was asked for. */
  weights: tf.Tensor2D[]
  biases: tf.Tensor1D[]
  /** Summed per block row: [distinct rows, d + d'k]. */
  rowBlock: tf.Tensor2D
  colBlock: tf.Tensor2D
}

/**
 * Backpropagation from ∂loss/∂f, computing only what a step needs: the network's gradient, the
 * latents' gradient, or both.
 */
export function backward(
  arch: NnmfArchitecture,
  pass: ForwardPass,
  dF: tf.Tensor2D,
  weights: tf.Tensor2D[],
  idx: BatchIndexTensors,
  blockRows: { rows: number; cols: number },
  want: { network: boolean; latents: boolean },
): Partial<Gradients> & Pick<Gradients, 'weights' | 'biases'> {
  const { latents } = want
  const L = weights.length
  const gW: tf.Tensor2D[] = []
  const gb: tf.Tensor1D[] = []
  let delta = dF // ∂loss/∂(pre-activation of layer l)
  for (let l = L - 1; l >= 0; l--) {
    const aPrev = pass.activations[l]!
    if (want.network) {
      gW[l] = tf.matMul(aPrev, delta, true, false)
      gb[l] = tf.sum(delta, 0)
    }
    if (l === 0 && !latents) break
    const dPrev = tf.matMul(delta, weights[l]!, false, true) as tf.Tensor2D
    // Hidden activations are sigmoids: σ' = a(1 − a). The input x has no activation.
    delta = l > 0 ? (tf.mul(dPrev, tf.mul(aPrev, tf.sub(1, aPrev))) as tf.Tensor2D) : dPrev
  }
  if (!latents) return { weights: gW, biases: gb }
  const { d, dPrime, k } = arch
  const n = delta.shape[0]
  const dU = tf.slice(delta, [0, 0], [n, d])
  const dV = tf.slice(delta, [0, d], [n, d])
  let dh = tf.slice(delta, [0, 2 * d], [n, dPrime])
  if (k > 1) dh = tf.reshape(tf.tile(tf.reshape(dh, [n, dPrime, 1]), [1, 1, k]), [n, dPrime * k]) as tf.Tensor2D
  const dUp = tf.mul(dh, tf.slice(pass.cols, [0, d], [n, dPrime * k]))
  const dVp = tf.mul(dh, tf.slice(pass.rows, [0, d], [n, dPrime * k]))
  const width = d + dPrime * k
  // Gather's gradient: scatterND adds the rows of entries sharing a block row.
  const rowBlock = tf.scatterND(idx.rowInverse2d, tf.concat([dU, dUp], 1), [blockRows.rows, width]) as tf.Tensor2D
  const colBlock = tf.scatterND(idx.colInverse2d, tf.concat([dV, dVp], 1), [blockRows.cols, width]) as tf.Tensor2D
  return { weights: gW, biases: gb, rowBlock, colBlock }
}
