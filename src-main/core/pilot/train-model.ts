import type { EngineFallback } from '../models/nnmf/webgpu/fallback-engine.js'
import { createMeanModel } from '../models/mean.js'
import type { Model, TrainingProgress } from '../models/model.js'
import type { EngineChoice } from '../models/nnmf/choose-engine.js'
import type { NnmfEngineFactory } from '../models/nnmf/engine.js'
import type { Candidate } from '../models/spec.js'
import { specOf } from '../models/specs.js'
import { selectByValidation } from '../training/select.js'
import type { PilotModelKind } from './config.js'
import { effortSection, type EffortPreset } from './effort.js'
import type { PilotSplit } from './holdout.js'
import type { CandidateResult, CurvePoint, ModelRun } from './result.js'
import { stillImproving } from './still-improving.js'

/**
 * One model on one split, as a pilot trains it: the effort's candidates (or its retries after a
 * failed fit) chosen on the validation slice, the test cells predicted (through fold-in for new
 * rows). The runner and the verdict bench's same-model (A/A) comparisons both use it.
 */
export const CURVE_POINTS = 100

export interface PilotEngine {
  name: string
  label: string
  backend?: string
  factory: NnmfEngineFactory
  /** Filled by a GPU engine that fell back to the CPU mid-pilot (EngineChoice.fallbacks). */
  fallbacks?: EngineFallback[]
}

/** The engine a pilot trains on, from an engine choice (its fallback notes kept, when it has them). */
export function pilotEngineOf(choice: Pick<EngineChoice, 'name' | 'label' | 'tfjsBackend' | 'factory' | 'fallbacks'>): PilotEngine {
  return {
    name: choice.name,
    label: choice.label,
    backend: choice.tfjsBackend,
    factory: choice.factory,
    ...(choice.fallbacks ? { fallbacks: choice.fallbacks } : {}),
  }
}

export type { Candidate }

/** The pilot searches each model's section of its effort preset; Train a model searches TRAIN_SEARCH. */
export function candidatesFor(model: PilotModelKind, effort: EffortPreset): Candidate[] {
  return specOf(model).pilot.candidates(effortSection(effort, model))
}

/** The effort's retries for a failed fit (pilot/effort.ts): lower λ (from the grid's smallest), gentler steps. */
export function retryCandidatesFor(model: PilotModelKind, effort: EffortPreset): Candidate[] {
  return specOf(model).pilot.retries(effortSection(effort, model))
}

export function patienceOf(model: PilotModelKind, effort: EffortPreset): number {
  return specOf(model).pilot.patience(effortSection(effort, model))
}

export function maxEpochsOf(model: PilotModelKind, effort: EffortPreset): number {
  return specOf(model).pilot.maxEpochs(effortSection(effort, model))
}

export function downsampleCurve(curve: readonly TrainingProgress[]): CurvePoint[] {
  const points = curve.map((p) => ({ epoch: p.epoch, train: p.trainLoss, validation: finiteOrNull(p.validationLoss) }))
  if (points.length <= CURVE_POINTS) return points
  // Evenly spaced, first and last kept.
  return Array.from({ length: CURVE_POINTS }, (_, i) => points[Math.round((i * (points.length - 1)) / (CURVE_POINTS - 1))]!)
}

export function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null
}

/** One model's selection on a split, its test predictions, and what the result keeps of it. */
export interface TrainedRun {
  predicted: Float64Array
  chosen: { d: number | null; lambda: number | null }
  candidates: CandidateResult[]
  validationLoss: number | null
  epochs: number
  bestEpoch: number
  maxEpochs: number
  curve: CurvePoint[]
  stillImproving: boolean
  trainSeconds: number
  predictSeconds: number
  retried: boolean
  failure: ModelRun['failure']
}

export interface TrainOptions {
  effort: EffortPreset
  loss: 'squared' | 'logistic'
  scaled: boolean
  engine: PilotEngine | undefined
  maxEpochs: number
  patience: number
  now: () => number
  seed: number
  foldInSeed: number
  signal?: AbortSignal
  onProgress: (progress: TrainingProgress, candidateIndex: number) => void
}

