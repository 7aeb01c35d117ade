import { ByteLabelIndex } from './byte-labels.js'
import { fieldText, startsVisible } from './byte-records.js'
import { allowsSimpleDecimals, inRange, readTime, readValue, type ValueRules } from './cell-values.js'
import { columnLabel, resolveColumn } from './columns.js'
import { EntryBuffer, finalizeEntries, LabelIndex } from './entry-buffer.js'
import { parseSimpleDecimal } from './simple-decimal.js'
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
  const rowBytes = new ByteLabelIndex(rowIndex)
  const colBytes = new ByteLabelIndex(colIndex)
  const simpleDecimals = allowsSimpleDecimals(rules)

  /** The value and time of a record whose keys are good. */
  const addCell = (r: number, c: number, raw: string, rawTime: string, line: number): void => {
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
    entries.push(r, c, cell.value, line, timeIdx >= 0 ? readCellTime(rawTime, line) : NaN)
  }

  const readCellTime = (rawTime: string, line: number): number => {
    const t = readTime(rawTime, rules.missing)
    if (t !== undefined) return t
    issues.add('bad-time', line, timeName, rawTime)
    return NaN
  }

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
      addCell(r, c, fields[valIdx] ?? '', timeIdx >= 0 ? (fields[timeIdx] ?? '') : '', line)
    },
    addBytes(record) {
      // The common record: right width, visible keys. Anything else goes through add.
      const { bytes, starts, ends, line } = record
      if (record.count !== width) return false
      const ks = starts[keyIdx]!
      const ke = ends[keyIdx]!
      const cs = starts[colIdx]!
      const ce = ends[colIdx]!
      if (!startsVisible(bytes, ks, ke) || !startsVisible(bytes, cs, ce)) return false
      dataRows++
      cellsRead++
      const r = rowBytes.indexOf(bytes, ks, ke)
      const c = colBytes.indexOf(bytes, cs, ce)
      const value = simpleDecimals ? parseSimpleDecimal(bytes, starts[valIdx]!, ends[valIdx]!) : NaN
      if (Number.isNaN(value) || !inRange(value, rules)) {
        addCell(r, c, fieldText(record, valIdx), timeIdx >= 0 ? fieldText(record, timeIdx) : '', line)
      } else {
        entries.push(r, c, value, line, timeIdx >= 0 ? readCellTime(fieldText(record, timeIdx), line) : NaN)
      }
      return true
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
