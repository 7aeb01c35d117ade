import { describe, expect, it } from 'vitest'
import { createModel } from '../../../src-main/core/models/create.js'
import type { Model } from '../../../src-main/core/models/model.js'
import { createFastCpuEngine } from '../../../src-main/core/models/nnmf/fastcpu/index.js'
import type { NnmfEngineFactory } from '../../../src-main/core/models/nnmf/engine.js'
import { createReferenceEngine } from '../../../src-main/core/models/nnmf/reference-engine.js'
import { createTfjsEngine } from '../../../src-main/core/models/nnmf/tfjs-engine.js'
import type { FitResumeState } from '../../../src-main/core/models/resume-state.js'
import type { ModelKind } from '../../../src-main/core/models/specs.js'
import { lowRank, plant } from './planted.js'

/**
 * A fit resumed from the state captured after epoch k ends bit for bit where the uninterrupted fit
 * ends: parameters, optimiser state, random order, learning rate and early stopping all carry over.
 */
const data = plant(50, 30, 0.5, lowRank(50, 30, 2, 1), { seed: 4, noise: 0.2 })
const oneThread: NnmfEngineFactory = (setup) => createFastCpuEngine(setup, { threads: 1 })

function build(kind: ModelKind, engine: NnmfEngineFactory, overrides: Record<string, unknown>): Model {
  return createModel(kind, { layout: 'long', valueKind: 'numeric', nnmfEngine: engine, overrides })
}

const small = { architecture: { d: 3, dPrime: 4, k: 1, hidden: [6] }, batchSize: 64, maxEpochs: 14, patience: 3, decayPatience: 1 }
const cases: [string, ModelKind, NnmfEngineFactory, Record<string, unknown>][] = [
  ['MF (ALS)', 'mf', createReferenceEngine, { d: 2, lambda: 1, maxEpochs: 12, patience: 12 }],
  ['MF (RMSProp)', 'mf', createReferenceEngine, { d: 2, lambda: 1, solver: 'rmsprop', maxEpochs: 12, patience: 3 }],
  ['bias', 'bias', createReferenceEngine, {}],
  ['NNMF on the fast CPU engine', 'nnmf', oneThread, small],
  ['NNMF on the reference engine', 'nnmf', createReferenceEngine, { ...small, maxEpochs: 6 }],
  ['NNMF on tfjs', 'nnmf', (setup) => createTfjsEngine(setup, { backend: 'cpu' }), { ...small, maxEpochs: 6 }],
]

describe('resuming a fit', () => {
  for (const [name, kind, engine, overrides] of cases) {
    it(`${name}: resumed after any epoch, ends with the same model as the uninterrupted fit`, async () => {
      const whole = build(kind, engine, overrides)
      const states: FitResumeState[] = []
      const report = await whole.fit(data.train, { seed: 7, validation: data.test, onResumePoint: (point) => void states.push(point.capture()) })
      const expected = whole.toSaved()
      expect(states.length).toBeGreaterThan(1)
      // A JSON round trip for the scalars, as the store keeps them.
      for (const at of [0, Math.floor(states.length / 2), states.length - 1]) {
        const state = states[at]!
        const resumed = build(kind, engine, overrides)
        const again = await resumed.fit(data.train, {
          seed: 7,
          validation: data.test,
          resumeFrom: { json: JSON.parse(JSON.stringify(state.json)), arrays: state.arrays },
        })
        const saved = resumed.toSaved()
        expect(Object.keys(saved.blobs)).toEqual(Object.keys(expected.blobs))
        for (const blob of Object.keys(expected.blobs))
          expect(Buffer.from(saved.blobs[blob]!.buffer).equals(Buffer.from(expected.blobs[blob]!.buffer)), `${blob} after resuming at ${at + 1}`).toBe(true)
        expect({ ...again, elapsedMs: 0, curve: again.curve.map((c) => c.validationLoss) }).toEqual({
          ...report,
          elapsedMs: 0,
          curve: report.curve.map((c) => c.validationLoss),
        })
        resumed.dispose()
      }
      whole.dispose()
    })
  }
})
