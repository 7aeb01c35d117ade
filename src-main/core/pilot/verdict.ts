import type { EffortName } from './effort.js'
import type { Estimate } from './uncertainty.js'

/**
 * The NNMF-versus-MF verdict as facts, decided once here; the wizard, results page, report and
 * CLI only word them (ja/en). Δ = NNMF − MF on the primary metric (lower is better), with its
 * 95 % interval (uncertainty.ts) and a negligible band ±b, b = NEGLIGIBLE_FRACTION × MF's score:
 *   whole interval below −b          → 'nnmf-better'
 *   whole interval above +b          → 'mf-better'
 *   whole interval inside [−b, +b]   → 'equivalent'
 *   interval crosses an edge of ±b   → 'inconclusive'
 * Then the fits are checked, because a verdict is only as honest as its weakest fit:
 *   a model that failed to train (failed-fit.ts), after its retries → 'inconclusive', naming it;
 *   NNMF still improving at its epoch limit → cannot be 'mf-better' or 'equivalent';
 *   MF still improving at its epoch limit   → cannot be 'nnmf-better' or 'equivalent'.
 * Failing to show a difference is never read as "plain MF is enough": that needs 'equivalent'.
 */
export const VERDICT_OUTCOMES = ['nnmf-better', 'mf-better', 'equivalent', 'inconclusive'] as const
export type VerdictOutcome = (typeof VERDICT_OUTCOMES)[number]

/** Differences within ±1 % of MF's score are too small to act on. */
export const NEGLIGIBLE_FRACTION = 0.01

export type ComparedModel = 'nnmf' | 'mf'

export type VerdictReason =
  | { code: 'interval-below-band' }
  | { code: 'interval-above-band' }
  | { code: 'interval-inside-band' }
  | { code: 'interval-crosses-band' }
  | { code: 'still-improving'; model: ComparedModel; repeats: number; of: number }
  | { code: 'failed-fit'; model: ComparedModel; failure: FitFailure; repeats: number; of: number }

export type FitFailure = 'no-learning' | 'diverged'

/** What would settle an inconclusive verdict (neither: a stored result to run again, legacy.ts). */
export interface NextStep {
  /** A longer effort and its estimated seconds on this machine; null when already the longest. */
  longerEffort: { effort: EffortName; seconds: number } | null
  /** More data (rows, observed cells) would narrow the interval more than more training would. */
  moreData: boolean
}

export interface FitFacts {
  /** Repeats where the chosen candidate was still improving at its epoch limit. */
  stillImproving: Record<ComparedModel, number>
  /** Repeats where the model failed to train even after its retries, and how. */
  failed: Record<ComparedModel, { repeats: number; failure: FitFailure } | null>
  repeats: number
}

export interface Decision {
  verdict: VerdictOutcome
  reasons: VerdictReason[]
}

export function statisticalOutcome(difference: Pick<Estimate, 'low' | 'high'>, band: number): VerdictOutcome {
  if (difference.high < -band) return 'nnmf-better'
  if (difference.low > band) return 'mf-better'
  if (difference.low >= -band && difference.high <= band) return 'equivalent'
  return 'inconclusive'
}

const INTERVAL_REASON: Record<VerdictOutcome, VerdictReason> = {
  'nnmf-better': { code: 'interval-below-band' },
  'mf-better': { code: 'interval-above-band' },
  equivalent: { code: 'interval-inside-band' },
  inconclusive: { code: 'interval-crosses-band' },
}

export function decideVerdict(difference: Pick<Estimate, 'low' | 'high'>, band: number, fits: FitFacts): Decision {
  let verdict = statisticalOutcome(difference, band)
  const reasons: VerdictReason[] = [INTERVAL_REASON[verdict]]
  for (const model of ['nnmf', 'mf'] as const) {
    const failed = fits.failed[model]
    if (failed) {
      verdict = 'inconclusive'
      reasons.push({ code: 'failed-fit', model, failure: failed.failure, repeats: failed.repeats, of: fits.repeats })
    }
  }
  const blockedBy: Record<ComparedModel, VerdictOutcome[]> = { nnmf: ['mf-better', 'equivalent'], mf: ['nnmf-better', 'equivalent'] }
  for (const model of ['nnmf', 'mf'] as const) {
    const repeats = fits.stillImproving[model]
    // Also named when the verdict is already inconclusive: it says which model needed more training.
    if (repeats > 0 && (blockedBy[model].includes(verdict) || verdict === 'inconclusive')) {
      verdict = 'inconclusive'
      reasons.push({ code: 'still-improving', model, repeats, of: fits.repeats })
    }
  }
  return { verdict, reasons }
}

const LONGER: Record<EffortName, EffortName | null> = { quick: 'standard', standard: 'thorough', thorough: null }

/**
 * What would settle an inconclusive verdict: a longer effort (more epochs, candidates and
 * repeats: it helps a fit that needed training and narrows the between-repeat part) whenever one
 * exists; more data when test sampling dominates the interval (more repeats over the same rows
 * cannot remove that part) or no longer effort exists.
 */
export function nextStepFor(
  decision: Decision,
  difference: Pick<Estimate, 'seTestSampling' | 'seBetweenRepeats'>,
  effort: EffortName,
  secondsOf: (effort: EffortName) => number,
): NextStep | null {
  if (decision.verdict !== 'inconclusive') return null
  const longer = LONGER[effort]
  const trainingIssue = decision.reasons.some((r) => r.code === 'still-improving' || r.code === 'failed-fit')
  const testSamplingDominates = difference.seTestSampling >= difference.seBetweenRepeats
  return {
    longerEffort: longer ? { effort: longer, seconds: secondsOf(longer) } : null,
    moreData: longer === null || (testSamplingDominates && !trainingIssue),
  }
}
