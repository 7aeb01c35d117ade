import { describe, expect, it } from 'vitest'
import { decideVerdict, nextStepFor, statisticalOutcome, type FitFacts } from '../../../src-main/core/pilot/verdict.js'
import { fitFailure } from '../../../src-main/core/pilot/failed-fit.js'

const healthy: FitFacts = { repeats: 3, stillImproving: { nnmf: 0, mf: 0 }, failed: { nnmf: null, mf: null } }

describe('the four outcomes', () => {
  it('reads the interval against the negligible band', () => {
    const band = 0.01
    expect(statisticalOutcome({ low: -0.2, high: -0.011 }, band)).toBe('nnmf-better')
    expect(statisticalOutcome({ low: 0.011, high: 0.3 }, band)).toBe('mf-better')
    expect(statisticalOutcome({ low: -0.01, high: 0.01 }, band)).toBe('equivalent')
    // Wholly below zero but reaching into the band: a real but possibly negligible gain.
    expect(statisticalOutcome({ low: -0.2, high: -0.005 }, band)).toBe('inconclusive')
    // A non-significant difference is never "no difference": it crosses the band.
    expect(statisticalOutcome({ low: -0.05, high: 0.03 }, band)).toBe('inconclusive')
    expect(decideVerdict({ low: -0.05, high: 0.03 }, band, healthy)).toEqual({ verdict: 'inconclusive', reasons: [{ code: 'interval-crosses-band' }] })
  })

  it('makes a failed fit inconclusive whatever the interval says, naming the model', () => {
    const failed: FitFacts = { ...healthy, failed: { nnmf: { repeats: 2, failure: 'no-learning' }, mf: null } }
    expect(decideVerdict({ low: 0.2, high: 0.5 }, 0.01, failed)).toEqual({
      verdict: 'inconclusive',
      reasons: [{ code: 'interval-above-band' }, { code: 'failed-fit', model: 'nnmf', failure: 'no-learning', repeats: 2, of: 3 }],
    })
  })

  it('does not let a model that was still improving lose or tie, but lets it win', () => {
    const nnmfLimited: FitFacts = { ...healthy, stillImproving: { nnmf: 1, mf: 0 } }
    expect(decideVerdict({ low: 0.02, high: 0.05 }, 0.01, nnmfLimited).verdict).toBe('inconclusive')
    expect(decideVerdict({ low: -0.005, high: 0.005 }, 0.01, nnmfLimited).verdict).toBe('inconclusive')
    expect(decideVerdict({ low: -0.3, high: -0.1 }, 0.01, nnmfLimited)).toEqual({ verdict: 'nnmf-better', reasons: [{ code: 'interval-below-band' }] })
    const mfLimited: FitFacts = { ...healthy, stillImproving: { nnmf: 0, mf: 2 } }
    expect(decideVerdict({ low: -0.3, high: -0.1 }, 0.01, mfLimited)).toEqual({
      verdict: 'inconclusive',
      reasons: [{ code: 'interval-below-band' }, { code: 'still-improving', model: 'mf', repeats: 2, of: 3 }],
    })
    expect(decideVerdict({ low: 0.02, high: 0.05 }, 0.01, mfLimited).verdict).toBe('mf-better')
  })

  it('says what would settle an inconclusive verdict', () => {
    const seconds = (effort: string): number => ({ quick: 60, standard: 300, thorough: 1500 })[effort]!
    const open = decideVerdict({ low: -0.05, high: 0.03 }, 0.01, healthy)
    // Repeats disagree more than the test rows vary: a longer effort (more repeats) helps.
    expect(nextStepFor(open, { seTestSampling: 0.001, seBetweenRepeats: 0.02 }, 'quick', seconds)).toEqual({
      longerEffort: { effort: 'standard', seconds: 300 },
      moreData: false,
    })
    // Test sampling dominates: more data too.
    expect(nextStepFor(open, { seTestSampling: 0.02, seBetweenRepeats: 0.001 }, 'standard', seconds)).toEqual({
      longerEffort: { effort: 'thorough', seconds: 1500 },
      moreData: true,
    })
    expect(nextStepFor(open, { seTestSampling: 0.001, seBetweenRepeats: 0.02 }, 'thorough', seconds)).toEqual({ longerEffort: null, moreData: true })
    expect(nextStepFor(decideVerdict({ low: -0.3, high: -0.1 }, 0.01, healthy), { seTestSampling: 0, seBetweenRepeats: 0 }, 'quick', seconds)).toBeNull()
  })
})

