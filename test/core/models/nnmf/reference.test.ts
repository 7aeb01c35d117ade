import { describe, expect, it } from 'vitest'
import type { LossKind, NnmfParams } from '../../../../src-main/core/models/nnmf/engine.js'
import { cloneParams, paramArrays } from '../../../../src-main/core/models/nnmf/init.js'
import { referenceLossAndGradients, referenceOptimizerState, referencePredict, referenceStep } from '../../../../src-main/core/models/nnmf/reference.js'
import { arrayNames, tinyBatch, tinyParams, tinySetup } from './tiny-case.js'

describe.each<LossKind>(['squared', 'logistic'])('reference NNMF, %s loss', (loss) => {
  const setup = tinySetup(loss)
  const batch = tinyBatch(loss)

  it('gradient matches central finite differences on every coordinate', () => {
    const params = tinyParams(setup)
    const { grads } = referenceLossAndGradients(setup, params, batch)
    const names = arrayNames(params)
    const pArrays = paramArrays(params)
    const gArrays = paramArrays(grads)
    let checked = 0
    pArrays.forEach((a, ai) => {
      for (let i = 0; i < a.length; i++) {
        const orig = a[i]!
        a[i] = orig + 1e-3
        const plusValue = a[i]!
        const plus = referenceLossAndGradients(setup, params, batch).loss
        a[i] = orig - 1e-3
        const minusValue = a[i]!
        const minus = referenceLossAndGradients(setup, params, batch).loss
        a[i] = orig
        const fd = (plus - minus) / (plusValue - minusValue)
        const g = gArrays[ai]![i]!
        expect(Math.abs(g - fd), `${names[ai]}[${i}] analytic ${g} vs fd ${fd}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(fd)))
        checked++
      }
    })
    expect(checked).toBeGreaterThan(60)
    // Row 3 is not in the batch: its gradient is zero.
    expect(Array.from(grads.U.subarray(6, 8))).toEqual([0, 0])
  })

  it('loss agrees with predictions', () => {
    const params = tinyParams(setup)
    const f = referencePredict(setup, params, batch.rows, batch.cols)
    let expected = 0
    f.forEach((fi, i) => {
      const y = batch.targets[i]!
      expected += loss === 'squared' ? (fi - y) ** 2 : Math.log1p(Math.exp(fi)) - y * fi
    })
    expect(referenceLossAndGradients(setup, params, batch).loss).toBeCloseTo(expected, 4)
  })
})

describe('reference RMSProp step', () => {
  const setup = tinySetup('squared')
  const batch = tinyBatch('squared')
  const options = { learningRate: 0.01, lambda: 0.5 }

  it('latent step: lazy penalty per occurrence, duplicates summed, untouched rows kept', () => {
    const params = tinyParams(setup)
    const before = cloneParams(params)
    const state = referenceOptimizerState(setup)
    state.U[0] = 0.3 // a non-zero s, to see decay
    const { grads } = referenceLossAndGradients(setup, before, batch)
    referenceStep(setup, params, state, batch, 'latents', options)
    // U[0, 0] by hand: row 0 occurs twice, rowCount 3.
    const g = grads.U[0]! + 2 * ((2 * 0.5) / 3) * before.U[0]!
    const s = 0.9 * 0.3 + 0.1 * g * g
    expect(state.U[0]).toBeCloseTo(s, 6)
    expect(params.U[0]).toBeCloseTo(before.U[0]! - (0.01 * g) / (Math.sqrt(s) + 1e-8), 6)
    // Vp of column 1 (twice in the batch, colCount 4), first coordinate, s starts at 0.
    const gv = grads.Vp[6]! + 2 * ((2 * 0.5) / 4) * before.Vp[6]!
    expect(params.Vp[6]).toBeCloseTo(before.Vp[6]! - (0.01 * gv) / (Math.sqrt(0.1 * gv * gv) + 1e-8), 6)
    // Row 3 untouched: params and state unchanged; the network is unchanged.
    expect(Array.from(params.U.subarray(6, 8))).toEqual(Array.from(before.U.subarray(6, 8)))
    expect(Array.from(params.Up.subarray(18, 24))).toEqual(Array.from(before.Up.subarray(18, 24)))
    expect(Array.from(state.Up.subarray(18, 24))).toEqual([0, 0, 0, 0, 0, 0])
    expect(params.weights).toEqual(before.weights)
  })

  it('network step: every weight moves by RMSProp, latents unchanged, no penalty', () => {
    const params = tinyParams(setup)
    const before: NnmfParams = cloneParams(params)
    const state = referenceOptimizerState(setup)
    const { grads } = referenceLossAndGradients(setup, before, batch)
    referenceStep(setup, params, state, batch, 'network', options)
    const g = grads.weights[1]![5]!
    expect(params.weights[1]![5]).toBeCloseTo(before.weights[1]![5]! - (0.01 * g) / (Math.sqrt(0.1 * g * g) + 1e-8), 6)
    expect(params.U).toEqual(before.U)
    expect(params.Vp).toEqual(before.Vp)
  })
})
