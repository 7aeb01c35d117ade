import fs from 'node:fs'
import type { Download } from '../contract/download.js'
import { chooseNnmfEngine } from '../core/models/nnmf/choose-engine.js'
import { specOf } from '../core/models/specs.js'
import { predictNewRows, readNewRows, reusableModel, writePredictionsCsv } from '../core/reuse/index.js'
import { FileDrop, safeFileName } from '../platform/file-drop.js'
import { exportFileName } from '../core/glossary.js'
import type { JobRunner } from './runners.js'

/**
 * Model reuse: reads a file of new rows (validated like an import, nothing stored), folds them into
 * a saved model without retraining, and writes every cell's value or prediction as a long CSV.
 */
export const runPredictJob: JobRunner<'predict'> = async (request, context) => {
  const { db } = context
  const { record, columnLabels, valueKind } = reusableModel(db, request.modelId)
  context.progress({ phase: 'read', done: 0, total: 3 })
  const read = await readNewRows(request.filePath, { ...request.options, valueKind }, columnLabels, { signal: context.signal })
  if (!read.ok) return { ok: false, report: read.report, unknownColumns: read.unknownColumns }
  context.progress({ phase: 'fold-in', done: 1, total: 3 })
  const engine = specOf(record.kind).usesEngine ? await chooseNnmfEngine('auto') : undefined
  const predictions = await predictNewRows(db, request.modelId, read.rows, { ...(engine ? { engine } : {}), seed: request.seed, signal: context.signal })
  context.progress({ phase: 'write', done: 2, total: 3 })
  const files = new FileDrop(context.dataDir)
  const slot = files.reserve('exports', safeFileName(exportFileName(request.fileName.replace(/\.[^.]+$/, ''), 'newRows', 'csv', request.language)))
  try {
    await writePredictionsCsv(slot.path, predictions, { signal: context.signal })
  } catch (error) {
    files.discard('exports', slot.id)
    throw error
  }
  const download: Download = { downloadId: slot.id, fileName: slot.fileName, size: fs.statSync(slot.path).size }
  return { ok: true, download, nPredicted: predictions.nPredicted, nObserved: predictions.nObserved, unknownColumns: read.unknownColumns, report: read.report }
}
