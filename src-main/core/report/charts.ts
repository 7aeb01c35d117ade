import * as echarts from 'echarts'
import type { PilotModelKind } from '../pilot/config.js'
import { MODEL_SPECS } from '../models/specs.js'
import type { MetricName, ModelSummary } from '../pilot/compare.js'
import type { ColumnBreakdown, ScatterSample } from '../pilot/breakdown.js'
import type { ModelRun } from '../pilot/result.js'
import { formatMetric } from '../format.js'
import { toStandardUnits } from './standard-units.js'
import type { ReportTexts } from './texts.js'

/**
 * The report's charts as inline SVG, drawn by ECharts on the server (ssr + svg renderer: no DOM,
 * no canvas), so the HTML file stands alone and prints sharp. One function per chart; each takes
 * the stored result's numbers as they are.
 */
export const FONT_STACK =
  "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', 'Meiryo', 'Noto Sans', 'Segoe UI', sans-serif"
export const CHART_WIDTH = 680

/** Each model's colour from its spec (models/specs.ts): the app's charts use the same. */
export const MODEL_COLORS = Object.fromEntries(MODEL_SPECS.map((s) => [s.kind, s.color])) as Record<PilotModelKind, string>

/** Axis ticks: up to 4 significant digits without trailing zeros ("2.5", not "2.500"). */
export function formatTick(v: number): string {
  return Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(4))) : v === 0 ? '0' : v.toExponential(1)
}

/** Renders an option to an SVG string and frees the chart. */
export function renderSvg(option: echarts.EChartsOption, width = CHART_WIDTH, height = 300): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_STACK, fontSize: 12 }, ...option })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

/** Means as dots and 95 % intervals as whiskers, one per model. */
export function metricChart(summary: readonly ModelSummary[], metric: MetricName, t: ReportTexts): string | null {
  const rows = summary.flatMap((s) => {
    const interval = s.metrics[metric]
    return interval && Number.isFinite(interval.mean) ? [{ model: s.model, ...interval }] : []
  })
  if (rows.length === 0) return null
  const names = rows.map((r) => t.models[r.model].name)
  return renderSvg({
    title: {
      text: `${t.metrics[metric].name} (${t.metrics[metric].better === 'lower' ? t.lowerIsBetter : t.higherIsBetter})`,
      left: 'center',
      textStyle: { fontSize: 13 },
    },
    grid: { left: 70, right: 30, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, width: CHART_WIDTH / Math.max(1, names.length) - 10, overflow: 'break' } },
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: formatTick } },
    series: [
      {
        type: 'custom',
        renderItem: (_params, api) => {
          const x = api.value(0) as number
          const low = api.coord([x, api.value(1)]) as number[]
          const high = api.coord([x, api.value(2)]) as number[]
          const cap = 10
          const style = { stroke: api.value(3) as unknown as string, lineWidth: 2 }
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: low[0]!, y1: low[1]!, x2: high[0]!, y2: high[1]! }, style },
              { type: 'line', shape: { x1: low[0]! - cap, y1: low[1]!, x2: low[0]! + cap, y2: low[1]! }, style },
              { type: 'line', shape: { x1: high[0]! - cap, y1: high[1]!, x2: high[0]! + cap, y2: high[1]! }, style },
            ],
          }
        },
        encode: { x: 0, y: [1, 2] },
        data: rows.map((r, i) => [i, Number.isFinite(r.low) ? r.low : r.mean, Number.isFinite(r.high) ? r.high : r.mean, MODEL_COLORS[r.model]]),
        z: 1,
      },
      {
        type: 'scatter',
        symbolSize: 12,
        data: rows.map((r, i) => ({ value: [i, r.mean], itemStyle: { color: MODEL_COLORS[r.model] } })),
        label: { show: true, position: 'right', formatter: (p) => formatMetric((p.value as number[])[1]!), fontSize: 11 },
        z: 2,
      },
    ],
  })
}

/**
 * Predicted against actual on the stored sample, one panel per model, with the diagonal; in each
 * column's standard units when the pilot scaled columns of mixed units (one diagonal from 0 to 9,188
 * across sensors in different units tells nothing).
 */
