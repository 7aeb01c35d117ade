import { z } from 'zod'
import type { SparseMatrix } from '../matrix/sparse.js'
import { TargetSpace, type TargetConfig, type TargetSpaceState } from '../fitting/targets.js'
import { indexBy, type EntryIndex } from './alternating-ridge.js'
import { baselineResiduals, fitBaselines, shrunkPearson, type BaselineOptions } from './baseline-similarity.js'
import { nearestRows, residualTable, ROW_SHRINKAGE, type RowNeighbour } from './row-neighbours.js'
import { EventLoopBreather, type FitOptions, type FitReport, type FoldInOptions, type Model, type Predictor, type SavedModel } from './model.js'
import { defineModel, type Throughput } from './spec.js'

/**
 * Item-based k nearest neighbours on baseline residuals (Koren 2008, "Factorization meets the
 * neighborhood", §2.2), with Surprise's KNNBaseline as the reference behaviour. Columns are the
 * items: a cell is its baseline plus the similarity-weighted residuals of the same row's k most
 * similar columns, "this sensor reads like these others do on this machine".
 *  - Baseline b = μ + b_row + b_col by Surprise's ALS (baseline_options: 10 sweeps, columns then
 *    rows, each b = Σ residual / (reg + count), reg 10 for columns and 15 for rows).
 *  - Similarity: Surprise's pearson_baseline over the rows two columns share, shrunk:
 *    s_ij = Σ d_i d_j / √(Σ d_i² Σ d_j²) · (n_ij − 1) / (n_ij − 1 + shrinkage), d = value − baseline.
 *  - Estimate: b_ui + Σ s_ij (r_uj − b_uj) / Σ s_ij over the k columns of the row most similar to i
 *    with s_ij > 0 (fewer than min_k: the baseline alone). k = 40, min_k = 1, shrinkage 100.
 * Only positive similarities are kept (the only ones an estimate uses), per column in a sparse
 * list; computing them costs Σ over rows of (cells in the row)², the co-rated pairs only.
 * 0/1 tables: the baseline and residuals are on the 0/1 values; the estimate, clamped to
 * [ε, 1 − ε], is the predicted probability. Everything is rounded to Float32 before it is used, so
 * a saved and reloaded model predicts bitwise the same.
 */
export interface KnnConfig extends TargetConfig, BaselineOptions {
  k: number
  minK: number
  shrinkage: number
}

export const KNN_DEFAULTS: KnnConfig = { loss: 'squared', scaling: false, k: 40, minK: 1, shrinkage: 100, baselineSweeps: 10, regRow: 15, regCol: 10 }

/** Probabilities are kept this far from 0 and 1 (a log loss of a certain miss is infinite). */
const EPSILON = 1e-4
/** The training loss is scored on at most this many cells (every n-th): each estimate scans a column's neighbours. */
const TRAIN_SCORE_CELLS = 20_000

interface KnnState {
  mu: number
  rowBias: Float32Array
  colBias: Float32Array
  /** Training cells in training units, grouped by row (byRow). */
  rows: Int32Array
  cols: Int32Array
  values: Float32Array
  byRow: EntryIndex
  /** Positive similarities of column i: neighbour[simStart[i]..simStart[i+1]) with weight sim[...]. */
  simStart: Int32Array
  neighbour: Int32Array
  sim: Float32Array
}

interface KnnSavedConfig {
  model: KnnConfig
  space: TargetSpaceState
  mu: number
  nRows: number
  nCols: number
}

export class KnnBaselineModel implements Model {
  readonly kind = 'knn' as const
  private state: KnnState | undefined
  private space: TargetSpace | undefined

  constructor(readonly config: KnnConfig) {}

  async fit(train: SparseMatrix, options: FitOptions): Promise<FitReport> {
    const started = performance.now()
    const space = TargetSpace.fit(train, this.config)
    const tr = space.toTraining(train)
    const values = Float32Array.from(tr.values)
    const byRow = indexBy(tr.rows, tr.nRows)
    const byCol = indexBy(tr.cols, tr.nCols)
    const { mu, rowBias, colBias } = await fitBaselines(values, tr.rows, tr.cols, byRow, byCol, this.config)
    const residual = baselineResiduals(values, tr.rows, tr.cols, { mu, rowBias, colBias })
    const similarities = await shrunkPearsonBaseline(residual, tr.rows, tr.cols, byRow, byCol, this.config.shrinkage, options.signal)
    const state: KnnState = { mu, rowBias, colBias, rows: tr.rows, cols: tr.cols, values, byRow, ...similarities }
    this.state = state
    this.space = space

    const step = Math.max(1, Math.ceil(values.length / TRAIN_SCORE_CELLS))
    const sample = Int32Array.from({ length: Math.ceil(values.length / step) }, (_, i) => i * step)
    const trainLoss = space.score(
      this.estimate(
        state,
        Int32Array.from(sample, (e) => tr.rows[e]!),
        Int32Array.from(sample, (e) => tr.cols[e]!),
      ),
      Float64Array.from(sample, (e) => values[e]!),
    )
    let validationLoss: number | null = null
    if (options.validation) {
      const va = space.toTraining(options.validation)
      validationLoss = space.score(this.estimate(state, va.rows, va.cols), va.values)
    }
    const elapsedMs = performance.now() - started
    const point = { epoch: 1, maxEpochs: 1, trainLoss, validationLoss, elapsedMs, etaMs: 0 }
    options.onProgress?.(point)
    await options.onEpochEnd?.(point)
    return { epochs: 1, bestEpoch: 1, bestValidationLoss: validationLoss, stoppedEarly: false, curve: [point], elapsedMs }
  }

