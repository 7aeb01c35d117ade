import type { SparseMatrix } from '../matrix/sparse.js'
import type { ByteRecord } from './byte-records.js'

/** Where records come from: delimited text and XLSX differ in how short rows are read. */
export type SourceKind = 'delimited' | 'xlsx'

/** Figures about the read that are not issues, kept in the import record so nothing is silent. */
export interface ReadStats {
  dataRows: number
  blankRows: number
  cellsRead: number
  missingCells: number
  duplicatesMerged: number
}

export interface BuiltTable {
  rowLabels: string[]
  colLabels: string[]
  matrix: SparseMatrix
  stats: ReadStats
}

/** Turns records (after the header) into a matrix. */
export interface TableBuilder {
  add(fields: string[], line: number): void
  /**
   * The fast path for a record read as bytes: returns false, having done nothing, when the record
   * needs the general path (then it comes again through add as text); true when it was taken in,
   * exactly as add would have, and is a non-blank data record.
   */
  addBytes?(record: ByteRecord): boolean
  finish(): BuiltTable
}

/** True for '' or only white space; decides from the first character when it is plain ASCII. */
export function isBlank(text: string): boolean {
  if (text.length === 0) return true
  const c = text.charCodeAt(0)
  if (c > 32 && c < 127) return false
  return text.trim() === ''
}

export function isBlankRecord(fields: readonly string[]): boolean {
  for (let i = 0; i < fields.length; i++) if (!isBlank(fields[i]!)) return false
  return true
}
