import fs from 'node:fs'
import { z } from 'zod'
import type { Download } from '../contract/schemas.js'
import { importOptionsSchema } from '../core/import/index.js'
import { chooseNnmfEngine } from '../core/models/nnmf/choose-engine.js'
import { predictNewRows, readNewRows, reusableModel, writePredictionsCsv } from '../core/reuse/index.js'
import { FileDrop, safeFileName } from '../services/file-drop.js'
import type { JobRunner } from './runners.js'

export const predictJobPayloadSchema = z.object({
  modelId: z.number().int().positive(),
  filePath: z.string().min(1),
  fileName: z.string().min(1),
  options: importOptionsSchema.optional(),
  seed: z.number().int().nonnegative().default(0),
})

/**
 * Model reuse: reads a file of new rows (validated like an import, nothing stored), folds them into
 * a saved model without retraining, and writes every cell's value or prediction as a long CSV.
 */
export const runPredictJob: JobRunner = async (payload, context) => {
  const request = predictJobPayloadSchema.parse(payload)
  const { db } = context
  const { record, columnLabels, valueKind } = reusableModel(db, request.modelId)
  context.progress({ phase: 'read', done: 0, total: 3 })
  const read = await readNewRows(request.filePath, { ...request.options, valueKind }, columnLabels, { signal: context.signal })
  if (!read.ok) return { ok: false, report: read.report, unknownColumns: read.unknownColumns }
  context.progress({ phase: 'fold-in', done: 1, total: 3 })
  const engine = record.kind === 'nnmf' ? await chooseNnmfEngine('auto') : undefined
  const predictions = await predictNewRows(db, request.modelId, read.rows, { ...(engine ? { engine } : {}), seed: request.seed, signal: context.signal })
  context.progress({ phase: 'write', done: 2, total: 3 })
  const files = new FileDrop(context.dataDir)
  const slot = files.reserve('exports', safeFileName(`${request.fileName.replace(/\.[^.]+$/, '')} predictions.csv`))
  try {
    await writePredictionsCsv(slot.path, predictions, { signal: context.signal })
  } catch (error) {
    files.discard('exports', slot.id)
    throw error
  }
  const download: Download = { downloadId: slot.id, fileName: slot.fileName, size: fs.statSync(slot.path).size }
  return { ok: true, download, nPredicted: predictions.nPredicted, nObserved: predictions.nObserved, unknownColumns: read.unknownColumns, report: read.report }
}
