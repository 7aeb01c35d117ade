import type { NnmfVsMf, VerdictOutcome, VerdictReason } from '../core/pilot/compare.js'
import type { PilotResult } from '../core/pilot/result.js'
import { adviceWithoutComparison, verdictWords } from '../core/pilot/verdict-words.js'
import type { PilotRecord } from '../core/store/pilots.js'
import { pilotSentence } from './pilot-text.js'

/**
 * The JSON shapes of `pilot` and `pilots`, field by field like shapes.ts, so the documented
 * interface (README.md, "Command line") stays put when the store's records or the result grow.
 */

export function pilotJson(p: PilotRecord, verdict: string | null) {
  const c = p.config
  return {
    id: p.id,
    datasetId: p.datasetId,
    name: p.name,
    status: p.status,
    verdict,
    config: {
      goal: c.goal,
      holdoutFraction: c.holdoutFraction,
      effort: c.effort,
      models: c.models,
      seed: c.seed,
      engine: c.engine,
      overrideSuitability: c.overrideSuitability,
    },
    engine: p.engine,
    backend: p.backend,
    createdAt: p.createdAt,
    finishedAt: p.finishedAt,
    error: p.error,
  }
}

const interval = (i: { mean: number; low: number; high: number; n: number } | null) => (i ? { mean: i.mean, low: i.low, high: i.high, n: i.n } : null)

/**
 * `comparison.reason` as scripts written for the three-verdict CLI read it: 'negligible' was the
 * old "no difference" inside the band, 'not-significant' one it could not tell, 'significant' a winner.
 */
const COMPATIBLE_REASON: Record<VerdictOutcome, 'negligible' | 'not-significant' | 'significant'> = {
  equivalent: 'negligible',
  inconclusive: 'not-significant',
  'nnmf-better': 'significant',
  'mf-better': 'significant',
}

function reasonJson(r: VerdictReason) {
  switch (r.code) {
    case 'still-improving':
      return { code: r.code, model: r.model, repeats: r.repeats, of: r.of }
    case 'failed-fit':
      return { code: r.code, model: r.model, failure: r.failure, repeats: r.repeats, of: r.of }
    default:
      return { code: r.code }
  }
}

function comparisonJson(c: NnmfVsMf) {
  const d = c.difference
  const longer = c.nextStep?.longerEffort ?? null
  return {
    reason: COMPATIBLE_REASON[c.verdict],
    meanDifference: d.mean,
    interval: { low: d.low, high: d.high },
    relativeDifference: c.relativeDifference,
    relativeInterval: { low: c.relativeInterval.low, high: c.relativeInterval.high },
    pValue: c.pValue,
    negligibleBand: c.negligibleBand,
    negligibleFraction: c.negligibleFraction,
    reasons: c.reasons.map(reasonJson),
    nextStep: c.nextStep ? { longerEffort: longer ? { effort: longer.effort, seconds: longer.seconds } : null, moreData: c.nextStep.moreData } : null,
    method: { name: c.method.name, replicates: c.method.replicates, rows: c.method.rows, repeats: c.method.repeats, df: d.df },
    caveats: c.caveats.map((x) => x.code),
  }
}

/** The verdict (as facts and in the English words every front prints) and the summary numbers of a finished pilot. */
export function pilotResultJson(result: PilotResult) {
  const c = result.comparison
  const words = verdictWords(result, 'en')
  return {
    verdict: c?.verdict ?? null,
    headline: words?.headline ?? null,
    sentence: pilotSentence(result),
    advice: words?.advice ?? adviceWithoutComparison(result.best, 'en'),
    primaryMetric: result.primaryMetric,
    comparison: c ? comparisonJson(c) : null,
    best: {
      model: result.best.model,
      metric: result.best.metric,
      mean: result.best.mean,
      isBaseline: result.best.isBaseline,
      clearlyBetter: result.best.clearlyBetter,
    },
    summary: result.summary.map((s) => ({
      model: s.model,
      metrics: {
        rmse: interval(s.metrics.rmse),
        mae: interval(s.metrics.mae),
        nrmse: interval(s.metrics.nrmse),
        logLoss: interval(s.metrics.logLoss),
        auc: interval(s.metrics.auc),
        averagePrecision: interval(s.metrics.averagePrecision),
      },
    })),
    engine: result.engine
      ? { name: result.engine.name, label: result.engine.label, ...(result.engine.fallback ? { fallback: result.engine.fallback } : {}) }
      : null,
    seconds: result.timing.totalSeconds,
  }
}
