import { importFile } from '../core/import/index.js'
import type { JobRunner } from './runners.js'

/** Runs one import in the job process; the core does the transaction, this only relays progress. */
export const runImportJob: JobRunner<'import'> = async ({ filePath, options }, context) => {
  const result = await importFile(context.db, filePath, options, {
    signal: context.signal,
    onProgress: ({ phase, done, total }) => context.progress({ phase, done, total }),
  })
  // Only what the renderer needs crosses back; the full record is in the store.
  return result.ok ? { ok: true, datasetId: result.datasetId, report: result.report, stats: { ...result.stats } } : { ok: false, report: result.report }
}
