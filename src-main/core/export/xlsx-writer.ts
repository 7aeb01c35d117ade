import ExcelJS from 'exceljs'
import fs from 'node:fs'

/**
 * Streaming XLSX output (exceljs WorkbookWriter): rows are committed as they are written, so a
 * sheet of a million rows never sits in memory. Shared strings are on: the strings of an export
 * are labels, a bounded set repeated many times.
 */

/** Excel's sheet limits (rows include the header). */
export const XLSX_MAX_ROWS = 1_048_576
export const XLSX_MAX_COLUMNS = 16_384

export type XlsxWorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter
export type XlsxSheet = ExcelJS.Worksheet

/** How predicted cells look: italic on a light amber fill, readable in print and on screen. */
export const PREDICTED_STYLE: Partial<ExcelJS.Style> = {
  font: { italic: true, color: { argb: 'FF5A4A00' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } },
}

export const HEADER_STYLE: Partial<ExcelJS.Style> = { font: { bold: true } }

/**
 * The style of every other cell. exceljs resolves a cell's style id by serialising its style to
 * XML unless it has seen that very style object before (a WeakMap); a fresh {} per cell made
 * that the largest cost of a big export, so every cell gets one of these shared objects.
 */
export const PLAIN_STYLE: Partial<ExcelJS.Style> = {}

/** Adds and commits a row whose cells all carry a shared style object (PLAIN_STYLE unless `styleOf` says otherwise). */
export function addRow(sheet: XlsxSheet, values: readonly (string | number | null)[], styleOf?: (column: number) => Partial<ExcelJS.Style> | undefined): void {
  const row = sheet.addRow(values as (string | number | null)[])
  for (let c = 0; c < values.length; c++) row.getCell(c + 1).style = styleOf?.(c) ?? PLAIN_STYLE
  row.commit()
}

/**
 * The workbook writes to a file stream we own: exceljs listens for the stream's 'error' only once
 * it finalises, so an earlier write error (disk full mid-sheet) would be unhandled and the final
 * wait for 'finish' would never end. Here the error is held from the start and commit() rejects with it.
 */
export function openXlsxWriter(filePath: string): XlsxWorkbookWriter {
  const stream = fs.createWriteStream(filePath)
  const failed = new Promise<never>((_resolve, reject) => stream.once('error', reject))
  failed.catch(() => undefined) // raced in commit() below
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true })
  const commit = workbook.commit.bind(workbook)
  workbook.commit = () => Promise.race([commit(), failed])
  return workbook
}

/** Adds a header row in bold and freezes it (and the first column when asked). */
export function addSheetWithHeader(workbook: XlsxWorkbookWriter, name: string, header: readonly string[], freezeFirstColumn = false): XlsxSheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: freezeFirstColumn ? 1 : 0, ySplit: 1 }],
  })
  addRow(sheet, header, () => HEADER_STYLE)
  return sheet
}

/** Number for a cell: NaN (no prediction) becomes an empty cell rather than a #NUM! value. */
export function xlsxNumber(value: number): number | null {
  return Number.isNaN(value) ? null : value
}

/**
 * Writes long-form records across as many sheets as Excel's row limit needs: "long", then
 * "long 2", "long 3", ... each with the header. Returns a function that writes one record.
 */
export function longSheets(
  workbook: XlsxWorkbookWriter,
  baseName: string,
  header: readonly string[],
): { add(values: readonly (string | number | null)[], styleColumn?: number, style?: Partial<ExcelJS.Style>): void; commit(): void } {
  let sheet: XlsxSheet | undefined
  let rowsInSheet = 0
  let sheetCount = 0
  const next = (): XlsxSheet => {
    sheet?.commit()
    sheetCount++
    rowsInSheet = 1
    return addSheetWithHeader(workbook, sheetCount === 1 ? baseName : `${baseName} ${sheetCount}`, header)
  }
  return {
    add(values, styleColumn, style) {
      if (!sheet || rowsInSheet >= XLSX_MAX_ROWS) sheet = next()
      addRow(sheet, values, (c) => (c === styleColumn ? style : undefined))
      rowsInSheet++
    },
    commit() {
      if (!sheet) sheet = next()
      sheet.commit()
    },
  }
}
