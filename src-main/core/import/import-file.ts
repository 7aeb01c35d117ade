import fs from 'node:fs/promises'
import path from 'node:path'
import { writeDatasetAsync } from '../store/datasets.js'
import type { Db } from '../store/open.js'
import { buildTable } from './build-table.js'
import { keyAndTimeNames } from './columns.js'
import { checkpoint, throwIfCancelled, type ImportControl } from './control.js'
import { sha256Hex } from './file-hash.js'
import { importOptionsSchema, type ImportOptions, type ResolvedImportOptions } from './options.js'
import { ImportError, IssueCollector, type CellReason, type ImportReport } from './report.js'
import { openSource, type SourceInfo } from './source.js'
import type { ReadStats } from './table.js'

export interface ImportSuccess {
  ok: true
  datasetId: number
  /** Issues per reason; with badCellPolicy 'missing' these cells were stored as missing. */
  counts: Partial<Record<CellReason, number>>
  report: ImportReport
  stats: ReadStats & { nRows: number; nCols: number; nObserved: number }
  source: SourceInfo
  layout: 'wide' | 'long'
}

/** badCellPolicy 'abort' and at least one bad cell: nothing was written. */
export interface ImportRejected {
  ok: false
  report: ImportReport
  source: SourceInfo
  layout: 'wide' | 'long'
}

export type ImportResult = ImportSuccess | ImportRejected

/** Validates import options; a bad option is an ImportError with code 'invalid-options'. */
export function parseImportOptions(options: ImportOptions | undefined, file: string): ResolvedImportOptions {
  const parsed = importOptionsSchema.safeParse(options ?? {})
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; ')
    throw new ImportError('invalid-options', file, `Invalid import options: ${detail}`)
  }
  return parsed.data
}

async function readFileBytes(filePath: string, file: string, signal: AbortSignal | undefined): Promise<Buffer> {
  try {
    return await fs.readFile(filePath, signal ? { signal } : {})
  } catch (error) {
    if (signal?.aborted) throw new ImportError('cancelled', file, 'The import was cancelled; nothing was stored.')
    throw new ImportError('file-unreadable', file, `Cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`)
  }
}

/**
 * Imports a CSV, TSV or XLSX file into the store as one dataset, all or nothing. File-level
 * problems and a cancel throw ImportError; bad cells either reject the import (the report comes
 * back, nothing is written) or become missing (the counts are stored with the import record).
 */
export async function importFile(db: Db, filePath: string, options?: ImportOptions, control: ImportControl = {}): Promise<ImportResult> {
  const file = path.basename(filePath)
  const startedAt = new Date().toISOString()
  const resolved = parseImportOptions(options, file)
  throwIfCancelled(control, file)
  control.onProgress?.({ phase: 'read', done: 0, total: 1 })
  const bytes = await readFileBytes(filePath, file, control.signal)
  const sha256 = await sha256Hex(bytes, control, file)
  control.onProgress?.({ phase: 'read', done: 1, total: 1 })
  await checkpoint(control, file)

  const source = await openSource(bytes, resolved, file)
  const issues = new IssueCollector()
  const missing = new Set(resolved.missingTokens.map((t) => t.trim()))
  const rules = { missing, valueKind: resolved.valueKind, range: resolved.range }
  const { table, layout, options: used, header } = await buildTable(source, resolved, rules, issues, control, file)
  const report = issues.report()
  if (report.totalIssues > 0 && resolved.badCellPolicy === 'abort') {
    return { ok: false, report, source: source.info, layout }
  }
  const { matrix } = table
  if (matrix.nRows === 0 || matrix.nCols === 0) {
    throw new ImportError('no-data', file, `After validation no ${matrix.nRows === 0 ? 'row' : 'column'} is left to import.`)
  }
  await checkpoint(control, file)

  const stats = { ...table.stats, nRows: matrix.nRows, nCols: matrix.nCols, nObserved: matrix.values.length }
  const name = resolved.name ?? (path.basename(filePath, path.extname(filePath)) || file)
  let datasetId: number
  try {
    datasetId = await writeDatasetAsync(
      db,
      {
        name,
        valueKind: resolved.valueKind,
        layout,
        rowLabels: table.rowLabels,
        colLabels: table.colLabels,
        matrix,
        provenance: {
          fileName: file,
          fileSize: bytes.length,
          sha256,
          // The options as applied, with what was detected, so the import can be repeated exactly,
          // and the header names of the key and time columns, for the dataset page's record.
          options: { ...used, layout, detected: source.info, columnNames: keyAndTimeNames(used, header) },
          counts: { ...report.counts, ...prefixed(stats) },
          issues: report.issues,
          startedAt,
        },
      },
      {
        ...(control.signal ? { signal: control.signal } : {}),
        onProgress: (p) => control.onProgress?.({ phase: 'write', done: p.done, total: p.total }),
      },
    )
  } catch (error) {
    if (control.signal?.aborted) throw new ImportError('cancelled', file, 'The import was cancelled; nothing was stored.')
    throw error
  }
  return { ok: true, datasetId, counts: report.counts, report, stats, source: source.info, layout }
}

/** Read statistics go into the stored counts under a "stats." prefix, apart from issue reasons. */
function prefixed(stats: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(stats).map(([k, v]) => [`stats.${k}`, v]))
}
