import type { ModelKind } from '../models/specs.js'
import type { EngineChoice } from '../models/nnmf/choose-engine.js'
import { loadModel } from '../models/registry.js'
import { loadSavedModel } from '../store/models.js'
import type { Db } from '../store/open.js'
import { ReuseError } from './errors.js'
import { reusableModel } from './model-columns.js'
import type { NewRows } from './new-rows.js'

export interface PredictOptions {
  /** The NNMF engine to fold in with; required for NNMF models, unused by the others. */
  engine?: EngineChoice
  /** Seeds the NNMF fold-in's latent initialisation (closed-form fold-ins ignore it). */
  seed?: number
  signal?: AbortSignal
}

/**
 * Every cell of the new rows, row-major in file row order and model column order: observed cells
 * keep the value read from the file (observed = 1), the others hold the model's prediction
 * (in original units, or a probability for 0/1 data). Columnar, since a few thousand rows × a
 * few hundred sensors is already a million cells.
 */
export interface NewRowPredictions {
  model: { id: number; name: string; kind: ModelKind; datasetId: number }
  /** 'typed-arrays' for mean, bias and MF; the NNMF engine's name otherwise. */
  engine: string
  rowLabels: string[]
  columnLabels: string[]
  row: Int32Array
  column: Int32Array
  value: Float64Array
  observed: Uint8Array
  nPredicted: number
  nObserved: number
}

/** One cell of NewRowPredictions, labelled. */
export interface PredictionRecord {
  row: string
  column: string
  value: number
  observed: boolean
}

/**
 * Loads a saved model, folds the new rows in (their row parameters are fit with everything the
 * model learned held fixed; nothing is retrained or written) and predicts every cell they did not
 * observe.
 */
export async function predictNewRows(db: Db, modelId: number, newRows: NewRows, options: PredictOptions = {}): Promise<NewRowPredictions> {
  const { record, columnLabels } = reusableModel(db, modelId)
  if (newRows.columnLabels.length !== columnLabels.length || newRows.columnLabels.some((c, j) => c !== columnLabels[j])) {
    throw new ReuseError('column-mismatch', `The new rows were read for other columns than model ${modelId}'s; read them with this model's column labels.`)
  }
  if (record.kind === 'nnmf' && !options.engine) throw new ReuseError('engine-required', 'An NNMF model needs an engine to fold in with.')
  options.signal?.throwIfAborted()
  const model = loadModel(loadSavedModel(db, modelId), options.engine ? { nnmfEngine: options.engine.factory } : {})
  try {
    const { matrix } = newRows
    const nCells = matrix.nRows * matrix.nCols
    const observedAt = new Map<number, number>()
    for (let e = 0; e < matrix.values.length; e++) observedAt.set(matrix.rows[e]! * matrix.nCols + matrix.cols[e]!, matrix.values[e]!)
    const row = new Int32Array(nCells)
    const column = new Int32Array(nCells)
    const value = new Float64Array(nCells)
    const observed = new Uint8Array(nCells)
    const missingRows: number[] = []
    const missingCols: number[] = []
    const missingAt: number[] = []
    for (let r = 0, i = 0; r < matrix.nRows; r++) {
      for (let c = 0; c < matrix.nCols; c++, i++) {
        row[i] = r
        column[i] = c
        const seen = observedAt.get(i)
        if (seen !== undefined) {
          value[i] = seen
          observed[i] = 1
        } else {
          missingRows.push(r)
          missingCols.push(c)
          missingAt.push(i)
        }
      }
    }
    const predictor = await model.foldIn(matrix, { seed: options.seed ?? 0, ...(options.signal ? { signal: options.signal } : {}) })
    try {
      options.signal?.throwIfAborted()
      const predicted = await predictor.predict(Int32Array.from(missingRows), Int32Array.from(missingCols))
      for (let k = 0; k < missingAt.length; k++) value[missingAt[k]!] = predicted[k]!
    } finally {
      predictor.dispose()
    }
    return {
      model: { id: record.id, name: record.name, kind: record.kind, datasetId: record.datasetId! },
      engine: record.kind === 'nnmf' ? options.engine!.name : 'typed-arrays',
      rowLabels: newRows.rowLabels,
      columnLabels,
      row,
      column,
      value,
      observed,
      nPredicted: missingAt.length,
      nObserved: nCells - missingAt.length,
    }
  } finally {
    model.dispose()
  }
}

/** The cells as labelled records, in the same order. */
export function* predictionRecords(p: NewRowPredictions): Generator<PredictionRecord> {
  for (let i = 0; i < p.value.length; i++) {
    yield { row: p.rowLabels[p.row[i]!]!, column: p.columnLabels[p.column[i]!]!, value: p.value[i]!, observed: p.observed[i] === 1 }
  }
}
