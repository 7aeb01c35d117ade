/**
 * The sub-worker's program, as source text for `new Worker(src, { eval: true })`: a file path would
 * differ between tsx, vitest, the Electron bundle and the CLI, and eval works from inside a worker.
 * Plain CommonJS JavaScript. It instantiates the kernels on the shared memory and then sleeps on the
 * control word; each new round number runs its slice of the batch (or its rows / columns in the
 * latent phase) and flags itself done (see thread-pool.ts).
 */
import { CONTROL, LATENT_PHASE } from './control.js'

export const WORKER_SOURCE = `
'use strict'
const { workerData, parentPort } = require('node:worker_threads')
const { module, memory, control, tid, model, thread } = workerData
const { exports } = new WebAssembly.Instance(module, { env: { memory } })
const ctrl = new Int32Array(control)
const ctrlF = new Float32Array(control)
let gen = 0
parentPort.postMessage('ready')
for (;;) {
  // A round starts when GEN moves on, not when wait returns: an unexpected wake-up must not run
  // the last round again (its network partials would be counted twice).
  let next
  while ((next = Atomics.load(ctrl, ${CONTROL.GEN})) === gen) Atomics.wait(ctrl, ${CONTROL.GEN}, gen)
  gen = next
  const mode = ctrl[${CONTROL.MODE}]
  if (mode < 0) break
  if (mode === ${LATENT_PHASE}) {
    exports.latent_phase(model, thread, ctrl[${CONTROL.ARG_BATCH}], ctrl[${CONTROL.ARG_UPDATE}], ctrlF[${CONTROL.ARG_LR}], ctrlF[${CONTROL.ARG_LAMBDA}])
  } else {
    exports.run(model, thread, ctrl[${CONTROL.RANGES} + 2 * tid], ctrl[${CONTROL.RANGES} + 2 * tid + 1], mode)
  }
  Atomics.store(ctrl, ${CONTROL.DONE} + tid, gen)
  Atomics.notify(ctrl, ${CONTROL.DONE} + tid)
}
`
