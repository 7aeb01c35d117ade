/**
 * Run by lifecycle.test.ts in a child process. Creates a WebGPU engine inside a worker thread (as
 * the trainer does), steps, disposes, and lets everything end by itself: the process exits only if
 * dispose really ended the engine's GPU worker and released the device. Prints `ok <name> <loss>`,
 * or `failed: <reason>` when no engine can be created.
 */
import './gpu-env.js'
import { isMainThread, parentPort, Worker } from 'node:worker_threads'
import { createWebGpuEngine } from '../../../../../src-main/core/models/nnmf/webgpu/index.js'
import { randomCase } from '../fastcpu/random-case.js'

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
  try {
    const engine = await createWebGpuEngine(setup)
    engine.setParams(params)
    const loss = await engine.step(batch, 'latents', { learningRate: 1e-3, lambda: 1 })
    engine.dispose()
    parentPort!.postMessage(`ok ${engine.name} ${loss}`)
  } catch (error) {
    parentPort!.postMessage(`failed: ${(error as Error).message}`)
  }
}
