import ExcelJS from 'exceljs'
import { checkpoint, type ImportControl } from './control.js'
import type { RecordSink } from './delimited-reader.js'
import { ImportError } from './report.js'

export type Workbook = ExcelJS.Workbook

/** Opens an XLSX file from its bytes; any failure of the zip or XML layer is an unreadable-xlsx error. */
export async function loadWorkbook(bytes: Uint8Array, file: string): Promise<Workbook> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never)
  } catch (error) {
    throw new ImportError('unreadable-xlsx', file, `Not a readable XLSX workbook (${error instanceof Error ? error.message : String(error)}).`)
  }
  return workbook
}

export function sheetNames(workbook: Workbook): string[] {
  return workbook.worksheets.map((ws) => ws.name)
}

/** Picks a sheet by name or 0-based position; the first sheet by default. */
export function pickSheet(workbook: Workbook, sheet: string | number | undefined, file: string): ExcelJS.Worksheet {
  const sheets = workbook.worksheets
  const found = sheet === undefined ? sheets[0] : typeof sheet === 'number' ? sheets[sheet] : sheets.find((ws) => ws.name === sheet)
  if (!found) {
    const names = sheets.map((ws) => `"${ws.name}"`).join(', ')
    throw new ImportError(
      'no-such-sheet',
      file,
      sheet === undefined
        ? 'The workbook has no sheets.'
        : `No sheet ${typeof sheet === 'number' ? `#${sheet + 1}` : `"${sheet}"`}; the sheets are ${names || 'none'}.`,
    )
  }
  return found
}

/** The text a cell shows, so XLSX cells go through the same checks as CSV fields. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  // String() gives the shortest text that reads back to the same double.
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString()
  if ('error' in value) return value.error
  if ('richText' in value) return value.richText.map((part) => part.text).join('')
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result)
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue)
  return ''
}

/** Feeds every non-empty row of a sheet to the sink; the "line" is the sheet row number. */
export async function readSheet(sheet: ExcelJS.Worksheet, sink: RecordSink, control: ImportControl, file: string): Promise<void> {
  const last = sheet.rowCount
  for (let n = 1; n <= last; n++) {
    const row = sheet.findRow(n)
    if (row) {
      const values = row.values as ExcelJS.CellValue[]
      const fields: string[] = []
      for (let i = 1; i < values.length; i++) fields.push(cellText(values[i]))
      if (fields.length > 0) sink(fields, n)
    }
    if (n % 5000 === 0) {
      control.onProgress?.({ phase: 'parse', done: n, total: last })
      await checkpoint(control, file)
    }
  }
  control.onProgress?.({ phase: 'parse', done: last, total: last })
}

/** True when the bytes start like a zip archive (an XLSX is one). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}
