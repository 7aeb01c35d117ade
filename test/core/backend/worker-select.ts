// Runs inside a worker thread: selects a backend there and reports the result.
import { parentPort } from 'node:worker_threads'
import * as tf from '@tensorflow/tfjs-core'
import { selectBackend } from '../../../src-main/core/backend/index.js'

const s = await selectBackend('auto')
const sum = tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0]
parentPort!.postMessage({ name: s.name, label: s.label, sum })
