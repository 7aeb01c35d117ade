import path from 'node:path'
import type { ImportControl } from './control.js'
import { isPlainBytes, readPlainBytes, type ByteRecordSink } from './byte-records.js'
import { detectedText, detectEncoding, type TextEncoding } from './decode.js'
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
  /**
   * The same records as byte ranges, present when the file allows it (UTF-8 without quotes or
   * lone carriage returns): the fast path for large files.
   */
  readBytes?: (sink: ByteRecordSink, control: ImportControl) => Promise<void>
}

type SourceOptions = Pick<ResolvedImportOptions, 'format' | 'encoding' | 'delimiter' | 'sheet'>

/**
 * Decides the format, decodes or unzips the bytes and returns a record reader. `parser` is for
 * tests: 'text' turns off the byte reader, 'csv-parse' also the plain text split.
 */
export async function openSource(
  bytes: Uint8Array,
  options: SourceOptions,
  file: string,
  parser: 'auto' | 'text' | 'csv-parse' = 'auto',
): Promise<OpenedSource> {
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
  const detected = detectEncoding(bytes, options.encoding, name)
  const { encoding, bom, body } = detected
  // UTF-8 is decoded only if the text reader runs: the byte reader works on the bytes.
  let decoded: string | undefined
  const text = (): string => (decoded ??= detectedText(detected))
  const plainBytes = parser === 'auto' && encoding === 'utf-8' && isPlainBytes(body)
  if (plainBytes ? isBlankUtf8(body) : text().trim() === '') {
    throw new ImportError('empty-file', name, 'The file contains no data (only blank lines).')
  }
  const delimiter: DelimiterName =
    options.delimiter !== 'auto' ? options.delimiter : options.format === 'tsv' ? 'tab' : detectDelimiter(plainBytes ? sampleLines(body) : text())
  const textParser = parser === 'csv-parse' ? 'csv-parse' : 'auto'
  return {
    info: { format: delimiter === 'tab' ? 'tsv' : 'csv', encoding, bom, delimiter, sheets: null, sheet: null },
    kind: 'delimited',
    lineCount: () => {
      const t = text()
      let lines = 1
      for (let i = t.indexOf('\n'); i !== -1 && i < t.length - 1; i = t.indexOf('\n', i + 1)) lines++
      return lines
    },
    read: (sink, control, columnName) =>
      readDelimited(text(), sink, { file: name, delimiter: DELIMITERS[delimiter], parser: textParser, ...(columnName ? { columnName } : {}) }, control),
    ...(plainBytes
      ? { readBytes: (sink: ByteRecordSink, control: ImportControl) => readPlainBytes(body, DELIMITERS[delimiter].charCodeAt(0), sink, control, name) }
      : {}),
  }
}

/** text.trim() === '' for valid UTF-8 bytes, without decoding them when a visible ASCII byte shows up. */
function isBlankUtf8(body: Uint8Array): boolean {
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!
    if (b >= 0x80) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8').trim() === ''
    if (b !== 0x20 && (b < 0x09 || b > 0x0d)) return false
  }
  return true
}

const DELIMITER_SAMPLE_LINES = 50

/**
 * The text up to the end of the 50th non-blank line: exactly the lines detectDelimiter samples,
 * so the guess is the one it makes on the whole text, without decoding the whole file.
 */
function sampleLines(body: Uint8Array): string {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  let nonBlank = 0
  for (let start = 0; start < buffer.length;) {
    let end = buffer.indexOf(0x0a, start)
    if (end === -1) end = buffer.length
    if (buffer.toString('utf8', start, end).replace(/\r$/, '').trim() !== '' && ++nonBlank === DELIMITER_SAMPLE_LINES) {
      return buffer.toString('utf8', 0, end)
    }
    start = end + 1
  }
  return buffer.toString('utf8')
}
