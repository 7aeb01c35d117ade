import { afterEach, describe, expect, it } from 'vitest'
import type { LossKind, NnmfArchitecture, NnmfEngine, NnmfParams } from '../../../../../src-main/core/models/nnmf/engine.js'
import { cloneParams, paramArrays, zeroParams } from '../../../../../src-main/core/models/nnmf/init.js'
import { referenceLossAndGradients, referencePredict, referenceStep } from '../../../../../src-main/core/models/nnmf/reference.js'
import { createFastCpuEngine } from '../../../../../src-main/core/models/nnmf/fastcpu/index.js'
import { randomCase, relativeError } from './random-case.js'

const engines: NnmfEngine[] = []
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose()
})
async function engineFor(setup: Parameters<typeof createFastCpuEngine>[0], threads: number): Promise<NnmfEngine> {
  const e = await createFastCpuEngine(setup, { threads })
  engines.push(e)
  return e
}

function expectParamsClose(actual: NnmfParams, expected: NnmfParams, tol: number): void {
  const a = paramArrays(actual)
  const b = paramArrays(expected)
  const names = ['U', 'V', 'Up', 'Vp', ...actual.weights.flatMap((_, l) => [`W${l}`, `b${l}`])]
  expect(a.length).toBe(b.length)
  a.forEach((arr, i) => expect(relativeError(arr, b[i]!), names[i]).toBeLessThan(tol))
}

const shapes: Array<[string, NnmfArchitecture]> = [
  ['paper-like (d=10, d′=60, k=1, 3×50)', { d: 10, dPrime: 60, k: 1, hidden: [50, 50, 50] }],
  ['k=3, odd widths', { d: 3, dPrime: 5, k: 3, hidden: [7, 5] }],
  ['one hidden layer, k=2', { d: 2, dPrime: 3, k: 2, hidden: [9] }],
  ['wide then narrow', { d: 4, dPrime: 8, k: 2, hidden: [33, 2, 6] }],
]

describe('fastcpu engine against the scalar reference', () => {
  for (const loss of ['squared', 'logistic'] as LossKind[]) {
    for (const [label, architecture] of shapes) {
      for (const threads of [1, 2]) {
        it(`loss and gradients, ${loss}, ${label}, ${threads} thread(s)`, async () => {
          // 150 entries: two full tiles and a ragged one, split across threads; repeats guaranteed.
          const { setup, params, batch } = randomCase(11, loss, architecture, 150)
          const engine = await engineFor(setup, threads)
          engine.setParams(params)
          const ours = await engine.lossAndGradients(batch)
          const ref = referenceLossAndGradients(setup, params, batch)
          expect(Math.abs(ours.loss - ref.loss) / Math.max(1, Math.abs(ref.loss))).toBeLessThan(1e-5)
          expectParamsClose(ours.grads, ref.grads, 2e-5)
          // Gradients are per call: a second call on the same batch gives the same, not the double.
          const again = await engine.lossAndGradients(batch)
          expectParamsClose(again.grads, ref.grads, 2e-5)
          const f = await engine.predict(batch.rows, batch.cols)
          expect(relativeError(f, referencePredict(setup, params, batch.rows, batch.cols))).toBeLessThan(1e-5)
        })
      }
    }
  }

  it('a single entry and a tiny batch of duplicates', async () => {
    const { setup, params } = randomCase(3, 'squared', { d: 2, dPrime: 3, k: 2, hidden: [4, 3] }, 1)
    const engine = await engineFor(setup, 2)
    engine.setParams(params)
    for (const batch of [
      { rows: Int32Array.of(2), cols: Int32Array.of(1), targets: Float32Array.of(0.5) },
      { rows: Int32Array.of(1, 1, 1), cols: Int32Array.of(4, 4, 0), targets: Float32Array.of(1, -1, 2) },
    ]) {
      const ours = await engine.lossAndGradients(batch)
      const ref = referenceLossAndGradients(setup, params, batch)
      expect(Math.abs(ours.loss - ref.loss)).toBeLessThan(1e-5 * Math.max(1, ref.loss))
      expectParamsClose(ours.grads, ref.grads, 2e-5)
    }
  })

  for (const [loss, threads] of [
    ['squared', 1],
    ['squared', 2],
    ['logistic', 2],
    ['logistic', 3],
  ] as Array<[LossKind, number]>) {
    it(`alternating RMSProp steps follow the reference step, ${loss}, ${threads} thread(s)`, async () => {
      const { setup, params, batch } = randomCase(5, loss, { d: 3, dPrime: 6, k: 2, hidden: [10, 7] }, 90)
      const engine = await engineFor(setup, threads)
      engine.setParams(params)
      const refParams = cloneParams(params)
      const refState = zeroParams(setup)
      const options = { learningRate: 0.01, lambda: 3 }
      for (let it = 0; it < 6; it++) {
        const group = it % 2 === 0 ? 'network' : 'latents'
        // Different sub-batches per step, so untouched rows must stay put and keep their state.
        const lo = (it * 13) % 40
        const sub = { rows: batch.rows.subarray(lo, lo + 50), cols: batch.cols.subarray(lo, lo + 50), targets: batch.targets.subarray(lo, lo + 50) }
        const ours = await engine.step(sub, group, options)
        const ref = referenceStep(setup, refParams, refState, sub, group, options)
        expect(Math.abs(ours - ref) / Math.max(1, ref)).toBeLessThan(1e-4)
      }
      expectParamsClose(engine.getParams(), refParams, 1e-4)
      // resetOptimizer: the next step starts from zero RMSProp state again.
      engine.resetOptimizer()
      engine.setParams(refParams)
      const fresh = zeroParams(setup)
      await engine.step(batch, 'latents', options)
      referenceStep(setup, refParams, fresh, batch, 'latents', options)
      expectParamsClose(engine.getParams(), refParams, 1e-4)
    })
  }

  it('is deterministic for a seed and thread count', async () => {
    const { setup, params, batch } = randomCase(9, 'squared', { d: 10, dPrime: 60, k: 1, hidden: [50, 50, 50] }, 700, 40, 30)
    const run = async (): Promise<NnmfParams> => {
      const engine = await engineFor(setup, 2)
      engine.setParams(params)
      for (let it = 0; it < 4; it++) await engine.step(batch, it % 2 === 0 ? 'network' : 'latents', { learningRate: 1e-3, lambda: 1 })
      return engine.getParams()
    }
    const a = paramArrays(await run())
    const b = paramArrays(await run())
    a.forEach((arr, i) => expect(Buffer.from(arr.buffer).equals(Buffer.from(b[i]!.buffer))).toBe(true))
  })

  it('rejects entries outside the matrix', async () => {
    const { setup, params } = randomCase(1, 'squared', { d: 2, dPrime: 2, k: 1, hidden: [3] }, 1)
    const engine = await engineFor(setup, 1)
    engine.setParams(params)
    await expect(engine.predict(Int32Array.of(setup.nRows), Int32Array.of(0))).rejects.toThrow(/outside/)
  })
})
