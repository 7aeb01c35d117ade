import { afterEach, describe, expect, it } from 'vitest'
import type { NnmfEngine, NnmfParams } from '../../../../../src-main/core/models/nnmf/engine.js'
import { paramArrays } from '../../../../../src-main/core/models/nnmf/init.js'
import { referenceLossAndGradients } from '../../../../../src-main/core/models/nnmf/reference.js'
import { createFastCpuEngine } from '../../../../../src-main/core/models/nnmf/fastcpu/index.js'
import { CONTROL } from '../../../../../src-main/core/models/nnmf/fastcpu/control.js'
import { randomCase, relativeError } from './random-case.js'

// A sub-worker must run each round exactly once. A CI run once saw a 2-thread gradient whose W0
// was off by 0.13409: exactly what one extra run of the worker's network slice gives (this test,
// with one stray wake-up before the fix, fails with that same number). Atomics.wait should not
// wake without a notify, but the pool must not depend on it.

const engines: NnmfEngine[] = []
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose()
})

/** The pool's control words: private, reached here on purpose to fake a stray wake-up. */
function controlOf(engine: NnmfEngine): Int32Array {
  return (engine as unknown as { pool: { control: Int32Array } }).pool.control
}

async function strayWakeUps(engine: NnmfEngine): Promise<void> {
  for (let i = 0; i < 5; i++) {
    Atomics.notify(controlOf(engine), CONTROL.GEN)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

function expectGradientsClose(actual: NnmfParams, expected: NnmfParams): void {
  const names = ['U', 'V', 'Up', 'Vp', ...actual.weights.flatMap((_, l) => [`W${l}`, `b${l}`])]
  const a = paramArrays(actual)
  const b = paramArrays(expected)
  a.forEach((arr, i) => expect(relativeError(arr, b[i]!), names[i]).toBeLessThan(2e-5))
}

describe('fastcpu thread pool', () => {
  for (const [label, last] of [
    ['a latent round', 'lossAndGradients'],
    ['a network round', 'network step'],
  ] as const) {
    it(`runs each round once, even when a worker is woken after ${label}`, async () => {
      const { setup, params, batch } = randomCase(11, 'squared', { d: 3, dPrime: 5, k: 3, hidden: [7, 5] }, 150)
      const engine = await createFastCpuEngine(setup, { threads: 2 })
      engines.push(engine)
      engine.setParams(params)
      if (last === 'lossAndGradients') await engine.lossAndGradients(batch)
      else await engine.step(batch, 'network', { learningRate: 0, lambda: 0 })
      await strayWakeUps(engine)
      const ours = await engine.lossAndGradients(batch)
      expectGradientsClose(ours.grads, referenceLossAndGradients(setup, params, batch).grads)
    })
  }
})
