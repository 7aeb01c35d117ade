/**
 * The few statistics a pilot needs, written out so every number can be checked by hand: mean,
 * sample standard deviation, Student's t distribution (CDF through the regularised incomplete beta
 * function, quantile by bisection), the 95 % t-interval and the paired t-test.
 */

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}

/** Sample standard deviation (n − 1 in the denominator); NaN below two values. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return NaN
  const m = mean(values)
  let ss = 0
  for (const v of values) ss += (v - m) * (v - m)
  return Math.sqrt(ss / (values.length - 1))
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ]
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  x -= 1
  let a = c[0]!
  const t = x + 7.5
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i)
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a)
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 1e-15) break
  }
  return h
}

/** Regularised incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN
  if (t === Infinity) return 1
  if (t === -Infinity) return 0
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5)
  return t > 0 ? 1 - tail : tail
}

/** The t with P(T ≤ t) = p (bisection; plenty for intervals). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN
  if (p === 0.5) return 0
  if (p < 0.5) return -studentTQuantile(1 - p, df)
  let lo = 0
  let hi = 1
  while (studentTCdf(hi, df) < p) hi *= 2
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2
    if (studentTCdf(mid, df) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

export interface Interval {
  mean: number
  /** Bounds of the 95 % t-interval of the mean; equal to the mean for one value or no spread. */
  low: number
  high: number
  /** Sample standard deviation; null below two values (JSON has no NaN). */
  sd: number | null
  n: number
}

/** Mean and 95 % t-interval over repeats. */
export function tInterval(values: readonly number[], level = 0.95): Interval {
  const n = values.length
  const m = mean(values)
  const sd = sampleSd(values)
  if (n < 2 || !Number.isFinite(sd)) return { mean: m, low: m, high: m, sd: n < 2 ? null : sd, n }
  const half = studentTQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n))
  return { mean: m, low: m - half, high: m + half, sd, n }
}

export interface PairedTest {
  n: number
  /** Mean of a − b over the pairs. */
  meanDifference: number
  sdDifference: number | null
  /** null when undefined: fewer than two pairs, or no spread (infinite t). */
  t: number | null
  df: number
  /**
   * Two-sided p-value; 1 when every difference is zero, 0 when all differ by the same non-zero
   * amount, null below two pairs.
   */
  pValue: number | null
  interval: Interval
}

/** Paired t-test of a − b (same splits). */
export function pairedTTest(a: readonly number[], b: readonly number[]): PairedTest {
  if (a.length !== b.length) throw new Error(`pairedTTest: ${a.length} values against ${b.length}`)
  const diffs = a.map((v, i) => v - b[i]!)
  const n = diffs.length
  const m = mean(diffs)
  const sd = sampleSd(diffs)
  const df = n - 1
  let t: number | null
  let pValue: number | null
  if (n < 2) {
    t = null
    pValue = null
  } else if (sd === 0) {
    t = m === 0 ? 0 : null
    pValue = m === 0 ? 1 : 0
  } else {
    t = m / (sd / Math.sqrt(n))
    pValue = 2 * studentTCdf(-Math.abs(t), df)
  }
  return { n, meanDifference: m, sdDifference: n < 2 ? null : sd, t, df, pValue, interval: tInterval(diffs) }
}
