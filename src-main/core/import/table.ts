import type { SparseMatrix } from '../matrix/sparse.js'

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
