/**
 * Run by dispose.test.ts in a child process: creates a 2-thread fastcpu engine inside a worker
 * thread (as the trainer does), steps, disposes, and lets everything end by itself. The process
 * exits only if dispose really ended the engine's sub-workers.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads'
import { createFastCpuEngine } from '../../../../../src-main/core/models/nnmf/fastcpu/index.js'
import { randomCase } from './random-case.js'

if (isMainThread) {
  // Workers do not inherit the tsx loader: register it inside, then load this file again.
  const source = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}) })`
  const worker = new Worker(source, { eval: true })
  worker.on('message', (m: string) => console.log(m))
  worker.on('error', (err) => {
    console.error(err)
    process.exitCode = 1
  })
} else {
  const { setup, params, batch } = randomCase(4, 'squared', { d: 4, dPrime: 6, k: 1, hidden: [8, 8] }, 200)
  const engine = await createFastCpuEngine(setup, { threads: 2 })
  engine.setParams(params)
  const loss = await engine.step(batch, 'latents', { learningRate: 1e-3, lambda: 1 })
  engine.dispose()
  parentPort!.postMessage(`ok ${engine.name} ${loss}`)
}