export async function trainAndPredict(kind: PilotModelKind, candidates: Candidate[], split: PilotSplit, o: TrainOptions): Promise<TrainedRun> {
  const signal = o.signal
  const fitStarted = o.now()
  const build = (c: Candidate): Model => buildModel(kind, c, o.effort, o.loss, o.scaled, o.engine, split.train.values.length)
  const selection = await selectByValidation(candidates, build, split.train, split.validation, {
    seed: o.seed,
    ...(signal ? { signal } : {}),
    onProgress: o.onProgress,
  })
  let predicted: Float64Array
  let trainSeconds: number
  let predictStarted: number
  try {
    if (split.newRows) {
      const folded = await selection.model.foldIn(split.newRows.known, { seed: o.foldInSeed, ...foldInEpochsOf(kind, o.effort), ...(signal ? { signal } : {}) })
      trainSeconds = (o.now() - fitStarted) / 1000
      predictStarted = o.now()
      try {
        predicted = await folded.predict(split.newRows.toPredict.rows, split.newRows.toPredict.cols)
      } finally {
        folded.dispose()
      }
    } else {
      trainSeconds = (o.now() - fitStarted) / 1000
      predictStarted = o.now()
      predicted = await selection.model.predict(split.test.rows, split.test.cols)
    }
  } finally {
    selection.model.dispose()
  }
  const chosenReport = selection.report
  return {
    predicted,
    chosen: { d: selection.chosen.d, lambda: selection.chosen.lambda },
    candidates: selection.scores.map((s): CandidateResult => ({
      d: s.candidate.d,
      lambda: s.candidate.lambda,
      validationLoss: finiteOrNull(s.validationLoss),
      epochs: s.epochs,
      bestEpoch: s.bestEpoch,
    })),
    validationLoss: finiteOrNull(chosenReport.bestValidationLoss),
    epochs: chosenReport.epochs,
    bestEpoch: chosenReport.bestEpoch,
    maxEpochs: o.maxEpochs,
    curve: downsampleCurve(chosenReport.curve),
    stillImproving: stillImproving(chosenReport, o.maxEpochs, o.patience, specOf(kind).pilot.fitKind === 'gradient' ? 'gradient' : 'als'),
    trainSeconds,
    predictSeconds: (o.now() - predictStarted) / 1000,
    retried: false,
    failure: null,
  }
}

/** The mean model's validation loss on the split: the level a failed fit never leaves. */
export async function baselineValidationLoss(
  split: PilotSplit,
  loss: 'squared' | 'logistic',
  scaling: boolean,
  signal: AbortSignal | undefined,
): Promise<number | null> {
  signal?.throwIfAborted()
  const model = createMeanModel({ loss, scaling })
  try {
    const report = await model.fit(split.train, { validation: split.validation, seed: 0 })
    return finiteOrNull(report.bestValidationLoss)
  } finally {
    model.dispose()
  }
}

function foldInEpochsOf(kind: PilotModelKind, effort: EffortPreset): { epochs?: number } {
  const epochs = specOf(kind).pilot.foldInEpochs(effortSection(effort, kind))
  return epochs === undefined ? {} : { epochs }
}

export { batchSizeFor, MIN_STEPS_PER_EPOCH } from '../models/nnmf/model.js'

export function buildModel(
  kind: PilotModelKind,
  c: Candidate,
  effort: EffortPreset,
  loss: 'squared' | 'logistic',
  scaling: boolean,
  engine: PilotEngine | undefined,
  nTrain: number,
): Model {
  const spec = specOf(kind)
  if (spec.usesEngine && !engine) throw new Error(`runPilot: ${kind} needs an engine`)
  return spec.pilot.build({
    candidate: c,
    section: effortSection(effort, kind),
    target: { loss, scaling },
    runtime: engine ? { nnmfEngine: engine.factory } : {},
    nTrain,
  })
}
