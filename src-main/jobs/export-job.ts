import fs from 'node:fs'
import type { Download } from '../contract/download.js'
import { exportBaseName, writeExport } from '../core/export/write-export.js'
import { ExportRefusal } from '../core/export/refusal.js'
import { chooseNnmfEngine } from '../core/models/nnmf/choose-engine.js'
import { FileDrop } from '../platform/file-drop.js'
import type { JobRunner } from './runners.js'

/** Writes one export into the data folder's exports and hands it back as a Download. */
export const runExportJob: JobRunner<'export'> = async (request, context) => {
  context.progress({ phase: 'export', done: 0, total: 1 })
  // A slash in a dataset or pilot name is part of the name, not a folder: keep it visible as '_'.
  const files = new FileDrop(context.dataDir)
  const slot = files.reserve('exports', exportBaseName(context.db, request).replace(/[\\/]/g, '_'))
  try {
    await writeExport(context.db, request, slot.path, {
      nnmfEngine: async () => (await chooseNnmfEngine('auto')).factory,
      signal: context.signal,
    })
  } catch (error) {
    // The writers leave no partial file; the empty slot would otherwise stay until retention.
    files.discard('exports', slot.id)
    // A refusal is an answer, not a crash: its code goes to the renderer, which words it.
    if (error instanceof ExportRefusal) return { refused: { code: error.code, params: error.params } }
    throw error
  }
  context.progress({ phase: 'export', done: 1, total: 1 })
  const download: Download = { downloadId: slot.id, fileName: slot.fileName, size: fs.statSync(slot.path).size }
  return download
}
