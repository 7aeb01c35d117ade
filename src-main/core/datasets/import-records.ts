import { CELL_REASONS } from '../import/report.js'
import type { Db } from '../store/open.js'

/** What the browser shows of one import: the file, how it was read, and what was treated as missing. */
export interface ImportRecordView {
  fileName: string
  fileSize: number
  sha256: string
  startedAt: string
  finishedAt: string
  /** How the file was read; fields the record does not have are null. */
  source: {
    format: string | null
    encoding: string | null
    bom: boolean | null
    delimiter: string | null
    sheet: string | null
  }
  /** The mapping and policies applied. */
  settings: {
    layout: string | null
    valueKind: string | null
    missingTokens: string[] | null
    duplicatePolicy: string | null
    badCellPolicy: string | null
    range: { min: number; max: number } | null
    /** The row key column (the first when the record does not say); null when the layout is unknown. */
    keyColumn: ImportColumnView | null
    /** The column read as times (a wide file's key column when its labels are dates); null when none. */
    timeColumn: ImportColumnView | null
  }
  /** Bad cells per reason (e.g. not-a-number: 3); with policy "missing" these were stored as missing. */
  badCells: Record<string, number>
  /** Read statistics stored under "stats." (e.g. lines, rows read). */
  readStats: Record<string, number>
  /** The first issues kept with the record (at most ISSUES_SHOWN), and how many were kept in all. */
  issues: { reason: string; line: number; column: string; raw: string }[]
  issuesStored: number
}

/** A column of the imported file: its 0-based position, its header name, or both when known. */
export interface ImportColumnView {
  index: number | null
  name: string | null
}

export const ISSUES_SHOWN = 20

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null)

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

/**
 * A stored column choice (a 0-based position or a header name) with the header name the import
 * kept for it in `columnNames`; records from before those names were kept have positions only.
 */
function describeColumn(ref: unknown, storedName: unknown): ImportColumnView | null {
  if (typeof ref === 'string' && ref !== '') return { index: null, name: ref }
  if (typeof ref === 'number' && Number.isInteger(ref) && ref >= 0) return { index: ref, name: str(storedName) }
  return null
}

/**
 * Turns the stored options (the import core's resolved options plus `detected`, the source as
 * read, and `columnNames`, the key and time columns' header names) into plain typed fields.
 * Records are JSON written by whichever version imported them, so every field is read
 * defensively rather than trusted.
 */
export function describeImportOptions(options: unknown): Pick<ImportRecordView, 'source' | 'settings'> {
  const o = isRecord(options) ? options : {}
  const detected = isRecord(o.detected) ? o.detected : {}
  const names = isRecord(o.columnNames) ? o.columnNames : {}
  const layout = str(o.layout)
  // The importer reads the first column as the row key unless told otherwise.
  const keyRef = o.keyColumn === undefined && (layout === 'wide' || layout === 'long') ? 0 : o.keyColumn
  const range = isRecord(o.range) && typeof o.range.min === 'number' && typeof o.range.max === 'number' ? { min: o.range.min, max: o.range.max } : null
  return {
    source: {
      format: str(detected.format),
      encoding: str(detected.encoding),
      bom: bool(detected.bom),
      delimiter: str(detected.delimiter),
      sheet: str(detected.sheet),
    },
    settings: {
      layout,
      valueKind: str(o.valueKind),
      missingTokens: Array.isArray(o.missingTokens) ? o.missingTokens.filter((t): t is string => typeof t === 'string') : null,
      duplicatePolicy: str(o.duplicatePolicy),
      badCellPolicy: str(o.badCellPolicy),
      range,
      keyColumn: describeColumn(keyRef, names.keyColumn),
      timeColumn: describeColumn(o.timeColumn, names.timeColumn),
    },
  }
}

const REASONS: ReadonlySet<string> = new Set(CELL_REASONS)

/**
 * Splits the stored counts into bad cells per reason (the import's cell reasons) and read
 * statistics ("stats." keys); anything else is not a count the browser knows how to show.
 */
export function splitCounts(counts: unknown): { badCells: Record<string, number>; readStats: Record<string, number> } {
  const badCells: Record<string, number> = {}
  const readStats: Record<string, number> = {}
  if (isRecord(counts)) {
    for (const [key, value] of Object.entries(counts)) {
      if (typeof value !== 'number') continue
      if (key.startsWith('stats.')) readStats[key.slice('stats.'.length)] = value
      else if (REASONS.has(key)) badCells[key] = value
    }
  }
  return { badCells, readStats }
}

function describeIssues(issues: unknown): ImportRecordView['issues'] {
  if (!Array.isArray(issues)) return []
  return issues
    .slice(0, ISSUES_SHOWN)
    .filter(isRecord)
    .map((i) => ({
      reason: str(i.reason) ?? '',
      line: typeof i.line === 'number' ? i.line : 0,
      column: str(i.column) ?? '',
      raw: str(i.raw) ?? '',
    }))
}

interface ImportRow {
  file_name: string
  file_size: number
  sha256: string
  options_json: string
  counts_json: string
  issues_json: string
  started_at: string
  finished_at: string
}

/** The import records of a dataset, oldest first. */
export function importRecords(db: Db, datasetId: number): ImportRecordView[] {
  const rows = db
    .prepare(
      `SELECT file_name, file_size, sha256, options_json, counts_json, issues_json, started_at, finished_at
       FROM imports WHERE dataset_id = ? ORDER BY id`,
    )
    .all(datasetId) as ImportRow[]
  return rows.map((row) => {
    const issues = parseJson(row.issues_json)
    return {
      fileName: row.file_name,
      fileSize: row.file_size,
      sha256: row.sha256,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      ...describeImportOptions(parseJson(row.options_json)),
      ...splitCounts(parseJson(row.counts_json)),
      issues: describeIssues(issues),
      issuesStored: Array.isArray(issues) ? issues.length : 0,
    }
  })
}
