import type { NnmfVsMf } from '../pilot/compare.js'
import type { VerdictOutcome } from '../pilot/verdict.js'
import { MODEL_COLORS, renderSvg } from './charts.js'
import { formatPercent, formatPercentTick, formatSignedPercent } from '../format.js'
import type { ReportTexts } from './texts.js'

/** One colour per verdict, shared by the chart and the conclusion's frame (styles.ts). */
export const OUTCOME_COLORS: Record<VerdictOutcome, string> = {
  'nnmf-better': MODEL_COLORS.nnmf,
  'mf-better': MODEL_COLORS.mf,
  equivalent: '#6b7280',
  inconclusive: '#b7791f',
}

const HEIGHT = 170

/**
 * The verdict as a picture: NNMF − MF relative to MF's score, its mean as a dot and its 95 %
 * interval as whiskers, over the shaded negligible band ±b and a zero line. Where the whiskers sit
 * against the band is the rule of pilot/verdict.ts, so a reader can check the verdict by eye.
 */
export function intervalChart(c: NnmfVsMf, metricName: string, t: ReportTexts): string | null {
  const { low, high } = c.relativeInterval
  const band = c.negligibleFraction
  if (![low, high, c.relativeDifference, band].every(Number.isFinite)) return null
  // Symmetric about zero, so left reads "NNMF better" and right "MF better" at equal scale.
  const reach = niceCeil(Math.max(Math.abs(low), Math.abs(high), band) * 1.15)
  const color = OUTCOME_COLORS[c.verdict]
  return renderSvg(
    {
      grid: { left: 30, right: 30, top: 40, bottom: 50 },
      graphic: [
        { type: 'text', left: 30, top: 8, style: { text: t.charts.nnmfSide, fontSize: 12, fill: MODEL_COLORS.nnmf } },
        { type: 'text', right: 30, top: 8, style: { text: t.charts.mfSide, fontSize: 12, fill: MODEL_COLORS.mf } },
      ],
      xAxis: {
        type: 'value',
        min: -reach,
        max: reach,
        interval: reach / 5,
        name: t.charts.intervalAxis(metricName),
        nameLocation: 'middle',
        nameGap: 30,
        axisLabel: { formatter: formatPercentTick, hideOverlap: true },
        splitLine: { show: false },
      },
      yAxis: { type: 'category', data: [''], show: false },
      series: [
        {
          type: 'custom',
          renderItem: (_params, api) => {
            const from = api.coord([api.value(0), 0]) as number[]
            const to = api.coord([api.value(1), 0]) as number[]
            const cap = 12
            const style = { stroke: color, lineWidth: 3 }
            return {
              type: 'group',
              children: [
                { type: 'line', shape: { x1: from[0]!, y1: from[1]!, x2: to[0]!, y2: to[1]! }, style },
                { type: 'line', shape: { x1: from[0]!, y1: from[1]! - cap, x2: from[0]!, y2: from[1]! + cap }, style },
                { type: 'line', shape: { x1: to[0]!, y1: to[1]! - cap, x2: to[0]!, y2: to[1]! + cap }, style },
              ],
            }
          },
          encode: { x: [0, 1], y: 2 },
          data: [[low, high, 0]],
          markArea: {
            silent: true,
            itemStyle: { color: 'rgba(107, 114, 128, 0.18)' },
            label: { show: true, position: 'top', formatter: `${t.charts.negligible} ±${formatPercent(band)}`, fontSize: 11, color: '#444' },
            data: [[{ xAxis: -band }, { xAxis: band }]],
          },
          markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#333', type: 'solid', width: 1 }, data: [{ xAxis: 0 }] },
          z: 2,
        },
        {
          type: 'scatter',
          symbolSize: 13,
          itemStyle: { color },
          data: [[c.relativeDifference, 0]],
          label: { show: true, position: 'bottom', distance: 14, formatter: formatSignedPercent(c.relativeDifference), fontSize: 12, fontWeight: 'bold' },
          z: 3,
        },
        {
          // The interval's ends, outside the whisker caps, so a narrow interval keeps both legible.
          type: 'scatter',
          symbolSize: 0,
          data: [
            { value: [low, 0], label: { position: 'left' } },
            { value: [high, 0], label: { position: 'right' } },
          ],
          label: { show: true, distance: 6, formatter: (p) => formatSignedPercent((p.value as number[])[0]!), fontSize: 11, color: '#444' },
          z: 3,
        },
      ],
    },
    undefined,
    HEIGHT,
  )
}

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above x (x > 0), so the axis ends on a round tick. */
function niceCeil(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x))
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= x * (1 - 1e-12))!
  return step * power
}
