import { use, type ComposeOption } from 'echarts/core'
import {
  BarChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  type BarSeriesOption,
  type CustomSeriesOption,
  type HeatmapSeriesOption,
  type LineSeriesOption,
  type ScatterSeriesOption,
} from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkAreaComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import { MODEL_COLORS as MODEL_SPEC_COLORS } from '@contract/models'

/**
 * The ECharts parts the app draws, registered once, on the canvas renderer (no eval or inline
 * script, so it runs under the app's content security policy).
 */
use([
  CanvasRenderer,
  BarChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
])

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | CustomSeriesOption
  | HeatmapSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>

/** Canvas text does not inherit CSS fonts: name the same stack, with Japanese fonts, explicitly. */
export const CHART_FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic UI', 'Meiryo', sans-serif"

export const CHART_COLORS = { bar: '#1f6feb', ink: '#1d2330', muted: '#5f6b7a', line: '#dde2e8' }

/** One colour per model, the same in every chart and in the report (each model's spec names it). */
export const MODEL_COLORS: Readonly<Record<string, string>> = MODEL_SPEC_COLORS
