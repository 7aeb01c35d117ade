/** Exact powers of ten: every 10^k with k ≤ 22 is representable as a double. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`))

/**
 * The value of a plain decimal `[+-]?(\d+\.?\d*|\.\d+)` held in bytes[start, end), read straight
 * from the bytes so no string is made. Only the easy case is handled: at most 15 significant
 * digits and 22 fraction digits. Then the digits form an integer below 2^53 and 10^fraction is
 * exact, so the single division is correctly rounded, the same double Number(text) returns
 * (Clinger's fast path). Anything else (exponents, more digits, stray bytes, empty) gives NaN and
 * the caller reads the cell as text instead.
 */
export function parseSimpleDecimal(bytes: Uint8Array, start: number, end: number): number {
  let i = start
  let negative = false
  if (i < end) {
    const c = bytes[i]!
    if (c === 45) {
      negative = true
      i++
    } else if (c === 43) i++
  }
  let mantissa = 0
  let significant = 0
  let fraction = 0
  let dot = false
  let digits = 0
  for (; i < end; i++) {
    const c = bytes[i]!
    const d = c - 48
    if (d >= 0 && d <= 9) {
      digits++
      if (mantissa !== 0 || d !== 0) significant++
      mantissa = mantissa * 10 + d
      if (dot) fraction++
    } else if (c === 46 && !dot) dot = true
    else return NaN
  }
  if (digits === 0 || significant > 15 || fraction > 22) return NaN
  const value = mantissa / POW10[fraction]!
  return negative ? -value : value
}
