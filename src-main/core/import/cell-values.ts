import { readDateText } from './date-text.js'
import type { CellReason } from './report.js'

/** Result of reading one value cell: a number, "not observed", or a rejection reason. */
export type CellResult = { kind: 'value'; value: number } | { kind: 'missing' } | { kind: 'bad'; reason: CellReason }

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const INFINITY = /^[+-]?(?:inf|infinity|∞)$/i

export interface ValueRules {
  missing: ReadonlySet<string>
  valueKind: 'numeric' | 'binary'
  range?: { min: number; max: number } | undefined
}

/**
 * Reads a value cell. Only plain decimal notation counts as a number (no hex, no thousands
 * separators, no units), so "0x1A" or "1,5" are reported rather than guessed at.
 */
export function readValue(raw: string, rules: ValueRules): CellResult {
  const text = hasEdgeSpace(raw) ? raw.trim() : raw
  if (rules.missing.has(text)) return MISSING
  let value: number
  if (rules.valueKind === 'binary') {
    const lower = text.toLowerCase()
    if (lower === 'true') value = 1
    else if (lower === 'false') value = 0
    else if (DECIMAL.test(text) && (Number(text) === 0 || Number(text) === 1)) value = Number(text)
    else return BAD_BINARY
    // A binary value has its range by definition; a declared range still applies below.
  } else {
    if (!DECIMAL.test(text)) return INFINITY.test(text) ? BAD_INFINITE : BAD_NUMBER
    value = Number(text)
    // 1e999 is written as a finite number but does not fit a double.
    if (!Number.isFinite(value)) return BAD_INFINITE
  }
  if (rules.range && (value < rules.range.min || value > rules.range.max)) return BAD_RANGE
  return { kind: 'value', value }
}

/**
 * Whether a plain decimal cell may be read straight from its bytes (simple-decimal.ts) instead of
 * through readValue: only for numeric values and when no missing token is itself a number, so
 * that such a cell is certainly a value. The declared range must still be checked.
 */
export function allowsSimpleDecimals(rules: ValueRules): boolean {
  if (rules.valueKind !== 'numeric') return false
  for (const token of rules.missing) if (DECIMAL.test(token)) return false
  return true
}

export function inRange(value: number, rules: ValueRules): boolean {
  return !rules.range || (value >= rules.range.min && value <= rules.range.max)
}

/** Whether trimming could change the text (cheap test on the first and last character). */
function hasEdgeSpace(text: string): boolean {
  if (text.length === 0) return false
  const a = text.charCodeAt(0)
  const b = text.charCodeAt(text.length - 1)
  return !(a > 32 && a < 127 && b > 32 && b < 127)
}

const MISSING: CellResult = { kind: 'missing' }
const BAD_NUMBER: CellResult = { kind: 'bad', reason: 'not-a-number' }
const BAD_INFINITE: CellResult = { kind: 'bad', reason: 'infinite' }
const BAD_BINARY: CellResult = { kind: 'bad', reason: 'not-binary' }
const BAD_RANGE: CellResult = { kind: 'bad', reason: 'out-of-range' }

/**
 * Reads a timestamp as milliseconds since the epoch: a date or date-time as text (ISO 8601 or the
 * Japanese spreadsheet forms, see date-text.ts; without a zone read as UTC, so the same file gives
 * the same times on every machine), or a plain number taken as milliseconds. NaN means "no time";
 * undefined means unreadable.
 */
export function readTime(raw: string, missing: ReadonlySet<string>): number | undefined {
  const text = raw.trim()
  if (missing.has(text)) return NaN
  if (DECIMAL.test(text)) {
    const n = Number(text)
    return Number.isFinite(n) ? n : undefined
  }
  return readDateText(text)
}
