import { describe, expect, it } from 'vitest'
import { runPilot } from '../../../src-main/core/pilot/runner.js'
import { createRng } from '../../../src-main/core/random.js'
import { SMALL_EFFORT, TEST_ENGINE, inputOf, plantedMatrix } from './helpers.js'

/**
 * A dense table with few columns (as the 24-sensor log where NNMF stayed at the column means):
 * every row has only 10 cells, so a strong latent penalty zeroes the row latents before the
 * network can use them. The pilot must notice, retry with the effort's lower λ, and either
 * recover or call the verdict inconclusive naming NNMF; never crown MF on a failed fit.
 */
function denseFewColumns(): ReturnType<typeof plantedMatrix> {
  const rng = createRng(21)
  const u = Float64Array.from({ length: 400 * 2 }, () => rng.normal())
  const v = Float64Array.from({ length: 10 * 2 }, () => rng.normal())
  return plantedMatrix(400, 10, 1, (r, c) => Math.tanh(u[2 * r]! * v[2 * c]! + u[2 * r + 1]! * v[2 * c + 1]!), { seed: 22, noise: 0.1 })
}

const strongPenalty = { ...SMALL_EFFORT, nnmf: { ...SMALL_EFFORT.nnmf, lambdaGrid: [200], maxEpochs: 40, patience: 8 } }

describe('failed fits', () => {
  it('retries a fit that never left the mean with a lower λ, and keeps the recovered one', async () => {
    const config = {
      datasetId: 1,
      models: ['mean', 'mf', 'nnmf'] as ('mean' | 'mf' | 'nnmf')[],
      effortOverrides: { ...strongPenalty, nnmf: { ...strongPenalty.nnmf, retries: [{ lambdaFactor: 0.001, learningRateFactor: 1 }] } },
    }
    const result = await runPilot(inputOf(denseFewColumns()), config, { engine: TEST_ENGINE })
    const nnmf = result.runs.filter((r) => r.model === 'nnmf')
    expect(nnmf.every((r) => r.retried)).toBe(true)
    expect(nnmf.every((r) => r.failure === null)).toBe(true)
    for (const r of nnmf) {
      // Both settings are kept in the record, and the one chosen is the retry's lower λ.
      expect(r.candidates.map((c) => c.lambda)).toEqual([200, 0.2])
      expect(r.chosen.lambda).toBeCloseTo(0.2, 12)
      expect(r.validationLoss!).toBeLessThan(0.9 * r.baselineValidationLoss!)
    }
    expect(result.comparison!.reasons.some((r) => r.code === 'failed-fit')).toBe(false)
  })

  it('calls the verdict inconclusive, naming NNMF, when the retries fail too', async () => {
    const config = {
      datasetId: 1,
      models: ['mean', 'mf', 'nnmf'] as ('mean' | 'mf' | 'nnmf')[],
      effortOverrides: { ...strongPenalty, nnmf: { ...strongPenalty.nnmf, retries: [{ lambdaFactor: 1, learningRateFactor: 1 }] } },
    }
    const result = await runPilot(inputOf(denseFewColumns()), config, { engine: TEST_ENGINE })
    expect(result.runs.filter((r) => r.model === 'nnmf').every((r) => r.retried && r.failure === 'no-learning')).toBe(true)
    // MF is far ahead on the scores, yet the verdict does not crown it.
    expect(result.comparison!.relativeDifference).toBeGreaterThan(0.2)
    expect(result.comparison!.verdict).toBe('inconclusive')
    expect(result.comparison!.reasons).toContainEqual({ code: 'failed-fit', model: 'nnmf', failure: 'no-learning', repeats: 3, of: 3 })
    expect(result.comparison!.nextStep).not.toBeNull()
  })
})
