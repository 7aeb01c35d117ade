import path from 'node:path'
import type { ImportControl } from './control.js'
import { decodeText, type TextEncoding } from './decode.js'
import { readDelimited, type RecordSink } from './delimited-reader.js'
import { detectDelimiter } from './delimiter.js'
import { DELIMITERS, type DelimiterName, type ResolvedImportOptions } from './options.js'
import { ImportError } from './report.js'
import type { SourceKind } from './table.js'
import { loadWorkbook, looksLikeZip, pickSheet, readSheet, sheetNames } from './xlsx-reader.js'

/** What was detected (or forced) about a file: shown by the preview, stored with the import. */
export interface SourceInfo {
  format: 'csv' | 'tsv' | 'xlsx'
  encoding: TextEncoding | null
  bom: boolean
  delimiter: DelimiterName | null
  sheets: string[] | null
  sheet: string | null
}

export interface OpenedSource {
  info: SourceInfo
  kind: SourceKind
  /** Number of physical lines (text) or sheet rows (XLSX); computed on demand. */
  lineCount(): number
  read(sink: RecordSink, control: ImportControl, columnName?: (index: number) => string): Promise<void>
}

type SourceOptions = Pick<ResolvedImportOptions, 'format' | 'encoding' | 'delimiter' | 'sheet'>

/** Decides the format, decodes or unzips the bytes and returns a record reader. */
export async function openSource(bytes: Uint8Array, options: SourceOptions, file: string, parser: 'auto' | 'csv-parse' = 'auto'): Promise<OpenedSource> {
  const name = path.basename(file)
  const isXlsx = options.format === 'xlsx' || (options.format === 'auto' && (looksLikeZip(bytes) || /\.xlsx$/i.test(file)))
  if (bytes.length === 0) throw new ImportError('empty-file', name, 'The file is empty.')
  if (isXlsx) {
    const workbook = await loadWorkbook(bytes, name)
    const sheet = pickSheet(workbook, options.sheet, name)
    if (sheet.actualRowCount === 0) throw new ImportError('empty-file', name, `The sheet "${sheet.name}" is empty.`)
    return {
      info: { format: 'xlsx', encoding: null, bom: false, delimiter: null, sheets: sheetNames(workbook), sheet: sheet.name },
      kind: 'xlsx',
      lineCount: () => sheet.rowCount,
      read: (sink, control) => readSheet(sheet, sink, control, name),
    }
  }
  const { text, encoding, bom } = decodeText(bytes, options.encoding, name)
  if (text.trim() === '') throw new ImportError('empty-file', name, 'The file contains no data (only blank lines).')
  const delimiter: DelimiterName = options.delimiter !== 'auto' ? options.delimiter : options.format === 'tsv' ? 'tab' : detectDelimiter(text)
  return {
    info: { format: delimiter === 'tab' ? 'tsv' : 'csv', encoding, bom, delimiter, sheets: null, sheet: null },
    kind: 'delimited',
    lineCount: () => {
      let lines = 1
      for (let i = text.indexOf('\n'); i !== -1 && i < text.length - 1; i = text.indexOf('\n', i + 1)) lines++
      return lines
    },
    read: (sink, control, columnName) =>
      readDelimited(text, sink, { file: name, delimiter: DELIMITERS[delimiter], parser, ...(columnName ? { columnName } : {}) }, control),
  }
}
