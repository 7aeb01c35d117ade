import { mean, sampleSd, studentTQuantile } from './stats.js'

/**
 * A 95 % interval for a quantity averaged over a pilot's repeats (one model's score, or the
 * difference of two), combining the two things that vary (docs/STATISTICS.md):
 *  - test sampling: which rows happened to be held out. The row bootstrap (row-bootstrap.ts)
 *    measures it for the repeat average, cross-repeat correlation included, so it stays honest
 *    when every repeat scores the same test set (latest period) or overlapping ones;
 *  - training: the split's training part, the validation slice and the seeds. Only the spread
 *    between repeats shows it: S²/J, J the number of repeats.
 * The variances add (the between-repeat term also holds some test-sampling noise, so the sum errs
 * on the wide side). Degrees of freedom by Welch–Satterthwaite: the between-repeat term has J − 1,
 * the bootstrap term is treated as exact; so an interval resting on three repeats' spread uses a
 * t quantile near 4.3, and one dominated by test sampling a quantile near 1.96. Unlike a plain
 * t-test over repeats (anti-conservative for overlapping splits: Nadeau & Bengio 2003; Bouckaert
 * & Frank 2004) this does not take correlated repeats for independent evidence.
 */
export interface Estimate {
  /** Mean over repeats. */
  mean: number
  low: number
  high: number
  level: number
  /** Standard error of the repeat mean from test sampling (bootstrap over rows). */
  seTestSampling: number
  /** Standard error from the spread between repeats (S / √J); 0 with one repeat. */
  seBetweenRepeats: number
  se: number
  /** Welch–Satterthwaite degrees of freedom; null when infinite (no between-repeat spread). */
  df: number | null
  perRepeat: number[]
}

const Z_975 = 1.959963984540054

export function combineUncertainty(perRepeat: readonly number[], bootstrapReplicates: ArrayLike<number>, level = 0.95): Estimate {
  const J = perRepeat.length
  const centre = mean(perRepeat)
  const finite = Array.from(bootstrapReplicates).filter(Number.isFinite)
  const seTest = finite.length >= 2 ? sampleSd(finite) : 0
  const between = J >= 2 ? sampleSd(perRepeat) ** 2 / J : 0
  const variance = seTest * seTest + between
  const se = Math.sqrt(variance)
  const df = between > 0 ? (variance * variance * (J - 1)) / (between * between) : null
  const q = df === null ? (level === 0.95 ? Z_975 : studentTQuantile(1 - (1 - level) / 2, 1e9)) : studentTQuantile(1 - (1 - level) / 2, df)
  return {
    mean: centre,
    low: centre - q * se,
    high: centre + q * se,
    level,
    seTestSampling: seTest,
    seBetweenRepeats: Math.sqrt(between),
    se,
    df,
    perRepeat: [...perRepeat],
  }
}

/** Replicate-wise a − b (same replicates, so the pairing is kept). */
export function replicateDifference(a: Float64Array, b: Float64Array): Float64Array {
  return Float64Array.from(a, (x, i) => x - b[i]!)
}
