import * as tf from '@tensorflow/tfjs-core'
import { expect, it } from 'vitest'
import { selectBackend } from '../../../../../src-main/core/backend/index.js'
import { forwardPass, output } from '../../../../../src-main/core/models/nnmf/tfjs/forward-backward.js'

it('the unfused sigmoid path (used on native TensorFlow) computes the same network as the fused one', async () => {
  await selectBackend('wasm')
  tf.tidy(() => {
    const x = tf.randomNormal([6, 5], 0, 1, 'float32', 1) as tf.Tensor2D
    const weights = [tf.randomNormal([5, 4], 0, 1, 'float32', 2), tf.randomNormal([4, 1], 0, 1, 'float32', 3)] as tf.Tensor2D[]
    const biases = [tf.randomNormal([4], 0, 1, 'float32', 4), tf.randomNormal([1], 0, 1, 'float32', 5)] as tf.Tensor1D[]
    const fused = output(forwardPass(x, weights, biases, true)).dataSync()
    const plain = output(forwardPass(x, weights, biases, false)).dataSync()
    const byHand = tf.add(tf.matMul(tf.sigmoid(tf.add(tf.matMul(x, weights[0]!), biases[0]!)), weights[1]!), biases[1]!).dataSync()
    byHand.forEach((v, i) => {
      expect(Math.abs(plain[i]! - v)).toBeLessThan(1e-5)
      expect(Math.abs(fused[i]! - v)).toBeLessThan(1e-5)
    })
  })
})
