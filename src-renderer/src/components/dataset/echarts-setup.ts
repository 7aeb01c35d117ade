import { use, type ComposeOption } from 'echarts/core'
import { BarChart, HeatmapChart, type BarSeriesOption, type HeatmapSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  TooltipComponent,
  VisualMapComponent,
  type GridComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

/**
 * Only the ECharts parts the dataset browser draws, registered once: bar charts (histograms), the
 * heatmap of the observed mask, their axes, tooltip and colour scale, on the canvas renderer (no
 * eval or inline script, so it runs under the app's content security policy).
 */
use([CanvasRenderer, BarChart, HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent])

export type ChartOption = ComposeOption<BarSeriesOption | HeatmapSeriesOption | GridComponentOption | TooltipComponentOption | VisualMapComponentOption>

/** Canvas text does not inherit CSS fonts: name the same stack, with Japanese fonts, explicitly. */
export const CHART_FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic UI', 'Meiryo', sans-serif"

export const CHART_COLORS = { bar: '#1f6feb', ink: '#1d2330', muted: '#5f6b7a', line: '#dde2e8' }
