import { readTime } from './cell-values.js'
import { readDateText } from './date-text.js'
import type { IssueCollector } from './report.js'

/**
 * Times of a wide file's row labels (one row a period: "2024-01-05 08:00", "2024/1/5 8:00"), so
 * a pilot can hold out the latest period: each value takes its row's time.
 */

/**
 * The labels' times when every label is a date written as text, else undefined. Only dates count,
 * never bare numbers: machine numbers and lot codes ("1", "20240105") stay labels.
 */
export function labelTimes(labels: readonly string[]): Float64Array | undefined {
  if (labels.length === 0) return undefined
  const times = new Float64Array(labels.length)
  for (let i = 0; i < labels.length; i++) {
    const t = readDateText(labels[i]!)
    if (t === undefined) return undefined
    times[i] = t
  }
  return times
}

/**
 * The labels' times when the user named the row key as the time column: read like a long file's
 * time column (a date, or a number of milliseconds); an unreadable label is a 'bad-time' issue on
 * the line where that row first appears, and its row has no time (NaN, counted as oldest).
 */
export function requiredLabelTimes(
  labels: readonly string[],
  firstLines: readonly number[],
  missing: ReadonlySet<string>,
  issues: IssueCollector,
  column: string,
): Float64Array {
  return Float64Array.from(labels, (label, i) => {
    const t = readTime(label, missing)
    if (t !== undefined) return t
    issues.add('bad-time', firstLines[i]!, column, label)
    return NaN
  })
}

/** Each entry's time from its row's time. */
export function entryTimes(rows: Int32Array, rowTimes: Float64Array): Float64Array {
  return Float64Array.from(rows, (r) => rowTimes[r]!)
}
