import { describe, expect, it } from 'vitest'
import { EFFORT_PRESETS } from '../../../src-main/core/pilot/effort.js'
import { ESTIMATE_CALIBRATION, estimatePilotSeconds, measureThroughput } from '../../../src-main/core/pilot/estimate.js'
import { TEST_ENGINE } from './helpers.js'

const secom = { nRows: 1567, nCols: 590, nObserved: 882_579 }
const throughput = { nnmfEntriesPerSecond: 500_000, mfEntriesPerSecond: 4_000_000 }

describe('pilot time estimate', () => {
  it('follows the cost model by hand for an NNMF-only quick pilot', () => {
    const q = EFFORT_PRESETS.quick
    const nTrain = 882_579 * 0.9 * (1 - q.validationFraction)
    const epochs = Math.min(q.nnmf.maxEpochs, ESTIMATE_CALIBRATION.nnmfTypicalBestEpoch + q.nnmf.patience)
    const e = estimatePilotSeconds(secom, { datasetId: 1, models: ['nnmf'] }, throughput)
    expect(e.totalSeconds).toBeCloseTo(q.repeats * q.nnmf.lambdaGrid.length * epochs * (nTrain / 500_000), 6)
    expect(e.perModelSeconds.mf).toBe(0)
  })

  it('grows with the data, the effort and a slower machine', () => {
    const config = { datasetId: 1 }
    const base = estimatePilotSeconds(secom, config, throughput).totalSeconds
    // At least in proportion: some models' work grows faster (a neighbourhood model's co-rated pairs).
    expect(estimatePilotSeconds({ ...secom, nObserved: 2 * secom.nObserved }, config, throughput).totalSeconds).toBeGreaterThanOrEqual(2 * base * (1 - 1e-9))
    expect(estimatePilotSeconds(secom, config, { nnmfEntriesPerSecond: 250_000, mfEntriesPerSecond: 2_000_000 }).totalSeconds).toBeGreaterThan(1.9 * base)
    const standard = estimatePilotSeconds(secom, { ...config, effort: 'standard' }, throughput).totalSeconds
    const thorough = estimatePilotSeconds(secom, { ...config, effort: 'thorough' }, throughput).totalSeconds
    expect(standard).toBeGreaterThan(base)
    expect(thorough).toBeGreaterThan(standard)
  })

  it('measures a positive throughput with a short micro-run', async () => {
    const t = await measureThroughput(TEST_ENGINE.factory)
    expect(t.nnmfEntriesPerSecond).toBeGreaterThan(1000)
    expect(t.mfEntriesPerSecond).toBeGreaterThan(1000)
    expect(Number.isFinite(t.nnmfEntriesPerSecond + t.mfEntriesPerSecond)).toBe(true)
  })
})
