import './gpu-env.js'
import { describe, expect, it } from 'vitest'
import type { FitResumeState } from '../../../../../src-main/core/models/resume-state.js'
import { createNnmfModel } from '../../../../../src-main/core/models/nnmf/model.js'
import { createWebGpuEngine } from '../../../../../src-main/core/models/nnmf/webgpu/index.js'
import { lowRank, plant } from '../../planted.js'

/**
 * The WebGPU engine's RMSProp state read back and written (getOptimizerState / setOptimizerState):
 * a fit resumed from a state captured midway ends bit for bit where the uninterrupted fit ends, as
 * on the CPU engines (../../resume.test.ts).
 */
const data = plant(40, 24, 0.5, lowRank(40, 24, 2, 3), { seed: 2, noise: 0.2 })
const config = { architecture: { d: 3, dPrime: 4, k: 1, hidden: [6] }, batchSize: 64, maxEpochs: 8, patience: 3, decayPatience: 1 }

describe('resuming an NNMF fit on WebGPU', () => {
  it("ends with the uninterrupted fit's parameters", async () => {
    const whole = createNnmfModel(createWebGpuEngine, config)
    const states: FitResumeState[] = []
    await whole.fit(data.train, { seed: 5, validation: data.test, onResumePoint: (p) => void states.push(p.capture()) })
    const expected = whole.toSaved().blobs
    whole.dispose()
    expect(states.length).toBeGreaterThan(2)
    const state = states[2]!
    // The optimiser state was really read back (RMSProp averages are positive once stepped).
    expect(Array.from(state.arrays['s.W0'] as Float32Array).some((s) => s > 0)).toBe(true)
    const resumed = createNnmfModel(createWebGpuEngine, config)
    await resumed.fit(data.train, { seed: 5, validation: data.test, resumeFrom: { json: JSON.parse(JSON.stringify(state.json)), arrays: state.arrays } })
    const saved = resumed.toSaved().blobs
    resumed.dispose()
    for (const name of Object.keys(expected)) expect(Buffer.from(saved[name]!.buffer).equals(Buffer.from(expected[name]!.buffer)), name).toBe(true)
  })
})
