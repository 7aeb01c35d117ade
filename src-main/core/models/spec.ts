import { z } from 'zod'
import type { TargetConfig } from '../fitting/targets.js'
import type { Model, SavedModel } from './model.js'
import type { NnmfEngineFactory } from './nnmf/engine.js'

/**
 * What the rest of the product knows about a model, declared once in the model's own file (after
 * Surprise, where an algorithm is one module on AlgoBase). The list in specs.ts is the only place
 * that names every model: kinds, schemas, grids, colours, names and CLI choices all derive from it.
 */

/** The settings chosen on validation: latent size D and the ℓ2 weight λ (null where a model has none). */
export interface Hyperparameters {
  d: number | null
  lambda: number | null
}

/** A pilot candidate; a retry after a failed fit also scales the learning rate (NNMF). */
export type Candidate = Hyperparameters & { learningRateFactor?: number }

export interface SearchGrid {
  dGrid: readonly number[]
  lambdaGrid: readonly number[]
}

export type EffortName = 'quick' | 'standard' | 'thorough'

export interface ModelWords {
  name: string
  description: string
}

/** What a model needs beyond its configuration: NNMF predicts on an engine the app chose. */
export interface ModelRuntime {
  nnmfEngine?: NnmfEngineFactory
}

/** This machine's measured speed (pilot/estimate.ts measures it). */
export interface Throughput {
  /** NNMF training entries per second (network + latent step, validation scoring included). */
  nnmfEntriesPerSecond: number
  /** MF (ALS, D = 10) entry-sweeps per second, scoring included. */
  mfEntriesPerSecond: number
}

export interface EstimateInput<Section> {
  section: Section
  /** Training entries per split (after the test and validation hold-outs). */
  nTrain: number
  nRows: number
  nCols: number
  /** Observed cells of the whole table. */
  nObserved: number
  /** Known cells of held-out rows to fold in (goal new-rows), else null. */
  nFoldIn: number | null
  throughput: Throughput
}

export interface PilotBuild<Section> {
  candidate: Candidate
  section: Section
  target: TargetConfig
  runtime: ModelRuntime
  nTrain: number
}

/**
 * A model's part in a pilot:
 *  - role: 'floor' is the level every fit must leave (failed-fit.ts); 'compared' models are the
 *    verdict's pair and get the failed-fit checks and retries; 'baseline' models are scored and
 *    shown beside them;
 *  - effort: its section of each effort preset (pilot/effort.ts states the fair-tuning rule these
 *    grids follow), with the schema that validates overrides of it.
 */
export interface PilotPart<Section> {
  role: 'floor' | 'baseline' | 'compared'
  effort: { schema: z.ZodType<Section>; presets: Readonly<Record<EffortName, Section>> }
  candidates(section: Section): Candidate[]
  /** Settings tried, in order, after a failed fit ('compared' models). */
  retries(section: Section): Candidate[]
  maxEpochs(section: Section): number
  patience(section: Section): number
  /** How a fit cut off at its epoch limit is judged still improving (still-improving.ts). */
  fitKind: 'none' | 'als' | 'gradient'
  foldInEpochs(section: Section): number | undefined
  build(p: PilotBuild<Section>): Model
  /** Seconds of one split's work (the wizard's estimate and the progress bar's weights). */
  estimateSeconds(p: EstimateInput<Section>): number
}

export interface ModelSpec<K extends string = string, Section = unknown> {
  kind: K
  words: { en: ModelWords; ja: ModelWords }
  /** Chart colour, the same in the app and the report. */
  color: string
  /** Predicts on an NNMF engine (the app and CLI choose one only for such models). */
  usesEngine: boolean
  /** Which hyperparameters "Train a model" and the CLI may pin. */
  tunes: { d: boolean; lambda: boolean }
  /** What "Train a model" searches when nothing is pinned (training/hyperparameters.ts). */
  trainGrid: SearchGrid
  /** The model configuration a candidate stands for. */
  hyperparameterConfig(h: Hyperparameters): Record<string, number>
  /** A fresh, untrained model in the given target space, with overrides of its defaults. */
  create(config: TargetConfig & Record<string, unknown>, runtime: ModelRuntime): Model
  fromSaved(saved: SavedModel, runtime: ModelRuntime): Model
  pilot: PilotPart<Section>
}

/** Declares a spec with its section type inferred (specs.ts keeps each one's types). */
export function defineModel<K extends string, Section>(spec: ModelSpec<K, Section>): ModelSpec<K, Section> {
  return spec
}

/** Every candidate of a grid in grid order (an exact tie goes to the earlier one); pinned values replace their grid. */
export function gridCandidates(grid: SearchGrid, pinned: Partial<Hyperparameters> = {}): Hyperparameters[] {
  const lambdas: (number | null)[] = typeof pinned.lambda === 'number' ? [pinned.lambda] : grid.lambdaGrid.length ? [...grid.lambdaGrid] : [null]
  const ds: (number | null)[] = typeof pinned.d === 'number' ? [pinned.d] : grid.dGrid.length ? [...grid.dGrid] : [null]
  return ds.flatMap((d) => lambdas.map((lambda) => ({ d, lambda })))
}

/** Failed-fit retries of the compared models (pilot/effort.ts): first a lower λ, then also a gentler step. */
export const FAILED_FIT_RETRIES: Readonly<Record<'one' | 'two', { lambdaFactor: number; learningRateFactor: number }[]>> = {
  one: [{ lambdaFactor: 0.1, learningRateFactor: 1 }],
  two: [
    { lambdaFactor: 0.1, learningRateFactor: 1 },
    { lambdaFactor: 0.01, learningRateFactor: 0.5 },
  ],
}

export const retriesSchema = z.array(z.object({ lambdaFactor: z.number().positive(), learningRateFactor: z.number().positive() })).max(5)

/** ALS sweeps a typical fit takes before its patience runs out (calibrated on SECOM, bench/pilot.ts). */
export const ALS_TYPICAL_SWEEPS = 10

/** Seconds of S ALS sweeps at latent size d over nTrain entries (cost per entry ∝ (d + 1)², floored: scoring dominates at d = 0). */
export function alsSeconds(nTrain: number, d: number, sweeps: number, throughput: Throughput): number {
  return (sweeps * nTrain * Math.max(0.1, ((d + 1) / 11) ** 2)) / throughput.mfEntriesPerSecond
}
