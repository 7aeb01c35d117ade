import { describe, expect, it } from 'vitest'
import { selectBackend } from '../../../../src-main/core/backend/index.js'
import { PAPER_ARCHITECTURE, type Batch, type NnmfEngineSetup } from '../../../../src-main/core/models/nnmf/engine.js'
import { cloneParams, initParams, paramArrays } from '../../../../src-main/core/models/nnmf/init.js'
import { referenceLossAndGradients, referenceOptimizerState, referenceStep } from '../../../../src-main/core/models/nnmf/reference.js'
import { createTfjsEngine } from '../../../../src-main/core/models/nnmf/tfjs-engine.js'
import { createRng } from '../../../../src-main/core/random.js'

// The paper's architecture (d=10, d'=60, k=1, 3×50) on small tables: the tiny case uses k=2, this
// covers k=1 and realistic widths, where float32 accumulation differs most from Float64.
const setup: NnmfEngineSetup = {
  nRows: 30,
  nCols: 25,
  architecture: PAPER_ARCHITECTURE,
  loss: 'squared',
  rowCounts: new Int32Array(30).fill(7),
  colCounts: new Int32Array(25).fill(9),
}

function batch(seed: number, size: number): Batch {
  const rng = createRng(seed)
  return {
    rows: Int32Array.from({ length: size }, () => rng.int(30)),
    cols: Int32Array.from({ length: size }, () => rng.int(25)),
    targets: Float32Array.from({ length: size }, () => 1 + rng.int(5)),
  }
}

function maxRelativeError(a: Float32Array[], b: Float32Array[]): number {
  let scale = 0
  let err = 0
  b.forEach((arr, i) =>
    arr.forEach((v, j) => {
      scale = Math.max(scale, Math.abs(v))
      err = Math.max(err, Math.abs(a[i]![j]! - v))
    }),
  )
  return err / scale
}

describe.each(['wasm', 'cpu'] as const)('tfjs engine, paper architecture, on %s', (backend) => {
  it('matches the reference on loss, gradients and 6 alternating steps', async () => {
    await selectBackend(backend)
    const engine = await createTfjsEngine(setup)
    const params = initParams(setup, createRng(5))
    engine.setParams(params)
    const b = batch(1, 200)
    const got = await engine.lossAndGradients(b)
    const want = referenceLossAndGradients(setup, params, b)
    expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThan(1e-5)
    expect(maxRelativeError(paramArrays(got.grads), paramArrays(want.grads))).toBeLessThan(1e-4)

    const ref = cloneParams(params)
    const state = referenceOptimizerState(setup)
    for (let s = 0; s < 6; s++) {
      const group = s % 2 ? 'latents' : 'network'
      await engine.step(batch(10 + s, 128), group, { learningRate: 1e-3, lambda: 5 })
      referenceStep(setup, ref, state, batch(10 + s, 128), group, { learningRate: 1e-3, lambda: 5 })
    }
    expect(maxRelativeError(paramArrays(engine.getParams()), paramArrays(ref))).toBeLessThan(1e-4)
    engine.dispose()
  })
})
