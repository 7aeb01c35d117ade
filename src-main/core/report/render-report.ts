import type { PilotModelKind } from '../pilot/config.js'
import { specOf } from '../models/specs.js'
import { NEGLIGIBLE_FRACTION, type MetricName, type ModelSummary } from '../pilot/compare.js'
import type { PilotResult } from '../pilot/result.js'
import { adviceWithoutComparison, VERDICT_MESSAGES, verdictWords } from '../pilot/verdict-words.js'
import type { DatasetSummary } from '../store/datasets.js'
import type { PilotRecord } from '../store/pilots.js'
import { calibrationChart, columnDifferences, curvesChart, metricChart, perColumnChart, scatterChart } from './charts.js'
import { GLOSSARY, backendWords, durationWords, engineLabelWords } from '../glossary.js'
import { escapeHtml as h, formatCount, formatMetric, formatPercent, formatPValue, formatSignedPercent } from '../format.js'
import { intervalChart } from './interval-chart.js'
import { REPORT_CSS } from './styles.js'
import { REPORT_TEXTS, type ReportLanguage, type ReportTexts } from './texts.js'

/**
 * The pilot report: one self-contained HTML file (inline CSS, charts as inline SVG, no scripts, no
 * external fonts or images) in Japanese or English, for people who are not ML experts. Every
 * number is the stored result's, printed with format.ts (metrics: 4 significant digits); the
 * verdict's words are verdictWords', the same the app and the CLI print.
 */
export interface PilotReportInput {
  pilot: PilotRecord & { result: PilotResult | null }
  /** The dataset as it is in the store now; null when it was deleted (the result keeps its facts). */
  dataset: DatasetSummary | null
  language: ReportLanguage
  generatedAt?: Date
}

/** Metric columns of the results table: the primary one first, then the rest this kind of data has. */
export function reportMetrics(result: PilotResult): MetricName[] {
  const binary = result.dataset.valueKind === 'binary'
  const all: MetricName[] = binary ? ['logLoss', 'auc', 'averagePrecision', 'rmse'] : ['rmse', 'mae']
  if (result.scaled && !binary) all.push('nrmse')
  return [result.primaryMetric, ...all.filter((m) => m !== result.primaryMetric)]
}

/** How many columns the per-column chart and table show (the largest NNMF-vs-MF differences). */
export const PER_COLUMN_SHOWN = 20

export function renderPilotReport(input: PilotReportInput): string {
  const result = input.pilot.result
  if (!result) throw new Error(`Pilot ${input.pilot.id} has no result (status ${input.pilot.status}): only a finished pilot has a report`)
  const t = REPORT_TEXTS[input.language]
  const generatedAt = input.generatedAt ?? new Date()
  const body = [
    header(input, result, t, generatedAt),
    conclusion(result, t, input.language),
    dataSection(input, result, t),
    methodSection(result, t, input.language),
    resultsSection(result, t),
    comparisonSection(result, t, input.language),
    chartsSection(result, t),
    perColumnSection(result, t),
    limitsSection(result, t),
    detailsSection(input, result, t),
  ].join('\n')
  return `<!DOCTYPE html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(t.title)}: ${h(input.pilot.name)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`
}

const modelName = (t: ReportTexts, m: PilotModelKind): string => t.models[m].name

function header(input: PilotReportInput, result: PilotResult, t: ReportTexts, at: Date): string {
  return `<header>
<h1>${h(t.title)}</h1>
<p class="meta">${h(t.pilot)}: ${h(input.pilot.name)} (#${input.pilot.id}) · ${h(t.dataset)}: ${h(input.dataset?.name ?? result.dataset.name)} · ${h(t.generatedAt)}: ${h(at.toISOString().slice(0, 16).replace('T', ' '))} UTC</p>
</header>`
}

