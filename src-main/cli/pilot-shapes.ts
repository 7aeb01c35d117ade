import type { PilotResult } from '../core/pilot/result.js'
import type { PilotRecord } from '../core/store/pilots.js'
import { verdictSentence } from './pilot-text.js'

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
      goal: c.goal, holdoutFraction: c.holdoutFraction, effort: c.effort, models: c.models, seed: c.seed,
      engine: c.engine, overrideSuitability: c.overrideSuitability,
    },
    engine: p.engine,
    backend: p.backend,
    createdAt: p.createdAt,
    finishedAt: p.finishedAt,
    error: p.error,
  }
}

const interval = (i: { mean: number; low: number; high: number; n: number } | null) => (i ? { mean: i.mean, low: i.low, high: i.high, n: i.n } : null)

/** The verdict and the summary numbers of a finished pilot. */
export function pilotResultJson(result: PilotResult) {
  const c = result.comparison
  return {
    verdict: c?.verdict ?? null,
    sentence: verdictSentence(result),
    primaryMetric: result.primaryMetric,
    comparison: c
      ? { reason: c.reason, meanDifference: c.test.meanDifference, relativeDifference: c.relativeDifference, pValue: c.test.pValue, negligibleBand: c.negligibleBand, caveats: c.caveats.map((x) => x.code) }
      : null,
    best: { model: result.best.model, metric: result.best.metric, mean: result.best.mean, isBaseline: result.best.isBaseline, clearlyBetter: result.best.clearlyBetter },
    summary: result.summary.map((s) => ({
      model: s.model,
      metrics: {
        rmse: interval(s.metrics.rmse), mae: interval(s.metrics.mae), nrmse: interval(s.metrics.nrmse),
        logLoss: interval(s.metrics.logLoss), auc: interval(s.metrics.auc), averagePrecision: interval(s.metrics.averagePrecision),
      },
    })),
    engine: result.engine ? { name: result.engine.name, label: result.engine.label } : null,
    seconds: result.timing.totalSeconds,
  }
}
