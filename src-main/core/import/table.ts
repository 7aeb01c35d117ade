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

export function isBlankRecord(fields: readonly string[]): boolean {
  for (const f of fields) if (f.trim() !== '') return false
  return true
}