function conclusion(result: PilotResult, t: ReportTexts, language: ReportLanguage): string {
  const c = result.comparison
  const best = result.best
  const bestSentence = `<p class="best-model">${h(
    t.best({
      model: modelName(t, best.model),
      isBaseline: best.isBaseline,
      clearlyBetter: best.clearlyBetter,
      runnerUp: best.runnerUp ? modelName(t, best.runnerUp.model) : null,
    }),
  )}</p>`
  const advice = (text: string) => `<p class="advice"><strong>${h(t.adviceLabel)}</strong> ${h(text)}</p>`
  const words = verdictWords(result, language)
  if (!c || !words) {
    return `<section class="verdict"><h2>${h(t.sections.conclusion)}</h2><p>${h(t.noComparison)}</p>${bestSentence}${advice(adviceWithoutComparison(best, language))}</section>`
  }
  const reasons = words.reasons.length > 0 ? `<ul class="reasons">${words.reasons.map((r) => `<li>${h(r)}</li>`).join('')}</ul>` : ''
  const nextStep = words.nextStep ? `<p class="next-step">${h(words.nextStep)}</p>` : ''
  const chart = intervalChart(c, t.metrics[c.metric].name, t)
  const figure = chart
    ? `<figure class="interval-chart"><h3>${h(t.charts.interval)}</h3>${chart}<figcaption>${h(t.charts.intervalCaption(formatPercent(c.negligibleFraction)))}</figcaption></figure>`
    : ''
  return `<section class="verdict ${c.verdict}">
<h2>${h(t.sections.conclusion)}</h2>
<p class="headline">${h(words.headline)}</p>
<p class="sentence">${h(words.sentence)}</p>
${reasons}${nextStep}${advice(words.advice)}
${figure}
${bestSentence}
</section>`
}

function facts(pairs: [string, string][]): string {
  return `<dl class="facts">${pairs.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>`
}

function dataSection(input: PilotReportInput, result: PilotResult, t: ReportTexts): string {
  const d = result.dataset
  const stats = result.dataCheck.stats
  return `<section>
<h2>${h(t.sections.data)}</h2>
${facts([
  [t.dataset, input.dataset?.name ?? d.name],
  [t.dataFacts.rows, formatCount(d.nRows)],
  [t.dataFacts.columns, formatCount(d.nCols)],
  [t.dataFacts.observed, formatCount(d.nObserved)],
  [t.dataFacts.density, formatPercent(stats.density)],
  [t.dataFacts.kind, t.valueKind[d.valueKind]],
  [t.dataFacts.layout, t.layout[d.layout]],
  [t.dataFacts.check, t.checkFindings(t.suitability[result.dataCheck.verdict], result.dataCheck.reasons.length)],
  [t.dataFacts.hash, d.dataHash.slice(0, 12)],
])}
</section>`
}

function methodSection(result: PilotResult, t: ReportTexts, language: ReportLanguage): string {
  const config = result.config
  const models = config.models.map((m) => modelName(t, m)).join(listSeparator(t))
  const paragraphs = [
    t.goal(config.goal, formatPercent(config.holdoutFraction)),
    ...t.method({
      repeats: result.splits.length,
      validation: formatPercent(result.effort.validationFraction),
      scaled: result.scaled,
      primary: t.metrics[result.primaryMetric].name,
      band: formatPercent(result.comparison?.negligibleFraction ?? NEGLIGIBLE_FRACTION),
      models,
      headlines: VERDICT_MESSAGES[language].headline,
      legacy: result.comparison?.method.name === 'legacy-t-interval',
    }),
  ]
  const list = config.models.map((m) => `<li><strong>${h(modelName(t, m))}</strong>: ${h(t.models[m].description)}</li>`).join('')
  const metricList = reportMetrics(result)
    .map((m) => `<li><strong>${h(t.metrics[m].name)}</strong>: ${h(t.metrics[m].description)}</li>`)
    .join('')
  return `<section>
<h2>${h(t.sections.method)}</h2>
${paragraphs.map((p) => `<p>${h(p)}</p>`).join('\n')}
<ul>${list}</ul>
<ul>${metricList}</ul>
</section>`
}

function listSeparator(t: ReportTexts): string {
  return t.htmlLang === 'ja' ? '、' : ', '
}