describe('failed fits', () => {
  it('is a fit that stayed at the mean model level while another model learned, or diverged', () => {
    // The reported case: NNMF 0.8436 against the column means' 0.8437 while MF got 0.60.
    expect(fitFailure(0.8436, 0.8437, 0.6)).toBe('no-learning')
    expect(fitFailure(0.7, 0.8437, 0.6)).toBeNull()
    // Moved a hair (0.8 % of the mean's loss, 2 % of MF's gain): stuck, not merely weaker.
    expect(fitFailure(0.63, 0.635, 0.21)).toBe('no-learning')
    expect(fitFailure(null, 0.8437, 0.6)).toBe('diverged')
    expect(fitFailure(Number.NaN, 0.8437, 0.6)).toBe('diverged')
    // Nobody learned: the data has nothing to learn; that is not a failed fit.
    expect(fitFailure(0.8436, 0.8437, 0.84)).toBeNull()
  })
})

describe('the next step in words', () => {
  it('asks for a re-run of a pilot stored by an earlier version, in both languages', async () => {
    const { nextStepWords } = await import('../../../src-main/core/pilot/verdict-words.js')
    expect(nextStepWords({ longerEffort: null, moreData: false }, 'en')).toMatch(/run this pilot again/)
    expect(nextStepWords({ longerEffort: null, moreData: false }, 'ja')).toMatch(/もう一度実行/)
    expect(nextStepWords({ longerEffort: null, moreData: true }, 'en')).toMatch(/more data/)
    expect(nextStepWords({ longerEffort: { effort: 'standard', seconds: 300 }, moreData: false }, 'ja')).toMatch(/「標準」.*約 5 分/)
  })
})

describe('still improving at the epoch limit', () => {
  const curve = (losses: number[]) =>
    losses.map((validationLoss, i) => ({ epoch: i + 1, maxEpochs: losses.length, trainLoss: 1, validationLoss, elapsedMs: 0, etaMs: 0 }))
  const report = (losses: number[]) => {
    const best = losses.indexOf(Math.min(...losses)) + 1
    return { epochs: losses.length, bestEpoch: best, curve: curve(losses) }
  }
  it('counts an ALS fit creeping by a hair as converged, one still dropping as not', async () => {
    const { stillImproving } = await import('../../../src-main/core/pilot/still-improving.js')
    const creeping = [1, 0.6, 0.5, 0.49999, 0.49998, 0.49997]
    expect(stillImproving(report(creeping), 6, 2, 'als')).toBe(false)
    const dropping = [1, 0.8, 0.7, 0.62, 0.55, 0.5]
    expect(stillImproving(report(dropping), 6, 2, 'als')).toBe(true)
    // A network on a plateau that set its best at the limit may drop next: not converged.
    expect(stillImproving(report(creeping), 6, 2, 'gradient')).toBe(true)
  })
  it('reads the trend of a network cut off by the limit, not only its very last epoch', async () => {
    const { stillImproving } = await import('../../../src-main/core/pilot/still-improving.js')
    // Best at 13 of 15 and still falling by per cents over the last five epochs (a quick pilot's
    // NNMF that once lost this way on a table where converged NNMF wins).
    const wobbling = [1.6, 1.2, 0.9, 0.75, 0.66, 0.6, 0.56, 0.53, 0.5, 0.48, 0.465, 0.45, 0.431, 0.436, 0.433]
    expect(stillImproving(report(wobbling), 15, 8, 'gradient')).toBe(true)
    // Levelled off: the last five epochs gained nothing on the ten before them.
    const levelled = [1.6, 1.2, 0.9, 0.75, 0.66, 0.6, 0.56, 0.53, 0.5, 0.43, 0.432, 0.431, 0.4305, 0.433, 0.431]
    expect(stillImproving(report(levelled), 15, 8, 'gradient')).toBe(false)
    // Stopped by its own early stopping before the limit: converged by its own rule.
    expect(stillImproving(report(wobbling.slice(0, 13)), 15, 8, 'gradient')).toBe(false)
  })
})
