/**
 * The one CSV field encoder of every CSV the app writes (exports, predictions, the dataset back as
 * CSV). RFC 4180 quoting: a field is quoted only when it holds a comma, a quote, a line break or
 * edge spaces (kept by quoting).
 *
 * Formula guard (OWASP "CSV injection"): Excel and LibreOffice run a text field that starts with
 * =, +, -, @, tab or CR as a formula, so a hostile label in a plant file could run on the analyst's
 * PC. Such a field is written as "'<text>" (quoted, with a leading apostrophe), which spreadsheets
 * show as text. Only text goes through here: numbers (negative ones included) are written by
 * csvNumber and are never guarded. Scripts that need the labels exactly pass `rawLabels` (the CLI's
 * --raw-labels) or read the XLSX, whose string cells spreadsheets never evaluate.
 */
export interface CsvTextOptions {
  /** Write labels exactly as stored, without the formula guard. */
  rawLabels?: boolean
}

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

export function csvField(text: string, options: CsvTextOptions = {}): string {
  if (!options.rawLabels && FORMULA_START.test(text)) return `"'${text.replaceAll('"', '""')}"`
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * Numbers in their shortest exact form (String(x) round-trips a double bitwise); null and NaN
 * become empty fields. Never formula-guarded: "-1.5" is a number, not a formula.
 */
export function csvNumber(value: number | null): string {
  return value === null || Number.isNaN(value) ? '' : String(value)
}
