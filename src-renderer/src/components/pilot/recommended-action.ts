import type { PilotResult } from '@contract/pilots'
import type { EffortName, PilotModelKind } from '@contract/verdict'

/**
 * The results page's one main action, following the advice the core words (verdictWords): train
 * the model the advice names, or, when the pilot cannot tell, re-run it at the longer effort its
 * next step names. Null when the advice is only "more data": there is nothing to click for that.
 */
export type RecommendedAction = { kind: 'train'; model: PilotModelKind } | { kind: 'rerun'; effort: EffortName; seconds: number } | null

export function recommendedAction(result: Pick<PilotResult, 'best' | 'comparison'>): RecommendedAction {
  const { best, comparison } = result
  // The advice's order: a baseline clearly ahead of both factorisations wins whatever the verdict.
  if (best.isBaseline && best.clearlyBetter) return { kind: 'train', model: best.model }
  if (!comparison) return { kind: 'train', model: best.model }
  switch (comparison.verdict) {
    case 'nnmf-better':
      return { kind: 'train', model: 'nnmf' }
    case 'mf-better':
    case 'equivalent':
      return { kind: 'train', model: 'mf' }
    case 'inconclusive': {
      const longer = comparison.nextStep?.longerEffort
      return longer ? { kind: 'rerun', effort: longer.effort, seconds: longer.seconds } : null
    }
  }
}
