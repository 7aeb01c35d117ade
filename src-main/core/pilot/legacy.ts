import type { Caveat, NnmfVsMf } from './compare.js'
import type { PilotResult } from './result.js'
import { statisticalOutcome, NEGLIGIBLE_FRACTION } from './verdict.js'

/**
 * Results stored before version 2 had three verdicts ('no-difference' among them) from a paired
 * t-test over the repeats, and no per-cell data to recompute anything better. Read, they are
 * decided again by today's rule on their own t-interval of the difference (which is narrower
 * than today's, so they lean towards a clear verdict), and carry the 'legacy-statistics' caveat
 * asking for a re-run. 'no-difference' never survives: it becomes 'equivalent' or 'inconclusive'.
 */
interface LegacyComparison {
  metric: NnmfVsMf['metric']
  nnmf: number[]
  mf: number[]
  test: { n: number; meanDifference: number; pValue: number | null; interval: { mean: number; low: number; high: number; sd: number | null; n: number } }
  relativeDifference: number
  negligibleBand: number
  caveats: Caveat[]
}

export function upgradePilotResult(stored: unknown): PilotResult {
  const result = stored as PilotResult & { version: number }
  if (result.version >= 2) return result
  const old = result.comparison as unknown as LegacyComparison | null
  const runs = result.runs.map((r) => ({
    ...r,
    stillImproving: r.hitEpochLimit,
    validationLoss: null,
    baselineValidationLoss: null,
    retried: false,
    failure: null,
  }))
  if (!old) return { ...result, runs, version: 2 }
  const mfMean = Math.abs(old.mf.reduce((s, v) => s + v, 0) / Math.max(1, old.mf.length))
  const band = NEGLIGIBLE_FRACTION * mfMean
  const { low, high, sd, n } = old.test.interval
  const verdict = statisticalOutcome({ low, high }, band)
  const comparison: NnmfVsMf = {
    metric: old.metric,
    nnmf: old.nnmf,
    mf: old.mf,
    difference: {
      mean: old.test.meanDifference,
      low,
      high,
      level: 0.95,
      seTestSampling: 0,
      seBetweenRepeats: sd === null ? 0 : sd / Math.sqrt(n),
      se: sd === null ? 0 : sd / Math.sqrt(n),
      df: n > 1 ? n - 1 : null,
      perRepeat: old.nnmf.map((x, i) => x - old.mf[i]!),
    },
    relativeDifference: old.relativeDifference,
    relativeInterval: { low: low / mfMean, high: high / mfMean },
    pValue: old.test.pValue ?? 1,
    negligibleBand: band,
    negligibleFraction: NEGLIGIBLE_FRACTION,
    verdict,
    reasons: [
      {
        code:
          verdict === 'nnmf-better'
            ? 'interval-below-band'
            : verdict === 'mf-better'
              ? 'interval-above-band'
              : verdict === 'equivalent'
                ? 'interval-inside-band'
                : 'interval-crosses-band',
      },
    ],
    nextStep: verdict === 'inconclusive' ? { longerEffort: null, moreData: false } : null,
    caveats: [...old.caveats, { code: 'legacy-statistics' }],
    method: { name: 'legacy-t-interval', replicates: 0, rows: 0, repeats: n },
  }
  return { ...result, runs, comparison, version: 2 }
}
