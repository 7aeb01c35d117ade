import { readTime, readValue, type ValueRules } from './cell-values.js'
import { columnLabel, resolveColumn } from './columns.js'
import { EntryBuffer, finalizeEntries, LabelIndex } from './entry-buffer.js'
import type { ResolvedImportOptions } from './options.js'
import { ImportError, type IssueCollector } from './report.js'
import { isBlank, isBlankRecord, type SourceKind, type TableBuilder } from './table.js'

/** Long layout: one record per observed cell (row key, column key, value, optional time). */
export function createLongBuilder(
  header: string[],
  options: ResolvedImportOptions,
  rules: ValueRules,
  issues: IssueCollector,
  source: SourceKind,
  file: string,
): TableBuilder {
  const keyIdx = resolveColumn(options.keyColumn ?? 0, header, 'row key', file)
  const colIdx = resolveColumn(options.columnColumn ?? 1, header, 'column key', file)
  const valIdx = resolveColumn(options.valueColumn ?? 2, header, 'value', file)
  const timeIdx = options.timeColumn === undefined ? -1 : resolveColumn(options.timeColumn, header, 'time', file)
  const used = [keyIdx, colIdx, valIdx, ...(timeIdx >= 0 ? [timeIdx] : [])]
  if (new Set(used).size !== used.length) {
    throw new ImportError('invalid-options', file, 'The row key, column key, value and time columns must be different columns.')
  }
  const keyName = columnLabel(header, keyIdx)
  const colName = columnLabel(header, colIdx)
  const valName = columnLabel(header, valIdx)
  const timeName = timeIdx >= 0 ? columnLabel(header, timeIdx) : ''
  const width = header.length
  const rowIndex = new LabelIndex()
  const colIndex = new LabelIndex()
  const entries = new EntryBuffer(timeIdx >= 0)
  const bad = options.badCellPolicy
  let dataRows = 0
  let blankRows = 0
  let cellsRead = 0
  let missingCells = 0

  return {
    add(fields, line) {
      if (isBlankRecord(fields)) {
        blankRows++
        return
      }
      const tolerated = source === 'xlsx' && (fields.length < width || isBlankRecord(fields.slice(width)))
      if (fields.length !== width && !tolerated) {
        issues.add('ragged-row', line, '', String(fields.length))
        return
      }
      const rowKey = fields[keyIdx] ?? ''
      const colKey = fields[colIdx] ?? ''
      if (isBlank(rowKey) || isBlank(colKey)) {
        issues.add('missing-key', line, isBlank(rowKey) ? keyName : colName, '')
        return
      }
      dataRows++
      cellsRead++
      const r = rowIndex.indexOf(rowKey)
      const c = colIndex.indexOf(colKey)
      const raw = fields[valIdx] ?? ''
      const cell = readValue(raw, rules)
      if (cell.kind === 'missing') {
        missingCells++
        return
      }
      if (cell.kind === 'bad') {
        issues.add(cell.reason, line, valName, raw)
        if (bad === 'missing') missingCells++
        return
      }
      let time = NaN
      if (timeIdx >= 0) {
        const rawTime = fields[timeIdx] ?? ''
        const t = readTime(rawTime, rules.missing)
        if (t === undefined) issues.add('bad-time', line, timeName, rawTime)
        else time = t
      }
      entries.push(r, c, cell.value, line, time)
    },
    finish() {
      const { matrix, duplicatesMerged } = finalizeEntries(entries, rowIndex.size, colIndex.size, options.duplicatePolicy, issues, colIndex.labels)
      return {
        rowLabels: rowIndex.labels,
        colLabels: colIndex.labels,
        matrix,
        stats: { dataRows, blankRows, cellsRead, missingCells, duplicatesMerged },
      }
    },
  }
}
