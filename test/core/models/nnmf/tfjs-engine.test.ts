import * as tf from '@tensorflow/tfjs-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../../../../src-main/core/backend/index.js'
import type { Batch, LossKind, NnmfEngine, NnmfParams } from '../../../../src-main/core/models/nnmf/engine.js'
import { cloneParams, paramArrays } from '../../../../src-main/core/models/nnmf/init.js'
import { referenceLossAndGradients, referenceOptimizerState, referencePredict, referenceStep } from '../../../../src-main/core/models/nnmf/reference.js'
import { createTfjsEngine } from '../../../../src-main/core/models/nnmf/tfjs-engine.js'
import { createRng } from '../../../../src-main/core/random.js'
import { arrayNames, tinyBatch, tinyParams, tinySetup } from './tiny-case.js'

/** |a − b| ≤ atol + rtol·|b| for every coordinate of every parameter array. */
function expectParamsClose(actual: NnmfParams, expected: NnmfParams, atol: number, rtol: number, what: string): void {
  const names = arrayNames(expected)
  const e = paramArrays(expected)
  paramArrays(actual).forEach((a, ai) => {
    expect(a.length).toBe(e[ai]!.length)
    a.forEach((v, i) => {
      const want = e[ai]![i]!
      expect(Math.abs(v - want), `${what} ${names[ai]}[${i}]: ${v} vs ${want}`).toBeLessThanOrEqual(atol + rtol * Math.abs(want))
    })
  })
}

function randomBatch(seed: number, size: number, loss: LossKind): Batch {
  const rng = createRng(seed)
  return {
    rows: Int32Array.from({ length: size }, () => rng.int(3)), // row 3 never touched
    cols: Int32Array.from({ length: size }, () => rng.int(3)),
    targets: Float32Array.from({ length: size }, () => (loss === 'squared' ? rng.normal() : rng.int(2))),
  }
}

