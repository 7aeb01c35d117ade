import type { ValueKind } from '../store/datasets.js'
import { getModel, type ModelRecord } from '../store/models.js'
import type { Db } from '../store/open.js'
import { ReuseError } from './errors.js'

export interface ReusableModel {
  record: ModelRecord
  /** The columns the model was trained on, in its column order (the dataset's column labels). */
  columnLabels: string[]
  /** New rows must be read with the dataset's value kind (0/1 failures or numbers). */
  valueKind: ValueKind
}

/**
 * Looks up a saved model and the columns it knows. Only complete runs are reused: an interrupted
 * or cancelled run holds a half-trained checkpoint.
 */
export function reusableModel(db: Db, modelId: number): ReusableModel {
  const record = getModel(db, modelId)
  if (!record) throw new ReuseError('no-such-model', `No model with id ${modelId}.`)
  if (record.status !== 'complete') {
    throw new ReuseError('model-not-ready', `Model ${modelId} is ${record.status}, not complete; only completed models can predict new rows.`)
  }
  if (record.datasetId === null) throw new ReuseError('no-dataset', `Model ${modelId} has no dataset, so its columns are unknown.`)
  const dataset = db.prepare('SELECT value_kind FROM datasets WHERE id = ?').get(record.datasetId) as { value_kind: ValueKind } | undefined
  if (!dataset) throw new ReuseError('no-dataset', `The dataset of model ${modelId} is gone.`)
  const columnLabels = db.prepare('SELECT label FROM dataset_columns WHERE dataset_id = ? ORDER BY idx').pluck().all(record.datasetId) as string[]
  return { record, columnLabels, valueKind: dataset.value_kind }
}