export function scatterChart(sample: ScatterSample, models: readonly PilotModelKind[], t: ReportTexts, standard = false): string | null {
  const shown = models.filter((m) => (sample.predicted[m]?.length ?? 0) > 0)
  if (shown.length === 0 || sample.actual.length === 0) return null
  const points = { col: sample.col, actual: sample.actual, predicted: shown.map((m) => ({ model: m, values: sample.predicted[m]! })) }
  const drawn = standard ? toStandardUnits(points) : points
  const scatter = {
    actual: drawn.actual,
    predicted: Object.fromEntries(drawn.predicted.map((p) => [p.model, p.values])) as Partial<Record<PilotModelKind, number[]>>,
  }
  let lo = Infinity
  let hi = -Infinity
  for (const values of [scatter.actual, ...shown.map((m) => scatter.predicted[m]!)]) {
    for (const v of values) {
      lo = Math.min(lo, v)
      hi = Math.max(hi, v)
    }
  }
  const pad = (hi - lo) * 0.03 || 1
  lo -= pad
  hi += pad
  const width = CHART_WIDTH / shown.length
  const axis = (name: string, gridIndex: number) => ({
    type: 'value' as const,
    min: lo,
    max: hi,
    name,
    nameLocation: 'middle' as const,
    nameGap: 28,
    gridIndex,
    axisLabel: { formatter: formatTick, hideOverlap: true, showMinLabel: false, showMaxLabel: false },
  })
  return renderSvg(
    {
      title: shown.map((m, i) => ({ text: t.models[m].name, left: i * width + width / 2, textAlign: 'center', textStyle: { fontSize: 13 } })),
      grid: shown.map((_, i) => ({ left: i * width + 60, width: width - 85, top: 35, bottom: 50 })),
      xAxis: shown.map((_, i) => axis(standard ? t.charts.actualStandard : t.charts.actual, i)),
      yAxis: shown.map((_, i) => axis(standard ? t.charts.predictedStandard : t.charts.predicted, i)),
      series: shown.flatMap((m, i) => [
        {
          type: 'scatter' as const,
          xAxisIndex: i,
          yAxisIndex: i,
          symbolSize: 3,
          itemStyle: { color: MODEL_COLORS[m], opacity: 0.45 },
          data: scatter.actual.map((a, k) => [a, scatter.predicted[m]![k]!]),
        },
        {
          type: 'line' as const,
          xAxisIndex: i,
          yAxisIndex: i,
          symbol: 'none',
          lineStyle: { color: '#555', type: 'dashed' as const, width: 1 },
          data: [
            [lo, lo],
            [hi, hi],
          ],
        },
      ]),
    },
    CHART_WIDTH,
    330,
  )
}

/** 0/1 data: share of actual 1s per predicted-probability decile, per model, with the diagonal. */
export function calibrationChart(scatter: ScatterSample, models: readonly PilotModelKind[], t: ReportTexts): string | null {
  const shown = models.filter((m) => (scatter.predicted[m]?.length ?? 0) > 0)
  if (shown.length === 0 || scatter.actual.length === 0) return null
  const bins = 10
  const series = shown.map((m) => {
    const n = new Float64Array(bins)
    const ones = new Float64Array(bins)
    const sum = new Float64Array(bins)
    scatter.predicted[m]!.forEach((p, k) => {
      const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)))
      n[b]!++
      sum[b]! += p
      if (scatter.actual[k]! > 0.5) ones[b]!++
    })
    const points: number[][] = []
    for (let b = 0; b < bins; b++) if (n[b]! > 0) points.push([sum[b]! / n[b]!, ones[b]! / n[b]!])
    return { type: 'line' as const, name: t.models[m].name, data: points, itemStyle: { color: MODEL_COLORS[m] }, symbolSize: 7 }
  })
  return renderSvg({
    legend: { top: 0 },
    grid: { left: 60, right: 30, top: 35, bottom: 50 },
    xAxis: { type: 'value', min: 0, max: 1, name: t.charts.probability, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', min: 0, max: 1, name: t.charts.share, nameLocation: 'middle', nameGap: 40 },
    series: [
      ...series,
      {
        type: 'line',
        symbol: 'none',
        lineStyle: { color: '#555', type: 'dashed', width: 1 },
        data: [
          [0, 0],
          [1, 1],
        ],
      },
    ],
  })
}

