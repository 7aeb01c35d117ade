import { recordTexts } from './byte-records.js'
import type { ValueRules } from './cell-values.js'
import { columnLabel } from './columns.js'
import type { ImportControl } from './control.js'
import { guessLayout } from './layout-guess.js'
import { createLongBuilder } from './long-builder.js'
import type { ResolvedImportOptions } from './options.js'
import { ImportError, type IssueCollector } from './report.js'
import type { OpenedSource } from './source.js'
import { isBlankRecord, type BuiltTable, type TableBuilder } from './table.js'
import { createWideBuilder } from './wide-builder.js'

const GUESS_ROWS = 20

export interface ReadTable {
  table: BuiltTable
  layout: 'wide' | 'long'
  /** The mapping actually used (the guess filled in where the options left a choice open). */
  options: ResolvedImportOptions
  header: string[]
}

/**
 * Reads all records into a matrix: the first non-blank record is the header; with layout 'auto'
 * the first rows are held back until the layout is guessed, then replayed.
 */
export async function buildTable(
  source: OpenedSource,
  options: ResolvedImportOptions,
  rules: ValueRules,
  issues: IssueCollector,
  control: ImportControl,
  file: string,
): Promise<ReadTable> {
  let header: string[] | undefined
  let headerLine = 0
  let builder: TableBuilder | undefined
  let resolved = options
  let dataRecords = 0
  const held: { fields: string[]; line: number }[] = []

  const startBuilder = (): void => {
    if (!header) return
    if (resolved.layout === 'auto') {
      const guess = guessLayout(
        header,
        held.map((h) => h.fields),
      )
      resolved = {
        ...resolved,
        layout: guess.layout,
        ...(guess.layout === 'long' && resolved.timeColumn === undefined && guess.timeColumn !== undefined ? { timeColumn: guess.timeColumn } : {}),
      }
    }
    // A guessed layout also guesses whether a wide file's row labels are times; a chosen one says so itself.
    builder =
      resolved.layout === 'long'
        ? createLongBuilder(header, resolved, rules, issues, source.kind, file)
        : createWideBuilder(header, headerLine, resolved, rules, issues, source.kind, file, options.layout === 'auto')
    for (const h of held.splice(0)) builder.add(h.fields, h.line)
  }

  const onRecord = (fields: string[], line: number): void => {
    if (!header) {
      if (isBlankRecord(fields)) return
      header = [...fields]
      headerLine = line
      return
    }
    if (!isBlankRecord(fields)) dataRecords++
    if (builder) builder.add(fields, line)
    else {
      held.push({ fields: [...fields], line })
      if (options.layout !== 'auto' || held.length >= GUESS_ROWS) startBuilder()
    }
  }
  if (source.readBytes) {
    // Records the builder cannot take as bytes (header, held rows, anything unusual) go the text way.
    await source.readBytes((record) => {
      if (builder?.addBytes?.(record)) dataRecords++
      else onRecord(recordTexts(record), record.line)
    }, control)
  } else {
    await source.read(onRecord, control, (i) => (header ? columnLabel(header, i) : `#${i + 1}`))
  }
  if (!header) throw new ImportError('empty-file', file, 'The file contains no data (only blank rows).')
  if (dataRecords === 0) throw new ImportError('header-only', file, 'The file has a header row but no data rows.', headerLine)
  if (!builder) startBuilder()
  const layout = resolved.layout === 'long' ? 'long' : 'wide'
  const table = builder!.finish()
  // Row labels found to be times are recorded as the time column, so the import can be repeated exactly.
  if (layout === 'wide' && table.matrix.times && resolved.timeColumn === undefined) resolved = { ...resolved, timeColumn: resolved.keyColumn ?? 0 }
  return { table, layout, options: resolved, header }
}
