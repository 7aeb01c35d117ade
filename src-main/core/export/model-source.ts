import type { SparseMatrix } from '../matrix/sparse.js'
import type { Predictor } from '../models/model.js'
import type { NnmfEngineFactory } from '../models/nnmf/engine.js'
import { chooseNnmfEngine, type EnginePreference } from '../models/nnmf/choose-engine.js'
import { loadModel } from '../models/registry.js'
import { loadMatrix, type DatasetSummary } from '../store/datasets.js'
import { getModel, loadSavedModel, type ModelRecord } from '../store/models.js'
import type { Db } from '../store/open.js'

/** What every export starts from: the dataset a model was trained on, and that model ready to predict. */
export interface ExportSource {
  dataset: { summary: DatasetSummary; matrix: SparseMatrix; rowLabels: string[]; colLabels: string[] }
  models: OpenedModel[]
  dispose(): void
}

export interface OpenedModel {
  record: ModelRecord
  /** The `model` field of the exports: kind and store id, e.g. "nnmf#12" (unique, script-friendly). */
  tag: string
  predictor: Predictor
}

export interface ModelOpenOptions {
  /** The engine NNMF models predict with; by default the kind of engine that trained them (bitwise reproducible there). */
  nnmfEngine?: NnmfEngineFactory
}

export function modelTag(record: Pick<ModelRecord, 'id' | 'kind'>): string {
  return `${record.kind}#${record.id}`
}

/** The engine preference matching a stored engine name ('fastcpu…', 'tfjs-<backend>'). */
function preferenceFor(engine: string): EnginePreference {
  if (engine.startsWith('fastcpu')) return 'fastcpu'
  if (engine.startsWith('tfjs')) return 'tfjs'
  return 'auto'
}

/**
 * Loads the models (all on one dataset) and that dataset. Refuses models that are not complete
 * or whose shape does not match the dataset, with messages that say which model and why.
 */
export async function openExportSource(db: Db, modelIds: readonly number[], options: ModelOpenOptions = {}): Promise<ExportSource> {
  if (modelIds.length === 0) throw new Error('export: no model given')
  const records = modelIds.map((id) => {
    const record = getModel(db, id)
    if (!record) throw new Error(`No model with id ${id}`)
    if (record.status !== 'complete') throw new Error(`Model ${id} is ${record.status}, not complete: only finished models can be exported`)
    if (record.datasetId === null) throw new Error(`Model ${id} is not linked to a dataset`)
    return record
  })
  const datasetId = records[0]!.datasetId!
  const other = records.find((r) => r.datasetId !== datasetId)
  if (other) throw new Error(`Models ${records[0]!.id} and ${other.id} were trained on different datasets (${datasetId} and ${other.datasetId})`)
  const dataset = loadMatrix(db, datasetId)
  const models: OpenedModel[] = []
  try {
    for (const record of records) {
      const saved = loadSavedModel(db, record.id)
      const shape = saved.config as { nRows?: unknown; nCols?: unknown }
      if (
        (typeof shape.nRows === 'number' && shape.nRows !== dataset.matrix.nRows) ||
        (typeof shape.nCols === 'number' && shape.nCols !== dataset.matrix.nCols)
      ) {
        throw new Error(
          `Model ${record.id} has shape ${String(shape.nRows)} × ${String(shape.nCols)}, its dataset ${dataset.matrix.nRows} × ${dataset.matrix.nCols}`,
        )
      }
      const nnmfEngine = saved.kind === 'nnmf' ? (options.nnmfEngine ?? (await chooseNnmfEngine(preferenceFor(record.engine))).factory) : undefined
      const predictor = loadModel(saved, nnmfEngine ? { nnmfEngine } : {})
      models.push({ record, tag: modelTag(record), predictor })
    }
  } catch (error) {
    for (const m of models) m.predictor.dispose()
    throw error
  }
  return { dataset, models, dispose: () => models.forEach((m) => m.predictor.dispose()) }
}
