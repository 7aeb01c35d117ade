import { createBiasModel } from '../models/bias.js'
import { createMeanModel } from '../models/mean.js'
import { createMfModel } from '../models/mf.js'
import type { Model, TrainingProgress } from '../models/model.js'
import type { NnmfEngineFactory } from '../models/nnmf/engine.js'
import { createNnmfModel } from '../models/nnmf/model.js'
import { hyperparameterConfig, type Hyperparameters } from '../training/hyperparameters.js'
import { selectByValidation } from '../training/select.js'
import type { PilotModelKind } from './config.js'
import type { EffortPreset } from './effort.js'
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
}

/**
 * The pilot searches its effort preset's grids; Train a model searches TRAIN_SEARCH. A retry
 * after a failed fit also changes the learning rate (NNMF) and the initialisation seed.
 */
export type Candidate = Hyperparameters & { learningRateFactor?: number }

export function candidatesFor(model: PilotModelKind, effort: EffortPreset): Candidate[] {
  switch (model) {
    case 'mean':
      return [{ d: null, lambda: null }]
    case 'bias':
      return effort.bias.lambdaGrid.map((lambda) => ({ d: null, lambda }))
    case 'mf':
      return effort.mf.dGrid.flatMap((d) => effort.mf.lambdaGrid.map((lambda) => ({ d, lambda })))
    case 'nnmf':
      return effort.nnmf.lambdaGrid.map((lambda) => ({ d: null, lambda }))
  }
}

/** The effort's retries for a failed fit: lower λ (from the grid's smallest), gentler steps. */
export function retryCandidatesFor(model: 'mf' | 'nnmf', effort: EffortPreset): Candidate[] {
  const grid = model === 'mf' ? effort.mf : effort.nnmf
  const smallest = Math.min(...grid.lambdaGrid)
  const d = model === 'mf' ? Math.max(...effort.mf.dGrid) : null
  return grid.retries.map((r) => ({ d, lambda: smallest * r.lambdaFactor, learningRateFactor: r.learningRateFactor }))
}

export function patienceOf(model: PilotModelKind, effort: EffortPreset): number {
  return model === 'mf' ? effort.mf.patience : model === 'nnmf' ? effort.nnmf.patience : 2
}

export function maxEpochsOf(model: PilotModelKind, effort: EffortPreset): number {
  return model === 'mean' ? 1 : model === 'bias' ? effort.bias.maxEpochs : model === 'mf' ? effort.mf.maxEpochs : effort.nnmf.maxEpochs
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
    seed: o.seed, ...(signal ? { signal } : {}), onProgress: o.onProgress,
  })
  let predicted: Float64Array
  let trainSeconds: number
  let predictStarted: number
  try {
    if (split.newRows) {
      const folded = await selection.model.foldIn(split.newRows.known, { seed: o.foldInSeed, epochs: o.effort.nnmf.foldInEpochs, ...(signal ? { signal } : {}) })
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
      d: s.candidate.d, lambda: s.candidate.lambda, validationLoss: finiteOrNull(s.validationLoss), epochs: s.epochs, bestEpoch: s.bestEpoch,
    })),
    validationLoss: finiteOrNull(chosenReport.bestValidationLoss),
    epochs: chosenReport.epochs,
    bestEpoch: chosenReport.bestEpoch,
    maxEpochs: o.maxEpochs,
    curve: downsampleCurve(chosenReport.curve),
    stillImproving: stillImproving(chosenReport, o.maxEpochs, o.patience, kind === 'nnmf' ? 'gradient' : 'als'),
    trainSeconds,
    predictSeconds: (o.now() - predictStarted) / 1000,
    retried: false,
    failure: null,
  }
}

/** The mean model's validation loss on the split: the level a failed fit never leaves. */
export async function baselineValidationLoss(split: PilotSplit, loss: 'squared' | 'logistic', scaling: boolean, signal: AbortSignal | undefined): Promise<number | null> {
  signal?.throwIfAborted()
  const model = createMeanModel({ loss, scaling })
  try {
    const report = await model.fit(split.train, { validation: split.validation, seed: 0 })
    return finiteOrNull(report.bestValidationLoss)
  } finally {
    model.dispose()
  }
}

/**
 * The effort's minibatch size, shrunk on small tables so an epoch is at least MIN_STEPS_PER_EPOCH
 * optimiser steps: epoch limits are counted in epochs, and at 2048 entries a batch a 7,000-cell
 * table got 4 steps an epoch, 160 in a whole standard pilot, and NNMF ended every pilot still
 * improving. Large tables (SECOM, MovieLens) keep the effort's size.
 */
export const MIN_STEPS_PER_EPOCH = 32
const MIN_BATCH = 32

export function batchSizeFor(batchSize: number, nTrain: number): number {
  return Math.max(Math.min(batchSize, MIN_BATCH), Math.min(batchSize, Math.ceil(nTrain / MIN_STEPS_PER_EPOCH)))
}

export function buildModel(kind: PilotModelKind, c: Candidate, effort: EffortPreset, loss: 'squared' | 'logistic', scaling: boolean, engine: PilotEngine | undefined, nTrain: number): Model {
  switch (kind) {
    case 'mean':
      return createMeanModel({ loss, scaling })
    case 'bias':
      return createBiasModel({ loss, scaling, ...hyperparameterConfig(kind, c), maxEpochs: effort.bias.maxEpochs })
    case 'mf':
      return createMfModel({ loss, scaling, ...hyperparameterConfig(kind, c), maxEpochs: effort.mf.maxEpochs, patience: effort.mf.patience })
    case 'nnmf': {
      if (!engine) throw new Error('runPilot: NNMF needs an engine')
      const n = effort.nnmf
      return createNnmfModel(engine.factory, {
        loss, scaling, ...hyperparameterConfig(kind, c), maxEpochs: n.maxEpochs, patience: n.patience, learningRate: n.learningRate * (c.learningRateFactor ?? 1),
        batchSize: batchSizeFor(n.batchSize, nTrain), foldInEpochs: n.foldInEpochs, architecture: { d: n.d, dPrime: n.dPrime, k: 1, hidden: n.hidden },
      })
    }
  }
}
