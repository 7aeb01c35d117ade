import type { SparseMatrix } from '../matrix/sparse.js'
import { createRng, type Rng } from '../random.js'
import type { PilotModelKind } from './config.js'

/**
 * The pilot's detail views, accumulated over the test cells of every repeat as predictions come
 * in (the predictions themselves are not kept: SECOM's would be millions of numbers):
 *  - per column: RMSE of each model in the column's own units;
 *  - a seeded uniform sample (reservoir) of at most SCATTER_POINTS test cells with the truth and
 *    every model's prediction, for predicted-vs-actual plots;
 *  - a residual heatmap: rows × columns in at most HEATMAP_BLOCKS × HEATMAP_BLOCKS blocks, each the
 *    mean absolute residual of MF and of NNMF there (standardised by the column's training spread
 *    when the pilot scales per column, so mixed units share one colour scale).
 * Columns constant over the whole dataset are left out of all three: every model predicts them as
 * their constant, so their near-zero errors would only show as meaningless ratios (2e-10 vs 7e-10).
 */
export const SCATTER_POINTS = 2000
export const HEATMAP_BLOCKS = 50

export interface ColumnBreakdown {
  index: number
  label: string
  /** Test cells of this column over all repeats. */
  n: number
  /** RMSE per model in the column's units; null without test cells. */
  rmse: Partial<Record<PilotModelKind, number | null>>
}

export interface ScatterSample {
  repeat: number[]
  row: number[]
  col: number[]
  actual: number[]
  predicted: Partial<Record<PilotModelKind, number[]>>
}

export interface ResidualHeatmap {
  unit: 'original' | 'standardized'
  /** First row (column) of each block; a block spans up to the next edge. */
  rowEdges: number[]
  colEdges: number[]
  /** [rowBlock][colBlock] mean absolute residual, null where no test cell fell. */
  values: Partial<Record<'mf' | 'nnmf', (number | null)[][]>>
  counts: number[][]
}

export interface Breakdown {
  perColumn: ColumnBreakdown[]
  scatter: ScatterSample
  heatmap: ResidualHeatmap | null
}

function edges(n: number, blocks: number): { edges: number[]; blockOf: Int32Array } {
  const blockOf = Int32Array.from({ length: n }, (_, i) => Math.floor((i * blocks) / n))
  const out: number[] = []
  for (let i = 0; i < n; i++) if (i === 0 || blockOf[i] !== blockOf[i - 1]) out.push(i)
  return { edges: out, blockOf }
}

export class BreakdownAccumulator {
  private readonly sse = new Map<PilotModelKind, Float64Array>()
  private readonly count: Float64Array
  private readonly rng: Rng
  private seen = 0
  private readonly scatter: ScatterSample
  private readonly rowBlocks: ReturnType<typeof edges>
  private readonly colBlocks: ReturnType<typeof edges>
  private readonly heat = new Map<'mf' | 'nnmf', Float64Array>()
  private readonly heatCount: Float64Array
  private readonly nColBlocks: number

  constructor(
    private readonly shape: { nRows: number; nCols: number },
    private readonly models: readonly PilotModelKind[],
    seed: number,
    private readonly standardized: boolean,
    /** Spread of each column over the whole dataset (columnSpreads); zero marks a constant column. */
    private readonly spreads?: Float64Array,
  ) {
    this.count = new Float64Array(shape.nCols)
    for (const m of models) this.sse.set(m, new Float64Array(shape.nCols))
    this.rng = createRng(seed)
    this.scatter = { repeat: [], row: [], col: [], actual: [], predicted: Object.fromEntries(models.map((m) => [m, []])) }
    this.rowBlocks = edges(shape.nRows, Math.min(HEATMAP_BLOCKS, shape.nRows))
    this.colBlocks = edges(shape.nCols, Math.min(HEATMAP_BLOCKS, shape.nCols))
    this.nColBlocks = this.colBlocks.edges.length
    const cells = this.rowBlocks.edges.length * this.nColBlocks
    this.heatCount = new Float64Array(cells)
    for (const m of models) if (m === 'mf' || m === 'nnmf') this.heat.set(m, new Float64Array(cells))
  }

  /**
   * One repeat's test cells (original indices) with every model's predictions, in the same order.
   * `scales` is each column's training standard deviation in that repeat.
   */
  add(repeat: number, test: SparseMatrix, predictions: ReadonlyMap<PilotModelKind, Float64Array>, scales: Float64Array): void {
    const n = test.values.length
    for (let i = 0; i < n; i++) {
      const c = test.cols[i]!
      if (this.spreads && this.spreads[c] === 0) continue
      const r = test.rows[i]!
      const y = test.values[i]!
      this.count[c]!++
      const block = this.rowBlocks.blockOf[r]! * this.nColBlocks + this.colBlocks.blockOf[c]!
      this.heatCount[block]!++
      for (const m of this.models) {
        const e = predictions.get(m)![i]! - y
        this.sse.get(m)![c]! += e * e
        const heat = this.heat.get(m as 'mf' | 'nnmf')
        if (heat) heat[block]! += Math.abs(e) / (this.standardized ? scales[c]! : 1)
      }
      // Reservoir sampling (Algorithm R): every cell seen so far is kept with equal probability.
      const slot = this.seen < SCATTER_POINTS ? this.seen : this.rng.int(this.seen + 1)
      this.seen++
      if (slot < SCATTER_POINTS) {
        const s = this.scatter
        s.repeat[slot] = repeat
        s.row[slot] = r
        s.col[slot] = c
        s.actual[slot] = y
        for (const m of this.models) s.predicted[m]![slot] = predictions.get(m)![i]!
      }
    }
  }

  finish(colLabels: readonly string[]): Breakdown {
    const perColumn: ColumnBreakdown[] = []
    for (let c = 0; c < this.shape.nCols; c++) {
      if (this.spreads && this.spreads[c] === 0) continue
      const n = this.count[c]!
      const rmse: ColumnBreakdown['rmse'] = {}
      for (const m of this.models) rmse[m] = n > 0 ? Math.sqrt(this.sse.get(m)![c]! / n) : null
      perColumn.push({ index: c, label: colLabels[c] ?? String(c), n, rmse })
    }
    let heatmap: ResidualHeatmap | null = null
    if (this.heat.size > 0) {
      const nRowBlocks = this.rowBlocks.edges.length
      const grid = (f: (k: number) => number | null): (number | null)[][] =>
        Array.from({ length: nRowBlocks }, (_, i) => Array.from({ length: this.nColBlocks }, (_, j) => f(i * this.nColBlocks + j)))
      const values: ResidualHeatmap['values'] = {}
      for (const [m, sums] of this.heat) values[m] = grid((k) => (this.heatCount[k]! > 0 ? sums[k]! / this.heatCount[k]! : null))
      heatmap = {
        unit: this.standardized ? 'standardized' : 'original',
        rowEdges: this.rowBlocks.edges,
        colEdges: this.colBlocks.edges,
        values,
        counts: grid((k) => this.heatCount[k]!) as number[][],
      }
    }
    return { perColumn, scatter: this.scatter, heatmap }
  }
}
