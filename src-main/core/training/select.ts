import type { SparseMatrix } from '../matrix/sparse.js'
import type { FitReport, Model, TrainingProgress } from '../models/model.js'
import type { FitResumeState, ResumePoint } from '../models/resume-state.js'

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

/** The best candidate so far, by its index. */
export interface SearchBest {
  index: number
  model: Model
  report: FitReport
}

/** Where a search stands between two epochs: enough to go on from there (a resumed training run). */
export interface SearchResume<C> {
  /** The candidate training then. */
  index: number
  /** Scores of the candidates before it. */
  scores: CandidateScore<C>[]
  best: SearchBest | null
  /** Its fit's state; null to fit it from the start (deterministic: the same model). */
  fit: FitResumeState | null
}

export interface SearchResumePoint<C> {
  index: number
  scores: CandidateScore<C>[]
  best: SearchBest | null
  fit: ResumePoint
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
    /** Go on with a search stopped midway (from onResumePoint) instead of from the first candidate. */
    resume?: SearchResume<C>
    /** After every epoch that training goes on from, where the search stands. */
    onResumePoint?: (point: SearchResumePoint<C>) => Promise<void> | void
  },
): Promise<Selection<C>> {
  if (candidates.length === 0) throw new Error('selectByValidation: no candidates')
  const resume = options.resume
  if (resume && !(resume.index >= 0 && resume.index < candidates.length && resume.scores.length === resume.index)) {
    throw new Error('selectByValidation: the resume state does not fit these candidates')
  }
  let best: { candidate: C; model: Model; report: FitReport; loss: number; index: number } | undefined = resume?.best
    ? { ...resume.best, candidate: candidates[resume.best.index]!, loss: resume.best.report.bestValidationLoss ?? Infinity }
    : undefined
  const scores: CandidateScore<C>[] = resume ? [...resume.scores] : []
  for (const [index, candidate] of candidates.entries()) {
    if (resume && index < resume.index) continue
    options.signal?.throwIfAborted()
    const model = build(candidate)
    const onProgress = options.onProgress
    const onResumePoint = options.onResumePoint
    const resumeFrom = resume?.index === index ? resume.fit : null
    let report: FitReport
    try {
      report = await model.fit(train, {
        validation,
        seed: options.seed,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(onProgress ? { onProgress: (p: TrainingProgress) => onProgress(p, index) } : {}),
        ...(resumeFrom ? { resumeFrom } : {}),
        ...(onResumePoint
          ? {
              onResumePoint: (fit: ResumePoint) =>
                onResumePoint({ index, scores: [...scores], best: best ? { index: best.index, model: best.model, report: best.report } : null, fit }),
            }
          : {}),
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
      best = { candidate, model, report, loss, index }
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