  private fitted(): { state: KnnState; space: TargetSpace } {
    if (!this.state || !this.space) throw new Error('knn model is not trained')
    return { state: this.state, space: this.space }
  }

  async predict(rows: Int32Array, cols: Int32Array): Promise<Float64Array> {
    const { state, space } = this.fitted()
    return space.toOriginalInPlace(this.estimate(state, rows, cols), cols)
  }

  /** New rows: each one's bias is one ALS row step with the columns fixed; its own cells are its neighbours' ratings. */
  async foldIn(newRows: SparseMatrix, _options: FoldInOptions): Promise<Predictor> {
    const { state, space } = this.fitted()
    const nr = space.toTraining(newRows)
    const values = Float32Array.from(nr.values)
    const byRow = indexBy(nr.rows, nr.nRows)
    const rowBias = new Float32Array(nr.nRows)
    for (let r = 0; r < nr.nRows; r++) {
      let sum = 0
      for (let j = byRow.start[r]!; j < byRow.start[r + 1]!; j++) {
        const e = byRow.order[j]!
        sum += values[e]! - state.mu - state.colBias[nr.cols[e]!]!
      }
      rowBias[r] = sum / (this.config.regRow + byRow.start[r + 1]! - byRow.start[r]!)
    }
    const folded: KnnState = { ...state, rowBias, rows: nr.rows, cols: nr.cols, values, byRow }
    return { predict: async (rows, cols) => space.toOriginalInPlace(this.estimate(folded, rows, cols), cols), dispose: () => {} }
  }

  /**
   * The training rows most like one of them, on the model's own baseline residuals (the row view of
   * its column similarities, see row-neighbours.ts). Built on demand: one pass over the cells.
   */
  nearestRows(row: number, k: number, shrinkage = ROW_SHRINKAGE): RowNeighbour[] {
    const { state } = this.fitted()
    const nCols = state.colBias.length
    const table = residualTable(state.values, state.rows, state.cols, state.rowBias.length, nCols, state, {
      byRow: state.byRow,
      byCol: indexBy(state.cols, nCols),
    })
    return nearestRows(table, row, k, shrinkage)
  }

  /** Raw estimates (training units, or logits for 0/1 data) of cells of the state's rows. */
  private estimate(state: KnnState, rows: Int32Array, cols: Int32Array): Float64Array {
    const out = new Float64Array(rows.length)
    const nCols = state.colBias.length
    const residualAt = new Float64Array(nCols).fill(NaN)
    const { k, minK } = this.config
    const heapSim = new Float64Array(k)
    const heapResidual = new Float64Array(k)
    const logistic = this.config.loss === 'logistic'
    // Cells grouped by row, so each row's residuals are laid out by column once.
    const byCell = indexBy(rows, state.rowBias.length)
    for (let u = 0; u < state.rowBias.length; u++) {
      const first = byCell.start[u]!
      const last = byCell.start[u + 1]!
      if (first === last) continue
      const bu = state.rowBias[u]!
      for (let j = state.byRow.start[u]!; j < state.byRow.start[u + 1]!; j++) {
        const e = state.byRow.order[j]!
        const c = state.cols[e]!
        residualAt[c] = state.values[e]! - (state.mu + bu + state.colBias[c]!)
      }
      for (let p = first; p < last; p++) {
        const cell = byCell.order[p]!
        const i = cols[cell]!
        // The k largest similarities among the row's columns: a min-heap on similarity.
        let size = 0
        for (let q = state.simStart[i]!; q < state.simStart[i + 1]!; q++) {
          const r = residualAt[state.neighbour[q]!]!
          if (Number.isNaN(r)) continue
          const s = state.sim[q]!
          if (size < k) {
            heapPush(heapSim, heapResidual, size++, s, r)
          } else if (s > heapSim[0]!) {
            heapReplaceTop(heapSim, heapResidual, size, s, r)
          }
        }
        let estimate = state.mu + bu + state.colBias[i]!
        if (size >= minK) {
          let weighted = 0
          let total = 0
          for (let h = 0; h < size; h++) {
            weighted += heapSim[h]! * heapResidual[h]!
            total += heapSim[h]!
          }
          if (total > 0) estimate += weighted / total
        }
        if (logistic) {
          const prob = Math.min(1 - EPSILON, Math.max(EPSILON, estimate))
          estimate = Math.log(prob / (1 - prob))
        }
        out[cell] = estimate
      }
      for (let j = state.byRow.start[u]!; j < state.byRow.start[u + 1]!; j++) residualAt[state.cols[state.byRow.order[j]!]!] = NaN
    }
    return out
  }

