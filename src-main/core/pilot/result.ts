import type { EngineFallback } from '../models/nnmf/webgpu/fallback-engine.js'
import type { PilotModelKind, ResolvedPilotConfig } from './config.js'
import type { DataCheck } from './data-check.js'
import type { EffortPreset } from './effort.js'
import type { BestModel, ModelSummary, NnmfVsMf } from './compare.js'
import type { Breakdown } from './breakdown.js'
import type { PrimaryMetric, TestMetrics } from './evaluate.js'
import type { FitFailure } from './verdict.js'

/**
 * What a pilot produces, as plain JSON-safe data (numbers, strings, arrays, null; no typed arrays,
 * no NaN): the store keeps it as it is, and the results page, the CLI and the report render it.
 * Version 2: the verdict has four outcomes with a calibrated interval (compare.ts); results of
 * version 1 are upgraded when read (legacy.ts).
 */
export const PILOT_RESULT_VERSION = 2

export interface CurvePoint {
  epoch: number
  train: number
  validation: number | null
}

export interface CandidateResult {
  d: number | null
  lambda: number | null
  /** Best-epoch validation loss (RMSE in training units, or log loss); null if training diverged. */
  validationLoss: number | null
  epochs: number
  bestEpoch: number
}

export interface ModelRun {
  model: PilotModelKind
  repeat: number
  metrics: TestMetrics
  /** The candidate chosen on validation. */
  chosen: { d: number | null; lambda: number | null }
  candidates: CandidateResult[]
  epochs: number
  bestEpoch: number
  maxEpochs: number
  /** The chosen candidate's best epoch was its last allowed one: more epochs might have helped. */
  hitEpochLimit: boolean
  /** It hit the limit with its validation loss still falling materially (still-improving.ts). */
  stillImproving: boolean
  /** The chosen candidate's best validation loss, and the mean model's on the same split. */
  validationLoss: number | null
  baselineValidationLoss: number | null
  /** The first fit failed (failed-fit.ts) and the effort's retries were trained too. */
  retried: boolean
  /** MF and NNMF: still failed after the retries (the verdict is then inconclusive). */
  failure: FitFailure | null
  /** Learning curve of the chosen candidate, at most CURVE_POINTS points. */
  curve: CurvePoint[]
  /** Fitting every candidate, plus fold-in for new rows. */
  trainSeconds: number
  predictSeconds: number
}

export interface SplitSummary {
  repeat: number
  seed: number
  nTrain: number
  nValidation: number
  nTest: number
  /** new-rows: held-out rows and their cells given to fold-in. */
  nNewRows: number | null
  nKnown: number | null
}

export interface PilotResult {
  version: typeof PILOT_RESULT_VERSION
  config: ResolvedPilotConfig
  effort: EffortPreset
  dataset: {
    id: number
    name: string
    dataHash: string
    nRows: number
    nCols: number
    nObserved: number
    valueKind: 'numeric' | 'binary'
    layout: 'wide' | 'long'
  }
  dataCheck: DataCheck
  /** The NNMF engine (null when NNMF was not in the pilot); `fallback`: its GPU was lost and the CPU fast path finished the pilot. */
  engine: { name: string; label: string; backend: string | null; fallback?: EngineFallback } | null
  loss: 'squared' | 'logistic'
  scaled: boolean
  primaryMetric: PrimaryMetric
  splits: SplitSummary[]
  runs: ModelRun[]
  summary: ModelSummary[]
  comparison: NnmfVsMf | null
  best: BestModel
  perColumn: Breakdown['perColumn']
  scatter: Breakdown['scatter']
  heatmap: Breakdown['heatmap']
  timing: { totalSeconds: number; perModelSeconds: Partial<Record<PilotModelKind, number>> }
}
