import { formatNumber, formatPValue } from '../contract/format.js'
import { formatPercent } from '../core/report/format.js'
import type { Caveat, MetricName, NnmfVsMf } from '../core/pilot/compare.js'
import type { PilotResult } from '../core/pilot/result.js'
import { table } from './shapes.js'

/**
 * A finished pilot for people, in English, for the CLI's text output: the verdict as one plain
 * sentence, the metrics of each model with their 95 % intervals (numbers through formatNumber, as
 * the app and the report print them), the caveats and the engine.
 */

export const METRIC_NAMES: Record<MetricName, string> = {
  rmse: 'RMSE', mae: 'MAE', nrmse: 'normalised RMSE', logLoss: 'log loss', auc: 'AUC', averagePrecision: 'average precision',
}

/** Shares and p-values as the report prints them ("3.21%", "< 0.001"). */
const percent = (share: number): string => formatPercent(Math.abs(share))

/** The NNMF-vs-MF verdict in one sentence (or why there is none). */
export function verdictSentence(result: PilotResult): string {
  const c = result.comparison
  if (!c) {
    return `No NNMF-versus-MF verdict: this pilot did not run both NNMF and plain MF; the best model was ${result.best.model} (${METRIC_NAMES[result.best.metric]} ${formatNumber(result.best.mean)}).`
  }
  const metric = METRIC_NAMES[c.metric]
  const n = c.nnmf.length
  const pv = formatPValue(c.test.pValue)
  const p = pv.startsWith('<') ? pv : `= ${pv}`
  if (c.verdict === 'nnmf-better') return `NNMF is better than plain MF: its ${metric} is ${percent(c.relativeDifference)} lower on average over ${n} splits (p ${p}), so NNMF is worth using on this data.`
  if (c.verdict === 'mf-better') return `Plain MF is better than NNMF: its ${metric} is ${percent(c.relativeDifference)} lower on average over ${n} splits (p ${p}), so plain MF is the better choice for this data.`
  const direction = c.relativeDifference > 0 ? 'higher (worse)' : 'lower (better)'
  if (c.reason === 'negligible') {
    return `No meaningful difference between NNMF and plain MF: NNMF's ${metric} is ${percent(c.relativeDifference)} ${direction} on average, inside the ±${percent(bandShare(c))} band counted as negligible, so plain MF, simpler and faster, is enough.`
  }
  return `No meaningful difference between NNMF and plain MF: NNMF's ${metric} is ${percent(c.relativeDifference)} ${direction} on average over ${n} splits, which chance explains (p ${p}), so plain MF, simpler and faster, is enough.`
}

function bandShare(c: NnmfVsMf): number {
  const mfMean = c.mf.reduce((s, v) => s + v, 0) / c.mf.length
  return mfMean !== 0 ? c.negligibleBand / Math.abs(mfMean) : 0
}

/** The metrics this pilot has, the one the verdict is decided on first. */
export function shownMetrics(result: PilotResult): MetricName[] {
  const order: MetricName[] = result.dataset.valueKind === 'binary' ? ['logLoss', 'auc', 'averagePrecision', 'rmse', 'mae'] : ['nrmse', 'rmse', 'mae']
  const present = order.filter((m) => result.summary.some((s) => s.metrics[m] !== null))
  return present.includes(result.primaryMetric) ? [result.primaryMetric, ...present.filter((m) => m !== result.primaryMetric)] : present
}

function caveatLine(caveat: Caveat): string {
  switch (caveat.code) {
    case 'data-check':
      return `data check: ${caveat.reason.code.replace(/-/g, ' ')} (${caveat.reason.severity})`
    case 'nnmf-hit-epoch-limit':
      return `NNMF was still improving at its epoch limit in ${caveat.repeats} of ${caveat.of} splits; a higher --effort may change the verdict`
    case 'few-repeats':
      return `only ${caveat.repeats} splits (at least ${caveat.minimum} recommended); the verdict is less reliable`
    case 'suitability-overridden':
      return 'the data check found this data unsuitable and was overridden'
  }
}

function duration(seconds: number): string {
  if (seconds < 60) return `${formatNumber(seconds)} s`
  const whole = Math.round(seconds)
  return `${Math.floor(whole / 60)} min ${whole % 60} s`
}

const GOALS: Record<PilotResult['config']['goal'], string> = {
  'fill-cells': 'of the observed cells',
  'new-rows': 'of the rows (new machines, through fold-in)',
  'latest-period': 'of the latest values',
}

/** The summary lines the `pilot` command prints. */
export function pilotSummaryLines(pilot: { id: number; name: string }, result: PilotResult): string[] {
  const metrics = shownMetrics(result)
  const rows = result.summary.map((s) => [
    s.model,
    ...metrics.map((m) => {
      const i = s.metrics[m]
      return i ? `${formatNumber(i.mean)} [${formatNumber(i.low)}, ${formatNumber(i.high)}]` : '–'
    }),
  ])
  const caveats = result.comparison?.caveats ?? []
  const engine = result.engine ? `${result.engine.name} · ${result.engine.label}` : 'typed-arrays · CPU (TypeScript) (no NNMF in this pilot)'
  return [
    `Pilot ${pilot.id} "${pilot.name}": ${result.splits.length} splits, each holding out ${percent(result.config.holdoutFraction)} ${GOALS[result.config.goal]}; ${result.config.effort} effort; ${duration(result.timing.totalSeconds)}.`,
    '',
    `Verdict: ${verdictSentence(result)}`,
    `Best model: ${result.best.model}${result.best.isBaseline ? ' (a baseline: the factorisations did not earn their keep)' : ''}.`,
    '',
    ...table(['MODEL', ...metrics.map((m) => `${METRIC_NAMES[m].toUpperCase()} [95% INTERVAL]`)], rows),
    '',
    ...(caveats.length > 0 ? [...caveats.map((c) => `Caveat: ${caveatLine(c)}.`), ''] : []),
    `Engine: ${engine}.`,
  ]
}
