import fs from 'node:fs'

/**
 * A streaming CSV writer for exports: UTF-8 with a byte-order mark (Excel on Japanese Windows
 * reads BOM-less UTF-8 as Shift_JIS and garbles labels), CRLF line ends (RFC 4180), fields quoted
 * only when they must be. Text is buffered into chunks of about 64 KiB and written with
 * back-pressure, so memory stays flat however many cells go through.
 *
 * Labels are written exactly as stored; no formula-guarding prefix is added (a label starting
 * with "=" stays as it is, which is what "labels kept exactly" asks).
 */
export type CsvField = string | number | null

const BOM = '\uFEFF'
const CHUNK_CHARS = 1 << 16

/** Quotes a field only when it must be: delimiter, quote, line break, or edge spaces (kept by quoting). */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * Numbers in their shortest exact form (String(x) round-trips a double bitwise); null and NaN
 * become empty fields.
 */
export function csvNumber(value: number | null): string {
  return value === null || Number.isNaN(value) ? '' : String(value)
}

export interface CsvWriter {
  /** One record; strings are quoted as needed, numbers written exactly. */
  row(fields: readonly CsvField[]): Promise<void>
  /** An already formatted line (fields quoted and joined), for hot loops. */
  line(text: string): Promise<void>
  close(): Promise<void>
  /** Stops and closes the file without flushing what is buffered (the caller removes the file). */
  destroy(): Promise<void>
}

export function formatCsvRow(fields: readonly CsvField[]): string {
  let text = ''
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!
    if (i > 0) text += ','
    text += typeof f === 'number' || f === null ? csvNumber(f) : csvField(f)
  }
  return text
}

export function openCsvWriter(filePath: string): CsvWriter {
  const out = fs.createWriteStream(filePath, { encoding: 'utf8' })
  let failure: Error | undefined
  out.on('error', (error) => {
    failure = error
  })
  let buffer = BOM
  const flush = async (): Promise<void> => {
    if (failure) throw failure
    const text = buffer
    buffer = ''
    if (!out.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = (): void => {
          out.off('error', onError)
          resolve()
        }
        const onError = (error: Error): void => {
          out.off('drain', onDrain)
          reject(error)
        }
        out.once('drain', onDrain)
        out.once('error', onError)
      })
    }
  }
  const line = async (text: string): Promise<void> => {
    buffer += text + '\r\n'
    if (buffer.length >= CHUNK_CHARS) await flush()
  }
  return {
    line,
    row: (fields) => line(formatCsvRow(fields)),
    close: async () => {
      await flush()
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject)
        out.end(() => resolve())
      })
      if (failure) throw failure
    },
    destroy: () =>
      new Promise<void>((resolve) => {
        buffer = ''
        if (out.closed) return resolve()
        out.once('close', () => resolve())
        out.destroy()
      }),
  }
}
