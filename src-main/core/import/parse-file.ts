import fs from 'node:fs/promises'
import path from 'node:path'
import { buildTable } from './build-table.js'
import { checkpoint, throwIfCancelled, type ImportControl } from './control.js'
import { parseImportOptions } from './import-file.js'
import type { ImportOptions } from './options.js'
import { ImportError, IssueCollector, type ImportReport } from './report.js'
import { openSource, type SourceInfo } from './source.js'
import type { BuiltTable } from './table.js'

/** A file read and validated exactly like an import, with nothing written anywhere. */
export interface ParseSuccess {
  ok: true
  table: BuiltTable
  /** The header row as read (for mapping columns by name). */
  header: string[]
  report: ImportReport
  source: SourceInfo
  layout: 'wide' | 'long'
}

/** badCellPolicy 'abort' and at least one bad cell. */
export interface ParseRejected {
  ok: false
  /** The table's column labels, so a caller can still say which columns it would not know. */
  colLabels: string[]
  report: ImportReport
  source: SourceInfo
  layout: 'wide' | 'long'
}

export type ParseResult = ParseSuccess | ParseRejected

/**
 * The parse-only half of importFile: same options, same cell rules, same ImportError and report,
 * but the table comes back instead of going into the store. Used to read new rows for a saved
 * model (core/reuse), where writing a dataset would be wrong.
 */
export async function parseFile(filePath: string, options?: ImportOptions, control: ImportControl = {}): Promise<ParseResult> {
  const file = path.basename(filePath)
  const resolved = parseImportOptions(options, file)
  throwIfCancelled(control, file)
  control.onProgress?.({ phase: 'read', done: 0, total: 1 })
  let bytes: Buffer
  try {
    bytes = await fs.readFile(filePath, control.signal ? { signal: control.signal } : {})
  } catch (error) {
    if (control.signal?.aborted) throw new ImportError('cancelled', file, 'The read was cancelled.')
    throw new ImportError('file-unreadable', file, `Cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`)
  }
  control.onProgress?.({ phase: 'read', done: 1, total: 1 })
  await checkpoint(control, file)
  const source = await openSource(bytes, resolved, file)
  const issues = new IssueCollector()
  const rules = { missing: new Set(resolved.missingTokens.map((t) => t.trim())), valueKind: resolved.valueKind, range: resolved.range }
  const { table, layout, header } = await buildTable(source, resolved, rules, issues, control, file)
  const report = issues.report()
  if (report.totalIssues > 0 && resolved.badCellPolicy === 'abort') return { ok: false, colLabels: table.colLabels, report, source: source.info, layout }
  return { ok: true, table, header, report, source: source.info, layout }
}
