import { CsvError, parse } from 'csv-parse'
import { checkpoint, type ImportControl } from './control.js'
import { ImportError } from './report.js'

/**
 * Receives each non-blank record with the 1-based physical line it starts on. The array may be
 * reused for the next record: copy it to keep it.
 */
export type RecordSink = (fields: string[], line: number) => void

export interface DelimitedReadOptions {
  file: string
  delimiter: string
  /** Names a field position for error messages (the header is known only to the caller). */
  columnName?: (index: number) => string
  /** 'auto' takes the plain-split fast path when the text has no quote at all. */
  parser?: 'auto' | 'csv-parse'
}

const YIELD_EVERY_LINES = 50_000
const CHUNK_BYTES = 1 << 20

/**
 * Reads delimited text record by record. csv-parse handles everything in general (quotes,
 * embedded newlines, CRLF). Text without a single double quote cannot contain quoted fields, so a
 * record is exactly a line and a field exactly a delimiter-separated piece (lone carriage returns
 * aside); for such text we split
 * directly, which is about 5× faster than csv-parse on large exports and gives identical records
 * (a differential test in test/core/import checks this against csv-parse).
 */
export async function readDelimited(text: string, sink: RecordSink, options: DelimitedReadOptions, control: ImportControl): Promise<void> {
  // A lone '\r' counts as a line break in csv-parse's line numbers; leave those rare files to it.
  if ((options.parser ?? 'auto') === 'auto' && text.indexOf('"') === -1 && !/\r(?!\n)/.test(text)) {
    await readPlain(text, sink, options, control)
  } else {
    await readWithCsvParse(text, sink, options, control)
  }
}

async function readPlain(text: string, sink: RecordSink, options: DelimitedReadOptions, control: ImportControl): Promise<void> {
  const { delimiter, file } = options
  // One reused array for every record (sinks copy what they keep): a million small arrays would
  // otherwise dominate garbage collection on large files.
  const fields: string[] = []
  let start = 0
  let line = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    let next: number
    if (end === -1) {
      end = text.length
      next = end
    } else {
      next = end + 1
      // Same record delimiters as the csv-parse path: '\r\n' or '\n'.
      if (end > start && text.charCodeAt(end - 1) === 13) end--
    }
    line++
    if (end > start) {
      fields.length = 0
      let from = start
      for (let d = text.indexOf(delimiter, from); d !== -1 && d < end; d = text.indexOf(delimiter, from)) {
        fields.push(text.slice(from, d))
        from = d + 1
      }
      fields.push(text.slice(from, end))
      sink(fields, line)
    }
    start = next
    if (line % YIELD_EVERY_LINES === 0) {
      control.onProgress?.({ phase: 'parse', done: start, total: text.length })
      await checkpoint(control, file)
    }
  }
  control.onProgress?.({ phase: 'parse', done: text.length, total: text.length })
}

async function readWithCsvParse(text: string, sink: RecordSink, options: DelimitedReadOptions, control: ImportControl): Promise<void> {
  const { file } = options
  const bytes = Buffer.from(text, 'utf8')
  // A file whose lines end in a lone '\r' and that has no '\n' at all (Excel's "CSV (Macintosh)",
  // old Mac tools) is read line by line too, rather than as one long header row.
  const lineBreak = isCrOnly(text) ? '\r' : '\n'
  let lastEndLine = 0
  let failure: unknown
  const parser = parse({
    delimiter: options.delimiter,
    record_delimiter: lineBreak === '\r' ? ['\r'] : ['\r\n', '\n'],
    relax_column_count: true,
    // Tolerate a stray quote inside an unquoted field (5" pipe); a broken quoted field still fails.
    relax_quotes: true,
    on_record: (record: string[], info) => {
      // info.lines is the line a record ends on; subtract the line breaks inside quoted fields.
      let inner = 0
      for (const field of record) if (field.includes(lineBreak)) inner += field.split(lineBreak).length - 1
      lastEndLine = info.lines
      const isBlank = record.length === 1 && record[0] === ''
      if (!isBlank) sink(record, info.lines - inner)
      return null
    },
  })
  parser.on('error', (error) => {
    failure ??= error
  })
  const done = new Promise<void>((resolve) => {
    parser.on('end', resolve)
    parser.on('error', () => resolve())
    parser.on('close', resolve)
  })
  parser.resume()
  for (let offset = 0; offset < bytes.length && failure === undefined; offset += CHUNK_BYTES) {
    parser.write(bytes.subarray(offset, offset + CHUNK_BYTES))
    control.onProgress?.({ phase: 'parse', done: Math.min(bytes.length, offset + CHUNK_BYTES), total: bytes.length })
    try {
      await checkpoint(control, file)
    } catch (error) {
      parser.destroy()
      throw error
    }
  }
  if (failure === undefined) parser.end()
  await done
  if (failure !== undefined) throw toImportError(failure, lastEndLine, options)
}

/** Line breaks are lone carriage returns: some '\r' and not a single '\n'. */
export function isCrOnly(text: string): boolean {
  return text.indexOf('\r') !== -1 && text.indexOf('\n') === -1
}

function toImportError(error: unknown, lastEndLine: number, options: DelimitedReadOptions): unknown {
  if (error instanceof ImportError) return error
  if (!(error instanceof CsvError)) return error
  const fieldIndex = typeof (error as { index?: unknown }).index === 'number' ? (error as unknown as { index: number }).index : undefined
  const column = fieldIndex !== undefined ? (options.columnName?.(fieldIndex) ?? `field ${fieldIndex + 1}`) : undefined
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new ImportError(
      'truncated',
      options.file,
      'The file ends inside a quoted field (a quote is never closed); it may be truncated.',
      lastEndLine + 1,
      column,
    )
  }
  const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as unknown as { lines: number }).lines : undefined
  return new ImportError('malformed-csv', options.file, `Malformed CSV: ${error.message}`, line, column)
}
