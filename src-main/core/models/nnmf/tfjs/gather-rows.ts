/**
 * tf.gather of rows with a gradient every backend has. tfjs's own gather gradient is
 * UnsortedSegmentSum, which the wasm backend lacks; scatterND sums duplicate indices the same way
 * and exists on cpu, wasm and native TensorFlow.
 */
import * as tf from '@tensorflow/tfjs-core'

/**
 * table[index[i]] for each i. `index` (int32, shape [n]) and `index2d` (the same values, shape
 * [n, 1]) are captured, not differentiated.
 */
export function gatherRows(table: tf.Tensor2D, index: tf.Tensor1D, index2d: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad((...inputs) => {
    const t = inputs[0] as tf.Tensor2D
    return {
      value: tf.gather(t, index),
      gradFunc: (dy: tf.Tensor) => tf.scatterND(index2d, dy, t.shape),
    }
  })
  return op(table) as tf.Tensor2D
}
