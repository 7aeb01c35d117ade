import { describe, expect, it } from 'vitest'
import { runPilot } from '../../../src-main/core/pilot/runner.js'
import { SMALL_EFFORT, TEST_ENGINE, absoluteInteraction, inputOf, lowRank, plantedMatrix } from './helpers.js'

/**
 * The pilot's verdict on planted truths (120 × 100, half observed, three repeated splits, a small
 * network): where the network truly helps, where a low-rank model is the truth, and pure noise.
 */
const config = { datasetId: 1, effort: 'quick' as const, effortOverrides: SMALL_EFFORT }

describe('pilot verdict on planted data', () => {
  it('says NNMF is better on a planted non-linear interaction', async () => {
    const matrix = plantedMatrix(120, 100, 0.5, absoluteInteraction(120, 100, 1), { seed: 2, noise: 0.05 })
    const result = await runPilot(inputOf(matrix), config, { engine: TEST_ENGINE })
    expect(result.comparison!.verdict).toBe('nnmf-better')
    expect(result.comparison!.relativeDifference).toBeLessThan(-0.2)
    expect(result.best.model).toBe('nnmf')
    expect(result.splits).toHaveLength(3)
  })

  it('does not say NNMF is better on planted low-rank data', async () => {
    const matrix = plantedMatrix(120, 100, 0.5, lowRank(120, 100, 2, 3), { seed: 2, noise: 0.1 })
    const result = await runPilot(inputOf(matrix), config, { engine: TEST_ENGINE })
    expect(['mf-better', 'equivalent', 'inconclusive']).toContain(result.comparison!.verdict)
    expect(result.best.model).toBe('mf')
  })

  it('never calls a winner on pure noise, and a baseline does as well as any model', async () => {
    const rng = plantedMatrix(120, 100, 0.5, () => 0, { seed: 4, noise: 1 })
    const result = await runPilot(inputOf(rng), config, { engine: TEST_ENGINE })
    expect(['equivalent', 'inconclusive']).toContain(result.comparison!.verdict)
    // Nothing beats the global mean by more than the negligible band.
    const mean = result.summary.find((s) => s.model === 'mean')!.metrics.rmse!.mean
    expect(result.best.mean).toBeGreaterThan(0.99 * mean)
    expect(result.best.clearlyBetter).toBe(false)
  })
})
