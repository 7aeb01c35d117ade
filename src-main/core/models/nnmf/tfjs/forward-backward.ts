/**
 * The NNMF network of engine.ts and its gradient, written out in tfjs ops.
 *
 * Why an explicit backward pass rather than tf.grads: tfjs-core's gradient definitions ship only
 * as extensionless ESM files (dist/register_all_gradients.js) that plain Node, worker threads and
 * the CLI cannot load, and gather's gradient (UnsortedSegmentSum) does not exist on wasm. The
 * network is a plain sigmoid MLP, so the backward pass is short.
 *
 * The input x = [U_n, V_m, h] is assembled in JS (latent-rows.ts): gathering, slicing and
 * concatenating in tfjs cost about as much as the network itself on wasm, for no arithmetic.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { LossKind } from '../engine.js'

/** activations[0] = x; activations[l] = output of layer l; the last is f, [n, 1]. */
export type Activations = tf.Tensor2D[]

/**
 * `fuseSigmoid`: fold the sigmoid into the fused matMul kernel (tested on wasm and cpu); elsewhere
 * (native TensorFlow, untested here) the sigmoid runs as its own op.
 */
export function forwardPass(x: tf.Tensor2D, weights: tf.Tensor2D[], biases: tf.Tensor1D[], fuseSigmoid: boolean): Activations {
  const activations: Activations = [x]
  const last = weights.length - 1
  weights.forEach((W, l) => {
    const hidden = l < last
    const z = tf.fused.matMul({ a: activations[l]!, b: W, bias: biases[l]!, activation: hidden && fuseSigmoid ? 'sigmoid' : 'linear' })
    activations.push((hidden && !fuseSigmoid ? tf.sigmoid(z) : z) as tf.Tensor2D)
  })
  return activations
}

export function output(activations: Activations): tf.Tensor1D {
  const f = activations[activations.length - 1]!
  return tf.reshape(f, [f.shape[0]])
}

/** Data loss of the batch (a sum, as the contract says) and ∂loss/∂f, [n, 1]. */
export function lossAndOutputGradient(kind: LossKind, activations: Activations, targets: tf.Tensor1D): { loss: tf.Scalar; dF: tf.Tensor2D } {
  const f = activations[activations.length - 1]!
  const y = tf.reshape(targets, f.shape)
  if (kind === 'squared') {
    return { loss: tf.sum(tf.squaredDifference(f, y)), dF: tf.mul(tf.sub(f, y), 2) as tf.Tensor2D }
  }
  return { loss: tf.sum(tf.sub(tf.softplus(f), tf.mul(y, f))), dF: tf.sub(tf.sigmoid(f), y) as tf.Tensor2D }
}

export interface Gradients {
  /** Empty unless the network's gradient was asked for. */
  weights: tf.Tensor2D[]
  biases: tf.Tensor1D[]
  /** ∂loss/∂x per entry, [n, 2d + d'], when the latents' gradient was asked for. */
  input?: tf.Tensor2D
}

/**
 * Backpropagation from ∂loss/∂f, computing only what a step needs. Products are arranged so no
 * matMul has a transposed operand: wasm's transposed matMul runs about 10× slower than its plain
 * one, and transposing the operand first is cheap. Bias gradients are ones·δ for the same reason
 * (a column sum is a slow reduction on wasm).
 */
export function backward(activations: Activations, dF: tf.Tensor2D, weights: tf.Tensor2D[], want: { network: boolean; input: boolean }): Gradients {
  const L = weights.length
  const gW: tf.Tensor2D[] = []
  const gb: tf.Tensor1D[] = []
  const n = dF.shape[0]
  const ones = want.network ? tf.ones([1, n]) : null
  let delta = dF // ∂loss/∂(pre-activation of layer l)
  for (let l = L - 1; l >= 0; l--) {
    const aPrev = activations[l]!
    if (ones) {
      gW[l] = tf.matMul(tf.transpose(aPrev), delta)
      gb[l] = tf.reshape(tf.matMul(ones, delta), [delta.shape[1]])
    }
    if (l === 0 && !want.input) break
    const dPrev = tf.matMul(delta, tf.transpose(weights[l]!)) as tf.Tensor2D
    // Hidden activations are sigmoids: σ' = a(1 − a). The input x has no activation.
    delta = l > 0 ? (tf.mul(dPrev, tf.mul(aPrev, tf.sub(1, aPrev))) as tf.Tensor2D) : dPrev
  }
  return want.input ? { weights: gW, biases: gb, input: delta } : { weights: gW, biases: gb }
}
