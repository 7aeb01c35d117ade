import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../../../../../src-main/core/backend/index.js'
import type { LossKind, NnmfParams } from '../../../../../src-main/core/models/nnmf/engine.js'
import { createFastCpuEngine } from '../../../../../src-main/core/models/nnmf/fastcpu/index.js'
import { paramArrays } from '../../../../../src-main/core/models/nnmf/init.js'
import { createTfjsEngine } from '../../../../../src-main/core/models/nnmf/tfjs-engine.js'
import { randomCase, relativeError } from './random-case.js'

function expectParamsClose(actual: NnmfParams, expected: NnmfParams, tol: number): void {
  const names = ['U', 'V', 'Up', 'Vp', ...actual.weights.flatMap((_, l) => [`W${l}`, `b${l}`])]
  const b = paramArrays(expected)
  paramArrays(actual).forEach((arr, i) => expect(relativeError(arr, b[i]!), names[i]).toBeLessThan(tol))
}

// The acceptance test: the fast CPU path and the tfjs model agree on loss and gradients.
describe.each(['cpu', 'wasm'] as const)('fastcpu engine against the tfjs engine on %s', (backend) => {
  beforeAll(async () => {
    expect((await selectBackend(backend)).name).toBe(backend)
  })

  for (const loss of ['squared', 'logistic'] as LossKind[]) {
    for (const architecture of [
      { d: 10, dPrime: 60, k: 1, hidden: [50, 50, 50] },
      { d: 3, dPrime: 5, k: 3, hidden: [7, 5] },
    ]) {
      it(`${loss}, k=${architecture.k}, hidden [${architecture.hidden.join(', ')}]: loss, gradients and two steps`, async () => {
        const { setup, params, batch } = randomCase(21, loss, architecture, 130)
        const fast = await createFastCpuEngine(setup, { threads: 2 })
        const tfjs = await createTfjsEngine(setup)
        try {
          fast.setParams(params)
          tfjs.setParams(params)
          const a = await fast.lossAndGradients(batch)
          const b = await tfjs.lossAndGradients(batch)
          expect(Math.abs(a.loss - b.loss) / Math.max(1, Math.abs(b.loss))).toBeLessThan(1e-5)
          expectParamsClose(a.grads, b.grads, 1e-4)
          const options = { learningRate: 0.01, lambda: 2 }
          for (const group of ['network', 'latents'] as const) {
            const la = await fast.step(batch, group, options)
            const lb = await tfjs.step(batch, group, options)
            expect(Math.abs(la - lb) / Math.max(1, Math.abs(lb))).toBeLessThan(1e-4)
          }
          expectParamsClose(fast.getParams(), tfjs.getParams(), 1e-4)
        } finally {
          fast.dispose()
          tfjs.dispose()
        }
      })
    }
  }
})
