import path from 'node:path'
import { ImportError, parseFile, type ImportControl, type ImportOptions, type ImportReport, type SourceInfo } from '../import/index.js'
import type { SparseMatrix } from '../matrix/sparse.js'

/** New rows over a model's columns: matrix column j is the model's column j. */
export interface NewRows {
  rowLabels: string[]
  /** The model's column labels (all of them, in the model's order). */
  columnLabels: string[]
  matrix: SparseMatrix
}

export interface ReadNewRowsSuccess {
  ok: true
  rows: NewRows
  /** Columns of the file the model does not know; their cells are ignored. */
  unknownColumns: string[]
  /** How many of the model's columns the file does not have (fine: they are predicted). */
  absentColumns: number
  report: ImportReport
  source: SourceInfo
  layout: 'wide' | 'long'
}

export interface ReadNewRowsRejected {
  ok: false
  /** Columns of the file the model does not know, named even when bad cells rejected the file. */
  unknownColumns: string[]
  report: ImportReport
  source: SourceInfo
  layout: 'wide' | 'long'
}

export type ReadNewRowsResult = ReadNewRowsSuccess | ReadNewRowsRejected

/**
 * Reads a file of new rows for a saved model without writing anything: the file is parsed and
 * validated exactly like an import (same options, ImportError and report), then its columns are
 * matched to the model's by label (exactly, else ignoring surrounding spaces, as import options
 * match header names). Unknown columns are reported and dropped; absent ones are simply predicted.
 */
export async function readNewRows(
  filePath: string,
  importOptions: ImportOptions | undefined,
  columnLabels: readonly string[],
  control: ImportControl = {},
): Promise<ReadNewRowsResult> {
  const file = path.basename(filePath)
  const parsed = await parseFile(filePath, importOptions, control)
  if (!parsed.ok) {
    const mapping = mapColumns(parsed.colLabels, columnLabels, file)
    return {
      ok: false,
      unknownColumns: parsed.colLabels.filter((_, j) => mapping[j] === -1),
      report: parsed.report,
      source: parsed.source,
      layout: parsed.layout,
    }
  }
  const { table } = parsed
  const mapping = mapColumns(table.colLabels, columnLabels, file)
  const unknownColumns = table.colLabels.filter((_, j) => mapping[j] === -1)
  const known = new Set(mapping.filter((c) => c >= 0))
  if (known.size === 0) {
    const sample = columnLabels
      .slice(0, 3)
      .map((c) => `"${c}"`)
      .join(', ')
    throw new ImportError(
      'no-data',
      file,
      `None of the file's columns is a column of the model (the model's columns are ${sample}${columnLabels.length > 3 ? ', …' : ''}).`,
    )
  }
  if (table.matrix.nRows === 0) throw new ImportError('no-data', file, 'After validation no row is left.')

  const src = table.matrix
  let n = 0
  for (let e = 0; e < src.values.length; e++) if (mapping[src.cols[e]!]! >= 0) n++
  const rows = new Int32Array(n)
  const cols = new Int32Array(n)
  const values = new Float64Array(n)
  for (let e = 0, k = 0; e < src.values.length; e++) {
    const c = mapping[src.cols[e]!]!
    if (c < 0) continue
    rows[k] = src.rows[e]!
    cols[k] = c
    values[k] = src.values[e]!
    k++
  }
  return {
    ok: true,
    rows: { rowLabels: table.rowLabels, columnLabels: [...columnLabels], matrix: { nRows: src.nRows, nCols: columnLabels.length, rows, cols, values } },
    unknownColumns,
    absentColumns: columnLabels.length - known.size,
    report: parsed.report,
    source: parsed.source,
    layout: parsed.layout,
  }
}

/** For each file column, the model column it is (or −1). Two file columns on one model column is an error. */
function mapColumns(fileColumns: readonly string[], modelColumns: readonly string[], file: string): number[] {
  const exact = new Map(modelColumns.map((label, j) => [label, j]))
  const trimmed = new Map<string, number>()
  modelColumns.forEach((label, j) => {
    const key = label.trim()
    if (!trimmed.has(key)) trimmed.set(key, j)
  })
  const taken = new Map<number, string>()
  return fileColumns.map((label) => {
    const j = exact.get(label) ?? trimmed.get(label.trim()) ?? -1
    if (j >= 0) {
      const other = taken.get(j)
      if (other !== undefined) {
        throw new ImportError('duplicate-column', file, `Columns "${other}" and "${label}" are both the model's column "${modelColumns[j]}".`, undefined, label)
      }
      taken.set(j, label)
    }
    return j
  })
}