/** Training and validation loss per epoch of each repeat, one panel per model. */
export function curvesChart(runs: readonly ModelRun[], models: readonly PilotModelKind[], t: ReportTexts): string | null {
  const shown = models.filter((m) => runs.some((r) => r.model === m && r.curve.length > 1))
  if (shown.length === 0) return null
  const width = CHART_WIDTH / shown.length
  return renderSvg(
    {
      title: shown.map((m, i) => ({ text: t.models[m].name, left: i * width + width / 2, textAlign: 'center', textStyle: { fontSize: 13 } })),
      grid: shown.map((_, i) => ({ left: i * width + 60, width: width - 80, top: 35, bottom: 50 })),
      xAxis: shown.map((_, i) => ({
        type: 'value' as const,
        gridIndex: i,
        name: t.charts.epoch,
        nameLocation: 'middle' as const,
        nameGap: 28,
        minInterval: 1,
      })),
      yAxis: shown.map((_, i) => ({ type: 'value' as const, gridIndex: i, scale: true, axisLabel: { formatter: formatTick } })),
      series: shown.flatMap((m, i) =>
        runs
          .filter((r) => r.model === m)
          .flatMap((r) => [
            {
              type: 'line' as const,
              xAxisIndex: i,
              yAxisIndex: i,
              symbol: 'none',
              name: `${t.models[m].name} ${t.charts.validation} ${r.repeat + 1}`,
              lineStyle: { color: MODEL_COLORS[m], width: 1.5 },
              data: r.curve.filter((p) => p.validation !== null).map((p) => [p.epoch, p.validation!]),
            },
            {
              type: 'line' as const,
              xAxisIndex: i,
              yAxisIndex: i,
              symbol: 'none',
              name: `${t.models[m].name} ${t.charts.train} ${r.repeat + 1}`,
              lineStyle: { color: MODEL_COLORS[m], width: 1, type: 'dotted' as const, opacity: 0.8 },
              data: r.curve.map((p) => [p.epoch, p.train]),
            },
          ]),
      ),
    },
    CHART_WIDTH,
    300,
  )
}

/** The per-column relative difference (NNMF − MF) / MF for the columns given, as horizontal bars. */
export function perColumnChart(columns: readonly { label: string; relative: number }[]): string | null {
  if (columns.length === 0) return null
  const ordered = [...columns].reverse() // ECharts draws the first category at the bottom
  return renderSvg(
    {
      grid: { left: 150, right: 40, top: 10, bottom: 30 },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      yAxis: {
        type: 'category',
        data: ordered.map((c) => (c.label.length > 22 ? c.label.slice(0, 21) + '…' : c.label)),
        axisLabel: { fontSize: 10, interval: 0 },
      },
      series: [
        {
          type: 'bar',
          data: ordered.map((c) => ({ value: c.relative, itemStyle: { color: c.relative < 0 ? MODEL_COLORS.nnmf : MODEL_COLORS.mf } })),
          barMaxWidth: 14,
        },
      ],
    },
    CHART_WIDTH,
    Math.max(160, 40 + 16 * columns.length),
  )
}

/** Columns with both an MF and an NNMF RMSE, by relative difference; the `limit` with the largest |difference|, sorted. */
export function columnDifferences(
  perColumn: readonly ColumnBreakdown[],
  limit: number,
): { label: string; n: number; mf: number; nnmf: number; relative: number }[] {
  const all = perColumn.flatMap((c) => {
    const mf = c.rmse.mf
    const nnmf = c.rmse.nnmf
    return typeof mf === 'number' && typeof nnmf === 'number' && mf > 0 ? [{ label: c.label, n: c.n, mf, nnmf, relative: (nnmf - mf) / mf }] : []
  })
  return all
    .sort((a, b) => Math.abs(b.relative) - Math.abs(a.relative))
    .slice(0, limit)
    .sort((a, b) => a.relative - b.relative)
}