describe.each(['wasm', 'cpu'] as const)('tfjs engine on %s', (backend) => {
  beforeAll(async () => {
    expect((await selectBackend(backend)).name).toBe(backend)
  })

  describe.each<LossKind>(['squared', 'logistic'])('%s loss', (loss) => {
    const setup = tinySetup(loss)
    const batch = tinyBatch(loss)

    it('gradient matches central finite differences of its own loss on every coordinate', async () => {
      const engine = await createTfjsEngine(setup)
      const params = tinyParams(setup)
      engine.setParams(params)
      const { grads } = await engine.lossAndGradients(batch)
      const names = arrayNames(params)
      const gArrays = paramArrays(grads)
      const h = 1e-2
      let checked = 0
      for (const [ai, a] of paramArrays(params).entries()) {
        for (let i = 0; i < a.length; i++) {
          const orig = a[i]!
          a[i] = orig + h
          const up = a[i]!
          engine.setParams(params)
          const plus = (await engine.lossAndGradients(batch)).loss
          a[i] = orig - h
          const down = a[i]!
          engine.setParams(params)
          const minus = (await engine.lossAndGradients(batch)).loss
          a[i] = orig
          const fd = (plus - minus) / (up - down)
          const g = gArrays[ai]![i]!
          // float32 loss: the difference quotient carries ~1e-3 absolute noise at h = 1e-2.
          expect(Math.abs(g - fd), `${names[ai]}[${i}] analytic ${g} vs fd ${fd}`).toBeLessThanOrEqual(3e-3 + 1e-2 * Math.abs(fd))
          checked++
        }
      }
      expect(checked).toBe(107)
      engine.dispose()
    })

    it('loss, gradients and predictions equal the Float64 reference', async () => {
      const engine = await createTfjsEngine(setup)
      const params = tinyParams(setup)
      engine.setParams(params)
      const got = await engine.lossAndGradients(batch)
      const want = referenceLossAndGradients(setup, params, batch)
      expect(got.loss).toBeCloseTo(want.loss, 4)
      expectParamsClose(got.grads, want.grads, 1e-5, 1e-4, 'grad')
      // Untouched row 3: exactly zero gradient.
      expect(Array.from(got.grads.Up.subarray(18, 24))).toEqual([0, 0, 0, 0, 0, 0])
      const f = await engine.predict(batch.rows, batch.cols)
      const fr = referencePredict(setup, params, batch.rows, batch.cols)
      f.forEach((v, i) => expect(v).toBeCloseTo(fr[i]!, 5))
      engine.dispose()
    })

    it('alternating RMSProp steps follow the reference update rule', async () => {
      const engine = await createTfjsEngine(setup)
      const params = tinyParams(setup)
      engine.setParams(params)
      const ref = cloneParams(params)
      const state = referenceOptimizerState(setup)
      const options = { learningRate: 0.01, lambda: 0.3 }
      for (let s = 0; s < 8; s++) {
        const b = s === 0 ? batch : randomBatch(s, 7, loss)
        const group = s % 2 === 0 ? 'latents' : 'network'
        const lossGot = await engine.step(b, group, options)
        const lossWant = referenceStep(setup, ref, state, b, group, options)
        expect(lossGot).toBeCloseTo(lossWant, 3)
        expectParamsClose(engine.getParams(), ref, 2e-5, 1e-4, `after step ${s}`)
      }
      // Row 3 never occurs: bit-for-bit untouched.
      expect(engine.getParams().U.subarray(6, 8)).toEqual(params.U.subarray(6, 8))
      expect(engine.getParams().Up.subarray(18, 24)).toEqual(params.Up.subarray(18, 24))
      engine.dispose()
    })
  })

  it('one latent step by hand: duplicates summed, lazy penalty per occurrence', async () => {
    const setup = tinySetup('squared')
    const batch = tinyBatch('squared')
    const engine = await createTfjsEngine(setup)
    const params = tinyParams(setup)
    engine.setParams(params)
    const { grads } = referenceLossAndGradients(setup, params, batch)
    await engine.step(batch, 'latents', { learningRate: 0.05, lambda: 2 })
    const after = engine.getParams()
    // U[0, 1]: row 0 occurs twice (rowCount 3); s starts at 0.
    const g = grads.U[1]! + 2 * ((2 * 2) / 3) * params.U[1]!
    expect(after.U[1]).toBeCloseTo(params.U[1]! - (0.05 * g) / (Math.sqrt(0.1 * g * g) + 1e-8), 5)
    // Vp[col 2, j=1, k=0]: column 2 occurs twice (colCount 3).
    const i = (2 * 3 + 1) * 2
    const gv = grads.Vp[i]! + 2 * ((2 * 2) / 3) * params.Vp[i]!
    expect(after.Vp[i]).toBeCloseTo(params.Vp[i]! - (0.05 * gv) / (Math.sqrt(0.1 * gv * gv) + 1e-8), 5)
    // The network did not move on a latent step.
    expect(after.weights).toEqual(params.weights)
    engine.dispose()
  })

  it('resetOptimizer restarts RMSProp from zero state', async () => {
    const setup = tinySetup('squared')
    const engine = await createTfjsEngine(setup)
    const params = tinyParams(setup)
    engine.setParams(params)
    for (let s = 0; s < 4; s++) await engine.step(randomBatch(s, 6, 'squared'), s % 2 ? 'network' : 'latents', { learningRate: 0.01, lambda: 0.1 })
    engine.resetOptimizer()
    const start = engine.getParams()
    const ref = cloneParams(start)
    const b = randomBatch(99, 6, 'squared')
    for (const group of ['latents', 'network'] as const) {
      await engine.step(b, group, { learningRate: 0.01, lambda: 0.1 })
      referenceStep(setup, ref, referenceOptimizerState(setup), b, group, { learningRate: 0.01, lambda: 0.1 })
    }
    expectParamsClose(engine.getParams(), ref, 2e-5, 1e-4, 'after reset')
    engine.dispose()
  })

  it('is deterministic: same params and batches give identical params', async () => {
    const setup = tinySetup('logistic')
    const run = async (): Promise<NnmfParams> => {
      const engine = await createTfjsEngine(setup)
      engine.setParams(tinyParams(setup, 7))
      for (let s = 0; s < 20; s++) await engine.step(randomBatch(s, 9, 'logistic'), s % 2 ? 'network' : 'latents', { learningRate: 0.02, lambda: 0.5 })
      const p = engine.getParams()
      engine.dispose()
      return p
    }
    const a = await run()
    const b = await run()
    expect(a).toEqual(b)
    expect(a).not.toEqual(tinyParams(setup, 7))
  })

  it('does not leak tensors over 50 steps, and dispose frees its variables', async () => {
    const setup = tinySetup('squared')
    const before = tf.memory().numTensors
    const engine: NnmfEngine = await createTfjsEngine(setup)
    engine.setParams(tinyParams(setup))
    const created = tf.memory().numTensors
    for (let s = 0; s < 50; s++) {
      const b = randomBatch(s, 8, 'squared')
      await engine.step(b, s % 2 ? 'network' : 'latents', { learningRate: 0.01, lambda: 0.1 })
      if (s % 10 === 0) {
        await engine.lossAndGradients(b)
        await engine.predict(b.rows, b.cols)
        engine.getParams()
        engine.resetOptimizer()
      }
      expect(tf.memory().numTensors).toBe(created)
    }
    engine.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe('wasm and cpu agree', () => {
  it.each<LossKind>(['squared', 'logistic'])('on loss, gradients and a few steps (%s)', async (loss) => {
    const setup = tinySetup(loss)
    const results: Array<{ loss: number; grads: NnmfParams; stepped: NnmfParams }> = []
    for (const backend of ['wasm', 'cpu'] as const) {
      const engine = await createTfjsEngine(setup, { backend })
      expect(engine.name).toBe(`tfjs-${backend}`)
      engine.setParams(tinyParams(setup, 3))
      const { loss: l, grads } = await engine.lossAndGradients(tinyBatch(loss))
      for (let s = 0; s < 6; s++) await engine.step(randomBatch(s, 9, loss), s % 2 ? 'network' : 'latents', { learningRate: 0.01, lambda: 0.2 })
      results.push({ loss: l, grads, stepped: engine.getParams() })
      engine.dispose()
    }
    const [w, c] = results as [(typeof results)[0], (typeof results)[0]]
    expect(w.loss).toBeCloseTo(c.loss, 4)
    expectParamsClose(w.grads, c.grads, 1e-5, 1e-4, 'wasm vs cpu grad')
    expectParamsClose(w.stepped, c.stepped, 1e-5, 1e-4, 'wasm vs cpu params')
  })
})