  /**
   * Everything fits the saved form's Float32 blobs: indices and counts are exact integers there
   * (below 2²⁴: tables of up to 16.7 million rows, columns and stored similarities per column).
   */
  toSaved(): SavedModel {
    const { state, space } = this.fitted()
    const config: KnnSavedConfig = { model: this.config, space: space.toState(), mu: state.mu, nRows: state.rowBias.length, nCols: state.colBias.length }
    const counts = new Float32Array(state.colBias.length)
    for (let i = 0; i < counts.length; i++) counts[i] = state.simStart[i + 1]! - state.simStart[i]!
    return {
      kind: this.kind,
      config: config as unknown as Record<string, unknown>,
      blobs: {
        rowBias: state.rowBias.slice(),
        colBias: state.colBias.slice(),
        rows: Float32Array.from(state.rows),
        cols: Float32Array.from(state.cols),
        values: state.values.slice(),
        simCount: counts,
        neighbour: Float32Array.from(state.neighbour),
        sim: state.sim.slice(),
      },
    }
  }

  static fromSaved(saved: SavedModel): KnnBaselineModel {
    if (saved.kind !== 'knn') throw new Error(`not a knn model: ${saved.kind}`)
    const config = saved.config as unknown as KnnSavedConfig
    const blob = (name: string): Float32Array => {
      const b = saved.blobs[name]
      if (!b) throw new Error(`saved knn model lacks ${name}`)
      return b
    }
    const rows = Int32Array.from(blob('rows'))
    const counts = blob('simCount')
    const simStart = new Int32Array(counts.length + 1)
    for (let i = 0; i < counts.length; i++) simStart[i + 1] = simStart[i]! + counts[i]!
    const model = new KnnBaselineModel(config.model)
    model.state = {
      mu: config.mu,
      rowBias: blob('rowBias').slice(),
      colBias: blob('colBias').slice(),
      rows,
      cols: Int32Array.from(blob('cols')),
      values: blob('values').slice(),
      byRow: indexBy(rows, config.nRows),
      simStart,
      neighbour: Int32Array.from(blob('neighbour')),
      sim: blob('sim').slice(),
    }
    model.space = TargetSpace.fromState(config.space)
    return model
  }

  dispose(): void {}
}

/**
 * Shrunk Pearson-baseline similarity of every pair of columns that share at least two rows, kept
 * where positive. Column by column: its rows' other cells accumulate into per-column scratch
 * arrays, so the work is the co-rated pairs and the memory one column's worth.
 */
async function shrunkPearsonBaseline(
  residual: Float64Array,
  rows: Int32Array,
  cols: Int32Array,
  byRow: EntryIndex,
  byCol: EntryIndex,
  shrinkage: number,
  signal: AbortSignal | undefined,
): Promise<{ simStart: Int32Array; neighbour: Int32Array; sim: Float32Array }> {
  const nCols = byCol.start.length - 1
  const freq = new Int32Array(nCols)
  const prods = new Float64Array(nCols)
  const sqI = new Float64Array(nCols)
  const sqJ = new Float64Array(nCols)
  const touched = new Int32Array(nCols)
  const simStart = new Int32Array(nCols + 1)
  let neighbour = new Int32Array(1024)
  let sim = new Float32Array(1024)
  let stored = 0
  const breather = new EventLoopBreather()
  for (let i = 0; i < nCols; i++) {
    signal?.throwIfAborted()
    await breather.maybeYield()
    let nTouched = 0
    for (let a = byCol.start[i]!; a < byCol.start[i + 1]!; a++) {
      const e = byCol.order[a]!
      const di = residual[e]!
      const u = rows[e]!
      for (let b = byRow.start[u]!; b < byRow.start[u + 1]!; b++) {
        const f = byRow.order[b]!
        const j = cols[f]!
        if (j === i) continue
        const dj = residual[f]!
        if (freq[j] === 0) touched[nTouched++] = j
        freq[j]!++
        prods[j]! += di * dj
        sqI[j]! += di * di
        sqJ[j]! += dj * dj
      }
    }
    touched.subarray(0, nTouched).sort()
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t]!
      const n = freq[j]!
      const rounded = Math.fround(shrunkPearson(prods[j]!, sqI[j]!, sqJ[j]!, n, shrinkage))
      if (rounded > 0) {
        if (stored === neighbour.length) {
          neighbour = grow(neighbour, new Int32Array(neighbour.length * 2))
          sim = grow(sim, new Float32Array(sim.length * 2))
        }
        neighbour[stored] = j
        sim[stored++] = rounded
      }
      freq[j] = 0
      prods[j] = 0
      sqI[j] = 0
      sqJ[j] = 0
    }
    simStart[i + 1] = stored
  }
  return { simStart, neighbour: neighbour.slice(0, stored), sim: sim.slice(0, stored) }
}

