import { getDataset } from '../store/datasets.js'
import { getModel } from '../store/models.js'
import type { Db } from '../store/open.js'
import type { ExportRequest } from './request.js'

/** Exports that would only be an empty file, refused with a code each front words in its language. */
export const EXPORT_REFUSAL_CODES = ['no-gaps'] as const
export type ExportRefusalCode = (typeof EXPORT_REFUSAL_CODES)[number]

export class ExportRefusal extends Error {
  constructor(
    readonly code: ExportRefusalCode,
    readonly params: { dataset: string },
    message: string,
  ) {
    super(message)
    this.name = 'ExportRefusal'
  }
}

/**
 * Why an export would hold nothing, or null. "Predictions for the gaps" of a table with no gaps
 * would be a header-only file, which looks like a silent failure: it is refused instead.
 */
export function exportRefusal(db: Db, request: ExportRequest): ExportRefusal | null {
  if (request.kind !== 'missing-predictions') return null
  const model = getModel(db, request.modelIds[0]!)
  const dataset = model?.datasetId == null ? undefined : getDataset(db, model.datasetId)
  if (!dataset || dataset.nObserved < dataset.nRows * dataset.nCols) return null
  return new ExportRefusal(
    'no-gaps',
    { dataset: dataset.name },
    `The dataset "${dataset.name}" has no missing cells, so there are no gaps to predict; export the completed matrix instead (--what completed).`,
  )
}