function intervalCell(summary: ModelSummary, metric: MetricName, best: boolean): string {
  const i = summary.metrics[metric]
  if (!i) return '<td class="num">—</td>'
  return `<td class="num${best ? ' best' : ''}">${formatMetric(i.mean)}<span class="interval">[${formatMetric(i.low)}, ${formatMetric(i.high)}]</span></td>`
}

function resultsSection(result: PilotResult, t: ReportTexts): string {
  const metrics = reportMetrics(result)
  // The best mean per metric, in the metric's own direction.
  const bestOf = new Map<MetricName, number>()
  for (const m of metrics) {
    const values = result.summary.map((s) => s.metrics[m]?.mean).filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    if (values.length > 0) bestOf.set(m, t.metrics[m].better === 'lower' ? Math.min(...values) : Math.max(...values))
  }
  const head = `<tr><th>${h(t.table.model)}</th>${metrics.map((m) => `<th class="num">${h(t.metrics[m].name)}</th>`).join('')}</tr>`
  const rows = result.summary.map(
    (s) => `<tr><td>${h(modelName(t, s.model))}</td>${metrics.map((m) => intervalCell(s, m, s.metrics[m]?.mean === bestOf.get(m))).join('')}</tr>`,
  )
  return `<section>
<h2>${h(t.sections.results)}</h2>
<p>${h(t.intervalNote(result.splits.length))}</p>
<table class="metrics"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>
</section>`
}

function comparisonSection(result: PilotResult, t: ReportTexts, language: ReportLanguage): string {
  const c = result.comparison
  if (!c) return `<section><h2>${h(t.sections.comparison)}</h2><p>${h(t.noComparison)}</p></section>`
  const metric = t.metrics[c.metric].name
  const d = c.difference
  const rows = c.mf.map((mf, i) => {
    const nnmf = c.nnmf[i]!
    return `<tr><td>${i + 1}</td><td class="num">${formatMetric(mf)}</td><td class="num">${formatMetric(nnmf)}</td><td class="num">${formatMetric(nnmf - mf)}</td></tr>`
  })
  return `<section>
<h2>${h(t.sections.comparison)}</h2>
${facts([
  [t.comparisonFacts.meanDifference, `${formatMetric(d.mean)} (${metric})`],
  [t.comparisonFacts.interval, `[${formatMetric(d.low)}, ${formatMetric(d.high)}]`],
  [t.comparisonFacts.relative, formatSignedPercent(c.relativeDifference)],
  [t.comparisonFacts.relativeInterval, `[${formatSignedPercent(c.relativeInterval.low)}, ${formatSignedPercent(c.relativeInterval.high)}]`],
  [t.comparisonFacts.band, t.bandValue(formatMetric(c.negligibleBand), formatPercent(c.negligibleFraction))],
  [t.comparisonFacts.method, t.intervalMethod(c.method, d.df)],
  [t.comparisonFacts.pValue, formatPValue(c.pValue)],
  [t.comparisonFacts.verdict, verdictWords(result, language)!.headline],
])}
<table class="paired"><thead><tr><th>${h(t.table.repeat)}</th><th class="num">${h(modelName(t, 'mf'))} (${h(metric)})</th><th class="num">${h(modelName(t, 'nnmf'))} (${h(metric)})</th><th class="num">${h(t.table.difference)}</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>
</section>`
}

function figure(title: string, svg: string | null, caption: string): string {
  if (!svg) return ''
  return `<figure><h3>${h(title)}</h3>${svg}<figcaption>${h(caption)}</figcaption></figure>`
}

function chartsSection(result: PilotResult, t: ReportTexts): string {
  const models = result.config.models
  const compared = models.filter((m) => m === 'mf' || m === 'nnmf')
  const detailModels = compared.length > 0 ? compared : models
  const binary = result.dataset.valueKind === 'binary'
  const parts = [
    figure(t.charts.metric, metricChart(result.summary, result.primaryMetric, t), t.charts.metricCaption),
    binary
      ? figure(t.charts.calibration, calibrationChart(result.scatter, detailModels, t), t.charts.calibrationCaption)
      : figure(
          t.charts.scatter,
          scatterChart(result.scatter, detailModels, t, result.scaled),
          result.scaled ? t.charts.scatterCaptionStandard : t.charts.scatterCaption,
        ),
    figure(
      t.charts.curves,
      curvesChart(
        result.runs,
        detailModels.filter((m) => specOf(m).pilot.fitKind !== 'none'),
        t,
      ),
      t.charts.curvesCaption,
    ),
  ]
  return `<section><h2>${h(t.sections.charts)}</h2>${parts.join('\n')}</section>`
}