function grow<T extends Int32Array | Float32Array>(from: T, to: T): T {
  to.set(from)
  return to
}

function heapPush(sims: Float64Array, payload: Float64Array, size: number, s: number, r: number): void {
  let at = size
  while (at > 0) {
    const parent = (at - 1) >> 1
    if (sims[parent]! <= s) break
    sims[at] = sims[parent]!
    payload[at] = payload[parent]!
    at = parent
  }
  sims[at] = s
  payload[at] = r
}

function heapReplaceTop(sims: Float64Array, payload: Float64Array, size: number, s: number, r: number): void {
  let at = 0
  for (;;) {
    const left = 2 * at + 1
    if (left >= size) break
    const right = left + 1
    const child = right < size && sims[right]! < sims[left]! ? right : left
    if (sims[child]! >= s) break
    sims[at] = sims[child]!
    payload[at] = payload[child]!
    at = child
  }
  sims[at] = s
  payload[at] = r
}

export function createKnnModel(config: Partial<KnnConfig> = {}): KnnBaselineModel {
  return new KnnBaselineModel({ ...KNN_DEFAULTS, ...config })
}

const knnEffortSchema = z.object({
  k: z.number().int().min(1),
  minK: z.number().int().min(1),
  shrinkage: z.number().min(0),
})

/** Surprise's KNNBaseline defaults at every effort: the reference a neighbourhood baseline is judged by. */
const SURPRISE_DEFAULTS = { k: KNN_DEFAULTS.k, minK: KNN_DEFAULTS.minK, shrinkage: KNN_DEFAULTS.shrinkage }

/** Seconds of the co-rated pairs (each about a twentieth of an ALS entry-sweep at d = 10) and of the estimates. */
function knnSeconds(nTrain: number, nRows: number, nCols: number, k: number, throughput: Throughput): number {
  const perRow = nTrain / Math.max(1, nRows)
  const pairs = nTrain * perRow
  const estimates = Math.min(nTrain, TRAIN_SCORE_CELLS) * 2 * Math.min(nCols, Math.max(k, perRow))
  return (pairs + estimates) / (20 * throughput.mfEntriesPerSecond)
}

export const knnSpec = defineModel({
  kind: 'knn',
  words: {
    en: {
      name: 'k nearest neighbours',
      description:
        'Neighbourhood model (item-based kNN on baseline residuals): predicts a value from how the row reads on the columns that behave most like this one, above or below their usual level. An explainable baseline.',
    },
    ja: {
      name: 'k 近傍法',
      description:
        '近傍モデル（列どうしの似かたに基づく kNN、基準値からのずれを使用）。その行で、この列とよく似た動きをする列が普段よりどれだけ高いか低いかから値を予測します。説明しやすい基準モデルです。',
    },
  },
  color: '#2ca02c',
  usesEngine: false,
  tunes: { d: false, lambda: false },
  trainGrid: { dGrid: [], lambdaGrid: [] },
  hyperparameterConfig: () => ({}),
  create: (config) => createKnnModel(config),
  fromSaved: (saved) => KnnBaselineModel.fromSaved(saved),
  pilot: {
    role: 'baseline',
    effort: { schema: knnEffortSchema, presets: { quick: SURPRISE_DEFAULTS, standard: SURPRISE_DEFAULTS, thorough: SURPRISE_DEFAULTS } },
    candidates: () => [{ d: null, lambda: null }],
    retries: () => [],
    maxEpochs: () => 1,
    patience: () => 1,
    fitKind: 'none',
    foldInEpochs: () => undefined,
    build: ({ section, target }) => createKnnModel({ ...target, k: section.k, minK: section.minK, shrinkage: section.shrinkage }),
    estimateSeconds: ({ section, nTrain, nRows, nCols, throughput }) => knnSeconds(nTrain, nRows, nCols, section.k, throughput),
  },
})
