import { z } from 'zod'
import type { SparseMatrix } from '../matrix/sparse.js'
import { TargetSpace, type TargetConfig, type TargetSpaceState } from '../fitting/targets.js'
import type { FitOptions, FitReport, FoldInOptions, Model, Predictor, SavedModel } from './model.js'
import { defineModel } from './spec.js'

/**
 * The global mean: one number for every cell (in training units, so with column scaling it is each
 * column's mean). The floor every other model must beat. Logistic: the overall failure rate.
 */
export type MeanConfig = TargetConfig

interface MeanSavedConfig {
  model: MeanConfig
  space: TargetSpaceState
  mu: number
}

export class GlobalMeanModel implements Model {
  readonly kind = 'mean' as const
  private mu: number | undefined
  private space: TargetSpace | undefined

  constructor(readonly config: MeanConfig) {}

  async fit(train: SparseMatrix, options: FitOptions): Promise<FitReport> {
    options.signal?.throwIfAborted()
    const started = performance.now()
    const space = TargetSpace.fit(train, this.config)
    const tr = space.toTraining(train)
    this.space = space
    this.mu = space.baseline(tr.values)
    const score = (m: SparseMatrix): number => space.score(new Float64Array(m.values.length).fill(this.mu!), m.values)
    const validationLoss = options.validation ? score(space.toTraining(options.validation)) : null
    const elapsedMs = performance.now() - started
    const point = { epoch: 1, maxEpochs: 1, trainLoss: score(tr), validationLoss, elapsedMs, etaMs: 0 }
    options.onProgress?.(point)
    return { epochs: 1, bestEpoch: 1, bestValidationLoss: validationLoss, stoppedEarly: false, curve: [point], elapsedMs }
  }

  async predict(rows: Int32Array, cols: Int32Array): Promise<Float64Array> {
    if (this.mu === undefined || !this.space) throw new Error('mean model is not trained')
    return this.space.toOriginalInPlace(new Float64Array(rows.length).fill(this.mu), cols)
  }

  /** Nothing is row-specific: new rows get the same prediction. */
  async foldIn(_newRows: SparseMatrix, _options: FoldInOptions): Promise<Predictor> {
    return { predict: (rows, cols) => this.predict(rows, cols), dispose: () => {} }
  }

  toSaved(): SavedModel {
    if (this.mu === undefined || !this.space) throw new Error('mean model is not trained')
    const config: MeanSavedConfig = { model: this.config, space: this.space.toState(), mu: this.mu }
    return { kind: 'mean', config: config as unknown as Record<string, unknown>, blobs: {} }
  }

  static fromSaved(saved: SavedModel): GlobalMeanModel {
    const config = saved.config as unknown as MeanSavedConfig
    const model = new GlobalMeanModel(config.model)
    model.mu = config.mu
    model.space = TargetSpace.fromState(config.space)
    return model
  }

  dispose(): void {}
}

export function createMeanModel(config: Partial<MeanConfig> = {}): GlobalMeanModel {
  return new GlobalMeanModel({ loss: 'squared', scaling: false, ...config })
}

/** Per split: splitting, scoring and the breakdown, charged to the floor model every pilot runs. */
const OVERHEAD_SECONDS_PER_MILLION_ENTRIES = 2

export const meanSpec = defineModel({
  kind: 'mean',
  words: {
    en: { name: 'Global mean', description: 'Fills every missing value with the average of all training values: the simplest baseline.' },
    ja: { name: '全体平均', description: 'すべての欠測を、学習データ全体の平均値で埋める最も単純な基準です。' },
  },
  color: '#9e9e9e',
  usesEngine: false,
  tunes: { d: false, lambda: false },
  trainGrid: { dGrid: [], lambdaGrid: [] },
  hyperparameterConfig: () => ({}),
  create: (config) => createMeanModel({ loss: config.loss, scaling: config.scaling }),
  fromSaved: (saved) => GlobalMeanModel.fromSaved(saved),
  pilot: {
    role: 'floor',
    effort: { schema: z.object({}), presets: { quick: {}, standard: {}, thorough: {} } },
    candidates: () => [{ d: null, lambda: null }],
    retries: () => [],
    maxEpochs: () => 1,
    patience: () => 2,
    fitKind: 'none',
    foldInEpochs: () => undefined,
    build: ({ target }) => createMeanModel(target),
    estimateSeconds: ({ nObserved }) => (OVERHEAD_SECONDS_PER_MILLION_ENTRIES * nObserved) / 1e6,
  },
})
