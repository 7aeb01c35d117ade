import type { SparseMatrix } from '../matrix/sparse.js'
import type { FitReport, Model, TrainingProgress } from '../models/model.js'

/**
 * Hyperparameter choice on validation: each candidate is trained on the training part with early
 * stopping on the validation slice; the lowest best-epoch validation loss wins and its trained
 * model is kept (the others are disposed). Ties go to the earlier candidate, so list the simpler
 * or more regularised ones first.
 */
export interface CandidateScore<C> {
  candidate: C
  validationLoss: number
  epochs: number
  bestEpoch: number
}

export interface Selection<C> {
  chosen: C
  model: Model
  report: FitReport
  scores: CandidateScore<C>[]
}

export async function selectByValidation<C>(
  candidates: readonly C[],
  build: (candidate: C) => Model,
  train: SparseMatrix,
  validation: SparseMatrix,
  options: {
    seed: number
    signal?: AbortSignal
    onCandidate?: (score: CandidateScore<C>, index: number) => void
    /** Each candidate's per-epoch progress (for live learning curves), with the candidate's index. */
    onProgress?: (progress: TrainingProgress, index: number) => void
  },
): Promise<Selection<C>> {
  if (candidates.length === 0) throw new Error('selectByValidation: no candidates')
  let best: { candidate: C; model: Model; report: FitReport; loss: number } | undefined
  const scores: CandidateScore<C>[] = []
  for (const [index, candidate] of candidates.entries()) {
    options.signal?.throwIfAborted()
    const model = build(candidate)
    const onProgress = options.onProgress
    let report: FitReport
    try {
      report = await model.fit(train, {
        validation,
        seed: options.seed,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(onProgress ? { onProgress: (p: TrainingProgress) => onProgress(p, index) } : {}),
      })
    } catch (error) {
      // An abort or failure must not leak engines (NNMF holds worker threads).
      model.dispose()
      best?.model.dispose()
      throw error
    }
    const loss = report.bestValidationLoss ?? Infinity
    const score = { candidate, validationLoss: loss, epochs: report.epochs, bestEpoch: report.bestEpoch }
    scores.push(score)
    options.onCandidate?.(score, index)
    if (!best || loss < best.loss) {
      best?.model.dispose()
      best = { candidate, model, report, loss }
    } else {
      model.dispose()
    }
  }
  return { chosen: best!.candidate, model: best!.model, report: best!.report, scores }
}

/** A log-spaced grid around `center`: center · factor^i for i = −steps..steps. */
export function logGrid(center: number, steps: number, factor = Math.sqrt(10)): number[] {
  return Array.from({ length: 2 * steps + 1 }, (_, i) => center * factor ** (i - steps))
}
