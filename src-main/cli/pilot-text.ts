import { formatNumber, formatPValue } from '../contract/format.js'
import { formatPercent, formatSignedPercent } from '../core/format.js'
import type { MetricName, NnmfVsMf } from '../core/pilot/compare.js'
import type { PilotResult } from '../core/pilot/result.js'
import { adviceWithoutComparison, verdictWords } from '../core/pilot/verdict-words.js'
import { REPORT_TEXTS } from '../core/report/texts.js'
import { table } from './shapes.js'

/**
 * A finished pilot for people, in English, for the CLI's text output: the verdict in the words the
 * app and the report use (verdict-words.ts: headline, sentence, reasons, next step, advice), the
 * difference with its interval and method (the method and the caveats as the English report words
 * them), each model's metrics with their 95 % intervals (numbers through formatNumber, as the app
 * and the report print them), and the engine.
 */

export const METRIC_NAMES: Record<MetricName, string> = {
  rmse: 'RMSE',
  mae: 'MAE',
  nrmse: 'normalised RMSE',
  logLoss: 'log loss',
  auc: 'AUC',
  averagePrecision: 'average precision',
}

const percent = (share: number): string => formatPercent(Math.abs(share))

/** The verdict sentence; without a comparison, the best model and how to get a verdict (both verdict-words.ts). */
export function pilotSentence(result: PilotResult): string {
  return verdictWords(result, 'en')?.sentence ?? adviceWithoutComparison(result.best, 'en')
}

/** p as "p = 0.123" or "p < 0.001". */
function pText(p: number): string {
  const text = formatPValue(p)
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`
}

/** The difference NNMF − MF with its 95 % interval, the band, the p-value and how the interval was computed. */
export function differenceLines(c: NnmfVsMf): string[] {
  const d = c.difference
  return [
    `Difference NNMF − MF (${METRIC_NAMES[c.metric]}): ${formatNumber(d.mean)} [${formatNumber(d.low)}, ${formatNumber(d.high)}], ` +
      `relative to MF ${formatSignedPercent(c.relativeDifference)} [${formatSignedPercent(c.relativeInterval.low)}, ${formatSignedPercent(c.relativeInterval.high)}] (95% interval); ` +
      `negligible band ±${formatNumber(c.negligibleBand)} (±${percent(c.negligibleFraction)} of MF); ${pText(c.pValue)}.`,
    `Interval: ${REPORT_TEXTS.en.intervalMethod(c.method, d.df)}`,
  ]
}

/** The metrics this pilot has, the one the verdict is decided on first. */
export function shownMetrics(result: PilotResult): MetricName[] {
  const order: MetricName[] = result.dataset.valueKind === 'binary' ? ['logLoss', 'auc', 'averagePrecision', 'rmse', 'mae'] : ['nrmse', 'rmse', 'mae']
  const present = order.filter((m) => result.summary.some((s) => s.metrics[m] !== null))
  return present.includes(result.primaryMetric) ? [result.primaryMetric, ...present.filter((m) => m !== result.primaryMetric)] : present
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
  const c = result.comparison
  const words = verdictWords(result, 'en')
  const verdict =
    c && words
      ? [
          `Verdict: ${words.headline}`,
          words.sentence,
          ...words.reasons.map((r) => `Why: ${r}`),
          ...(words.nextStep ? [words.nextStep] : []),
          `Advice: ${words.advice}`,
          ...differenceLines(c),
        ]
      : [`Advice: ${adviceWithoutComparison(result.best, 'en')}`]
  const caveats = c?.caveats ?? []
  const engine = result.engine ? `${result.engine.name} · ${result.engine.label}` : 'typed-arrays · CPU (TypeScript) (no NNMF in this pilot)'
  return [
    `Pilot ${pilot.id} "${pilot.name}": ${result.splits.length} splits, each holding out ${percent(result.config.holdoutFraction)} ${GOALS[result.config.goal]}; ${result.config.effort} effort; ${duration(result.timing.totalSeconds)}.`,
    '',
    ...verdict,
    `Best model: ${result.best.model}${result.best.isBaseline ? ' (a baseline)' : ''}.`,
    '',
    ...table(['MODEL', ...metrics.map((m) => `${METRIC_NAMES[m].toUpperCase()} [95% INTERVAL]`)], rows),
    '',
    ...(caveats.length > 0 ? [...caveats.map((caveat) => `Caveat: ${REPORT_TEXTS.en.caveat(caveat)}`), ''] : []),
    `Engine: ${engine}.`,
  ]
}
