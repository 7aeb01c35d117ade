import { readTime } from './cell-values.js'
import { labelTimes } from './row-times.js'

export interface SuggestedMapping {
  layout: 'wide' | 'long'
  keyColumn: number
  columnColumn?: number
  valueColumn?: number
  timeColumn?: number
}

const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/
const NO_MISSING = new Set<string>()

/**
 * Guesses the layout from the header and the first rows. Long files have 3 or 4 columns, a
 * numeric third column, and keys that repeat in the first two columns (each row key appears once
 * per column key); anything else is read as wide with the first column as the row key. A fourth
 * column of dates becomes the time column; in a wide file, a first column of dates is the time
 * column too (the row labels are periods). Only a suggestion: the user confirms the mapping.
 */
export function guessLayout(header: readonly string[], rows: readonly (readonly string[])[]): SuggestedMapping {
  const guess = guessLongLayout(header, rows)
  if (guess) return guess
  const keys = rows.map((r) => r[0] ?? '').filter((k) => k.trim() !== '')
  return { layout: 'wide', keyColumn: 0, ...(labelTimes(keys) ? { timeColumn: 0 } : {}) }
}

/** The long mapping when the file looks long, else undefined. */
function guessLongLayout(header: readonly string[], rows: readonly (readonly string[])[]): SuggestedMapping | undefined {
  if (header.length < 3 || header.length > 4 || rows.length === 0) return undefined
  const values = rows.map((r) => r[2] ?? '')
  const numeric = values.filter((v) => NUMBER.test(v)).length
  if (numeric < Math.ceil(rows.length / 2)) return undefined
  const distinct = (k: number): number => new Set(rows.map((r) => r[k] ?? '')).size
  const firstRepeats = distinct(0) < rows.length
  const secondRepeats = distinct(1) < rows.length
  const secondNumeric = rows.filter((r) => NUMBER.test(r[1] ?? '')).length === rows.length
  if (!(firstRepeats || secondRepeats) || secondNumeric) return undefined
  const mapping: SuggestedMapping = { layout: 'long', keyColumn: 0, columnColumn: 1, valueColumn: 2 }
  if (header.length === 4) {
    const times = rows.filter((r) => {
      const t = r[3] ?? ''
      return t.trim() !== '' && readTime(t, NO_MISSING) !== undefined
    }).length
    if (times === rows.length) mapping.timeColumn = 3
  }
  return mapping
}
