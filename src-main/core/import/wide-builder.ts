import { ByteLabelIndex } from './byte-labels.js'
import { fieldText, startsVisible } from './byte-records.js'
import { allowsSimpleDecimals, inRange, readValue, type ValueRules } from './cell-values.js'
import { columnLabel, resolveColumn } from './columns.js'
import { EntryBuffer, finalizeEntries, LabelIndex } from './entry-buffer.js'
import { parseSimpleDecimal } from './simple-decimal.js'
import type { ResolvedImportOptions } from './options.js'
import { ImportError, type IssueCollector } from './report.js'
import { entryTimes, labelTimes, requiredLabelTimes } from './row-times.js'
import { isBlank, isBlankRecord, type SourceKind, type TableBuilder } from './table.js'

/**
 * Wide layout: one row per row key, one header column per column key. Column keys come from the
 * header (every column but the key column), so they are fixed up front and must be unique.
 * The row labels are times when options.timeColumn names the key column, or, with
 * `detectRowTimes`, when every label turns out to be a date (see row-times.ts).
 */
export function createWideBuilder(
  header: string[],
  headerLine: number,
  options: ResolvedImportOptions,
  rules: ValueRules,
  issues: IssueCollector,
  source: SourceKind,
  file: string,
  detectRowTimes = false,
): TableBuilder {
  const keyIdx = resolveColumn(options.keyColumn ?? 0, header, 'row key', file)
  const timeIdx = options.timeColumn === undefined ? -1 : resolveColumn(options.timeColumn, header, 'time', file)
  if (timeIdx >= 0 && timeIdx !== keyIdx) {
    throw new ImportError('invalid-options', file, 'In the wide layout only the row key column can hold the times (one time per row).')
  }
  const dataIdx: number[] = []
  const colLabels: string[] = []
  const seen = new Set<string>()
  header.forEach((label, j) => {
    if (j === keyIdx) return
    if (label.trim() === '') {
      throw new ImportError('blank-header', file, `Column #${j + 1} has no name in the header.`, headerLine, `#${j + 1}`)
    }
    if (seen.has(label)) {
      throw new ImportError('duplicate-column', file, `The header names column "${label}" twice.`, headerLine, label)
    }
    seen.add(label)
    dataIdx.push(j)
    colLabels.push(label)
  })
  const keyName = columnLabel(header, keyIdx)
  const width = header.length
  const rowIndex = new LabelIndex()
  /** The line where each row label first appears, for an unreadable time's issue. */
  const firstLines: number[] = []
  const entries = new EntryBuffer(false)
  const bad = options.badCellPolicy
  let dataRows = 0
  let blankRows = 0
  let cellsRead = 0
  let missingCells = 0
  const rowBytes = new ByteLabelIndex(rowIndex)
  const simpleDecimals = allowsSimpleDecimals(rules)

  const addCell = (r: number, c: number, raw: string, line: number): void => {
    const cell = readValue(raw, rules)
    if (cell.kind === 'value') entries.push(r, c, cell.value, line)
    else if (cell.kind === 'missing') missingCells++
    else {
      issues.add(cell.reason, line, colLabels[c]!, raw)
      if (bad === 'missing') missingCells++
    }
  }

  return {
    add(fields, line) {
      if (isBlankRecord(fields)) {
        blankRows++
        return
      }
      // XLSX rows end at their last non-empty cell, so a short row there is normal; in text a
      // short or long row means the fields no longer line up with the header.
      const short = fields.length < width && source === 'xlsx'
      if (fields.length !== width && !(short || (source === 'xlsx' && isBlankRecord(fields.slice(width))))) {
        issues.add('ragged-row', line, '', String(fields.length))
        return
      }
      const key = fields[keyIdx] ?? ''
      if (isBlank(key)) {
        issues.add('missing-key', line, keyName, key)
        return
      }
      dataRows++
      const r = rowIndex.indexOf(key)
      if (r === firstLines.length) firstLines.push(line)
      for (let c = 0; c < dataIdx.length; c++) {
        cellsRead++
        addCell(r, c, fields[dataIdx[c]!] ?? '', line)
      }
    },
    addBytes(record) {
      // The common record: right width, visible key. Anything else goes through add; odd cells
      // (missing tokens, bad numbers, exponents) go through readValue as text.
      const { bytes, starts, ends, line } = record
      if (record.count !== width) return false
      const ks = starts[keyIdx]!
      const ke = ends[keyIdx]!
      if (!startsVisible(bytes, ks, ke)) return false
      dataRows++
      const r = rowBytes.indexOf(bytes, ks, ke)
      if (r === firstLines.length) firstLines.push(line)
      for (let c = 0; c < dataIdx.length; c++) {
        const j = dataIdx[c]!
        cellsRead++
        const value = simpleDecimals ? parseSimpleDecimal(bytes, starts[j]!, ends[j]!) : NaN
        if (!Number.isNaN(value) && inRange(value, rules)) entries.push(r, c, value, line)
        else addCell(r, c, fieldText(record, j), line)
      }
      return true
    },
    finish() {
      const { matrix, duplicatesMerged } = finalizeEntries(entries, rowIndex.size, colLabels.length, options.duplicatePolicy, issues, colLabels)
      const rowLabels = rowIndex.labels
      const rowTimes =
        timeIdx >= 0 ? requiredLabelTimes(rowLabels, firstLines, rules.missing, issues, keyName) : detectRowTimes ? labelTimes(rowLabels) : undefined
      return {
        rowLabels,
        colLabels,
        matrix: rowTimes ? { ...matrix, times: entryTimes(matrix.rows, rowTimes) } : matrix,
        stats: { dataRows, blankRows, cellsRead, missingCells, duplicatesMerged },
      }
    },
  }
}