function perColumnSection(result: PilotResult, t: ReportTexts): string {
  const shown = columnDifferences(result.perColumn, PER_COLUMN_SHOWN)
  if (shown.length === 0) return ''
  const rows = shown.map(
    (c) =>
      `<tr><td>${h(c.label)}</td><td class="num">${formatCount(c.n)}</td><td class="num">${formatMetric(c.mf)}</td><td class="num">${formatMetric(c.nnmf)}</td><td class="num">${formatSignedPercent(c.relative)}</td></tr>`,
  )
  return `<section>
<h2>${h(t.sections.perColumn)}</h2>
<p>${h(t.perColumnNote(shown.length, result.perColumn.length))}</p>
${figure(t.charts.perColumn, perColumnChart(shown), t.charts.perColumnCaption)}
<table class="per-column"><thead><tr><th>${h(t.table.column)}</th><th class="num">${h(t.table.cells)}</th><th class="num">${h(modelName(t, 'mf'))} RMSE</th><th class="num">${h(modelName(t, 'nnmf'))} RMSE</th><th class="num">${h(t.table.relative)}</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>
</section>`
}

function limitsSection(result: PilotResult, t: ReportTexts): string {
  // The comparison's caveats carry the data check's cautions; without a comparison, list those directly.
  const items: { text: string; severity: string }[] = result.comparison
    ? result.comparison.caveats.map((c) => ({ text: t.caveat(c), severity: c.code === 'data-check' ? c.reason.severity : 'caution' }))
    : result.dataCheck.reasons.filter((r) => r.severity !== 'info').map((r) => ({ text: t.reason(r), severity: r.severity }))
  // Informational findings (a few sparse rows, mixed units) are worth knowing too.
  for (const r of result.dataCheck.reasons) if (r.severity === 'info') items.push({ text: t.reason(r), severity: 'info' })
  const list = items.length > 0 ? items.map((i) => `<li class="severity-${i.severity}">${h(i.text)}</li>`).join('') : `<li>${h(t.noLimits)}</li>`
  return `<section>
<h2>${h(t.sections.limits)}</h2>
<ul class="limits">${list}${t.generalLimits.map((g) => `<li>${h(g)}</li>`).join('')}</ul>
</section>`
}

function detailsSection(input: PilotReportInput, result: PilotResult, t: ReportTexts): string {
  const language = input.language
  const duration = (seconds: number | null | undefined): string =>
    seconds === null || seconds === undefined || !Number.isFinite(seconds) ? t.details.none : durationWords(seconds, language)
  const perModel = result.config.models.map((m) => `${modelName(t, m)} ${duration(result.timing.perModelSeconds[m])}`).join(listSeparator(t))
  return `<section>
<h2>${h(t.sections.details)}</h2>
${facts([
  [t.details.status, GLOSSARY[language].status[input.pilot.status]],
  [t.details.created, input.pilot.createdAt.slice(0, 16).replace('T', ' ') + ' UTC'],
  [t.details.effort, t.effort[result.config.effort]],
  [t.details.seed, String(result.config.seed)],
  [t.details.scaling, result.scaled ? t.details.scaledYes : t.details.scaledNo],
  [t.details.engine, result.engine ? engineLabelWords(result.engine.name, result.engine.label, language) : t.details.none],
  // The library's backend in the report's words ('wasm' is a code, not a word a reader knows).
  [t.details.backend, result.engine?.backend ? backendWords(result.engine.backend, language) : t.details.none],
  [t.details.totalTime, duration(result.timing.totalSeconds)],
  [t.details.modelTime, perModel],
])}
</section>`
}
