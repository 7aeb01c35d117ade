import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatNumber } from '../../src-main/contract/format.js'
import type { NnmfVsMf } from '../../src-main/core/pilot/compare.js'
import type { PilotResult } from '../../src-main/core/pilot/result.js'
import { verdictWords } from '../../src-main/core/pilot/verdict-words.js'
import { pilotResultJson } from '../../src-main/cli/pilot-shapes.js'
import { pilotSummaryLines } from '../../src-main/cli/pilot-text.js'
import { removeTempDirs, runStoredPilot, type StoredPilot } from '../core/report/pilot-fixture.js'

/**
 * What `pilot` prints and returns for a pilot WITH an NNMF-versus-MF comparison, on a small stored
 * pilot (the report's fixture: a planted table, a shrunken network) and on the outcomes it does not
 * give by itself (its comparison changed): the words are verdictWords', the JSON keeps its keys.
 */
let stored: StoredPilot
beforeAll(async () => {
  stored = await runStoredPilot('numeric')
})
afterAll(() => {
  stored.db.close()
  removeTempDirs()
})

function withComparison(change: Partial<NnmfVsMf>): PilotResult {
  const result = stored.pilot.result!
  return { ...result, comparison: { ...result.comparison!, ...change } }
}

const VARIANTS: Partial<NnmfVsMf>[] = [
  {},
  { verdict: 'mf-better', relativeDifference: 0.08, relativeInterval: { low: 0.03, high: 0.13 }, reasons: [{ code: 'interval-above-band' }] },
  { verdict: 'equivalent', relativeDifference: 0.002, relativeInterval: { low: -0.006, high: 0.009 }, reasons: [{ code: 'interval-inside-band' }] },
  {
    verdict: 'inconclusive',
    relativeDifference: -0.04,
    relativeInterval: { low: -0.09, high: 0.012 },
    reasons: [
      { code: 'interval-crosses-band' },
      { code: 'failed-fit', model: 'nnmf', failure: 'no-learning', repeats: 1, of: 3 },
      { code: 'still-improving', model: 'mf', repeats: 2, of: 3 },
    ],
    nextStep: { longerEffort: { effort: 'standard', seconds: 420 }, moreData: false },
  },
]

describe('pilot text and JSON with a comparison', () => {
  it("prints verdictWords' headline, sentence, reasons, next step and advice, then the difference with its interval", () => {
    for (const change of VARIANTS) {
      const result = withComparison(change)
      const c = result.comparison!
      const words = verdictWords(result, 'en')!
      const lines = pilotSummaryLines({ id: 7, name: 'p' }, result)
      const at = lines.indexOf(`Verdict: ${words.headline}`)
      expect(at, c.verdict).toBeGreaterThan(0)
      const next = words.nextStep ? [words.nextStep] : []
      expect(lines.slice(at + 1, at + 3 + words.reasons.length + next.length)).toEqual([
        words.sentence,
        ...words.reasons.map((r) => `Why: ${r}`),
        ...next,
        `Advice: ${words.advice}`,
      ])
      // The next step, once, for every inconclusive verdict.
      if (c.verdict === 'inconclusive') expect(words.nextStep).not.toBeNull()
      expect(lines.join('\n').split(words.nextStep ?? '\u0000').length - 1).toBe(c.verdict === 'inconclusive' ? 1 : 0)
      const d = c.difference
      expect(lines).toContainEqual(
        expect.stringContaining(`Difference NNMF − MF (normalised RMSE): ${formatNumber(d.mean)} [${formatNumber(d.low)}, ${formatNumber(d.high)}]`),
      )
      expect(lines.join('\n')).toContain(`Welch–Satterthwaite degrees of freedom (${formatNumber(d.df!)})`)
      // Never the old shortcut from "not significant" to "MF is enough".
      expect(lines.join('\n')).not.toMatch(/is enough|chance explains/)
    }
    // The fixture's own verdict and its interval ends, signed, as the report prints them.
    const own = pilotSummaryLines({ id: 7, name: 'p' }, stored.pilot.result!).join('\n')
    const r = stored.pilot.result!.comparison!.relativeInterval
    expect(own).toContain(`[−${(Math.abs(r.low) * 100).toPrecision(3)}%, −${(Math.abs(r.high) * 100).toPrecision(3)}%] (95% interval)`)
  })

  it('keeps the documented JSON keys and adds the interval, reasons, next step, method and the sentence', () => {
    const compatible = { 'nnmf-better': 'significant', 'mf-better': 'significant', equivalent: 'negligible', inconclusive: 'not-significant' }
    for (const change of VARIANTS) {
      const result = withComparison(change)
      const c = result.comparison!
      const doc = JSON.parse(JSON.stringify(pilotResultJson(result)))
      const words = verdictWords(result, 'en')!
      expect(doc).toMatchObject({ verdict: c.verdict, headline: words.headline, sentence: words.sentence, advice: words.advice, primaryMetric: 'nrmse' })
      expect(doc.comparison).toEqual({
        reason: compatible[c.verdict],
        meanDifference: c.difference.mean,
        interval: { low: c.difference.low, high: c.difference.high },
        relativeDifference: c.relativeDifference,
        relativeInterval: c.relativeInterval,
        pValue: c.pValue,
        negligibleBand: c.negligibleBand,
        negligibleFraction: 0.01,
        reasons: c.reasons,
        nextStep: c.nextStep,
        method: { name: 'row-bootstrap-with-repeats', replicates: c.method.replicates, rows: 120, repeats: 3, df: c.difference.df },
        caveats: c.caveats.map((x) => x.code),
      })
    }
  })
})
