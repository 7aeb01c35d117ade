import { csvField, csvNumber, type CsvTextOptions } from '../files/csv-field.js'
import { openTextOutput } from '../files/text-output.js'

/**
 * A streaming CSV writer for exports: UTF-8 with a byte-order mark (Excel on Japanese Windows
 * reads BOM-less UTF-8 as Shift_JIS and garbles labels), CRLF line ends (RFC 4180), fields quoted
 * only when they must be. Text is buffered into chunks of about 64 KiB and written with
 * back-pressure, so memory stays flat however many cells go through; a write error (disk full)
 * ends the export with that error, never a hang.
 *
 * Text fields go through the shared csvField (formula guard unless `rawLabels`); numbers never do.
 */
export type CsvField = string | number | null
export { csvField, csvNumber, type CsvTextOptions }

const BOM = '\uFEFF'
const CHUNK_CHARS = 1 << 16

export interface CsvWriter {
  /** One record; strings are quoted (and formula-guarded) as needed, numbers written exactly. */
  row(fields: readonly CsvField[]): Promise<void>
  /** An already formatted line (fields encoded with csvField and joined), for hot loops. */
  line(text: string): Promise<void>
  close(): Promise<void>
  /** Stops and closes the file without flushing what is buffered (the caller removes the file). */
  destroy(): Promise<void>
}

export function formatCsvRow(fields: readonly CsvField[], options: CsvTextOptions = {}): string {
  let text = ''
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!
    if (i > 0) text += ','
    text += typeof f === 'number' || f === null ? csvNumber(f) : csvField(f, options)
  }
  return text
}

export function openCsvWriter(filePath: string, options: CsvTextOptions = {}): CsvWriter {
  const out = openTextOutput(filePath)
  let buffer = BOM
  const flush = async (): Promise<void> => {
    const text = buffer
    buffer = ''
    await out.write(text)
  }
  const line = async (text: string): Promise<void> => {
    buffer += text + '\r\n'
    if (buffer.length >= CHUNK_CHARS) await flush()
  }
  return {
    line,
    row: (fields) => line(formatCsvRow(fields, options)),
    close: async () => {
      await flush()
      await out.end()
    },
    destroy: async () => {
      buffer = ''
      await out.destroy()
    },
  }
}
