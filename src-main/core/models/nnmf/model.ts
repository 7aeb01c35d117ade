/**
 * NNMF (Dziugaite & Roy 2015) as a Model: the training loop over any NnmfEngine (the app picks the
 * engine by passing its factory; tfjs on some backend, the fast CPU path, or the scalar reference).
 *
 * Choices for time to accuracy (measured on ML-100K, see bench/training.ts):
 * - Target centred: the output bias starts at the training mean (or its logit), so the network
 *   starts by predicting the mean and learns the residual; everything else is init.ts's seeded
 *   initialisation (truncated-normal latents σ = 0.1, PyTorch-style uniform network weights).
 * - Minibatches of `batchSize` entries (2048) in a fresh seeded order each epoch, one network step
 *   then one latent step per minibatch (the paper's alternation, at minibatch rather than full
 *   batch granularity: ~40 updates per epoch on ML-100K instead of one).
 * - RMSProp (the contract's rule) at `learningRate`, halved after `decayPatience` epochs without a
 *   validation improvement, so the last epochs refine instead of oscillating.
 * - Early stopping on the validation RMSE with `patience` epochs, best parameters restored.
 * - λ is the contract's latent penalty (λ·Σ‖latents‖² over an epoch), the same scale as the
 *   full-batch reference. Default λ = 5, not the reference's 50: on ML-100K (reference split,
 *   fast CPU engine) λ = 50 plateaus at test RMSE 0.922 (train RMSE stuck near 0.92: it
 *   underfits), λ = 20 the same, λ = 5 reaches 0.897 at epoch 15 (~10 s) and then overfits, which
 *   early stopping catches. Pick λ on validation (training/select.ts) for other data.
 */
import { z } from 'zod'
import type { SparseMatrix } from '../../matrix/sparse.js'
import { createRng, type Rng, type RngState } from '../../random.js'
import { TargetSpace, type TargetConfig, type TargetSpaceState } from '../../fitting/targets.js'
import { runEpochs, type LoopState } from '../fit-loop.js'
import { loadLoop, saveLoop, stateArray, type StateArray } from '../resume-state.js'
import { EventLoopBreather, type FitOptions, type FitReport, type FoldInOptions, type Model, type Predictor, type SavedModel } from '../model.js'
import {
  PAPER_ARCHITECTURE,
  type Batch,
  type NnmfArchitecture,
  type NnmfEngine,
  type NnmfEngineFactory,
  type NnmfEngineSetup,
  type NnmfParams,
} from './engine.js'
import { initParams, layerShapes } from './init.js'
import { defineModel, FAILED_FIT_RETRIES, retriesSchema, type Hyperparameters, type ModelRuntime } from '../spec.js'

export interface NnmfConfig extends TargetConfig {
  architecture: NnmfArchitecture
  lambda: number
  batchSize: number
  learningRate: number
  /** Multiply the learning rate by `decayFactor` after this many epochs without improvement. */
  decayPatience: number
  decayFactor: number
  maxEpochs: number
  patience: number
  /** Latent-only epochs over the new rows' entries in fold-in. */
  foldInEpochs: number
}

export const NNMF_DEFAULTS: NnmfConfig = {
  loss: 'squared',
  scaling: false,
  architecture: PAPER_ARCHITECTURE,
  lambda: 5,
  batchSize: 2048,
  learningRate: 2e-3,
  decayPatience: 2,
  decayFactor: 0.5,
  maxEpochs: 200,
  patience: 6,
  foldInEpochs: 100,
}

interface NnmfSavedConfig {
  model: NnmfConfig
  space: TargetSpaceState
  nRows: number
  nCols: number
  /** Name of the engine that trained the model (predictions are bitwise reproducible on the same engine). */
  engine: string
}

export function countsOf(keys: Int32Array, n: number): Int32Array {
  const counts = new Int32Array(n)
  for (const k of keys) counts[k]!++
  return counts
}

/** Seeded minibatches over a matrix's entries in a fresh order each call. */
export class Minibatches {
  private readonly order: Int32Array
  private readonly rows: Int32Array
  private readonly cols: Int32Array
  private readonly targets: Float32Array

  constructor(
    private readonly matrix: SparseMatrix,
    private readonly batchSize: number,
  ) {
    const n = matrix.values.length
    this.order = Int32Array.from({ length: n }, (_, i) => i)
    this.rows = new Int32Array(n)
    this.cols = new Int32Array(n)
    this.targets = new Float32Array(n)
  }

  /** The current entry order (each epoch shuffles the previous one), to resume a fit. */
  saveOrder(): Int32Array {
    return this.order.slice()
  }

  restoreOrder(order: Int32Array): void {
    if (order.length !== this.order.length) throw new Error(`resume state: batch order has ${order.length} entries, expected ${this.order.length}`)
    this.order.set(order)
  }

  *epoch(rng: Rng): Generator<Batch> {
    const { order, rows, cols, targets, matrix } = this
    const n = order.length
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1)
      const t = order[i]!
      order[i] = order[j]!
      order[j] = t
    }
    for (let i = 0; i < n; i++) {
      const e = order[i]!
      rows[i] = matrix.rows[e]!
      cols[i] = matrix.cols[e]!
      targets[i] = matrix.values[e]!
    }
    for (let start = 0; start < n; start += this.batchSize) {
      const end = Math.min(n, start + this.batchSize)
      yield { rows: rows.subarray(start, end), cols: cols.subarray(start, end), targets: targets.subarray(start, end) }
    }
  }
}

export class NnmfModel implements Model {
  readonly kind = 'nnmf' as const
  private engine: NnmfEngine | undefined
  private params: NnmfParams | undefined
  private space: TargetSpace | undefined
  private shape: { nRows: number; nCols: number } | undefined
  private engineName = ''
  private training = false

  constructor(
    private readonly engineFactory: NnmfEngineFactory,
    readonly config: NnmfConfig,
  ) {}

  async fit(train: SparseMatrix, options: FitOptions): Promise<FitReport> {
    const config = this.config
    const space = TargetSpace.fit(train, config)
    const tr = space.toTraining(train)
    const va = options.validation ? space.toTraining(options.validation) : undefined
    const setup: NnmfEngineSetup = {
      nRows: tr.nRows,
      nCols: tr.nCols,
      architecture: config.architecture,
      loss: config.loss,
      rowCounts: countsOf(tr.rows, tr.nRows),
      colCounts: countsOf(tr.cols, tr.nCols),
    }
    const rng = createRng(options.seed)
    const params = initParams(setup, rng)
    params.biases[params.biases.length - 1]![0] = space.baseline(tr.values)
    this.engine?.dispose()
    const engine = await this.engineFactory(setup)
    this.engine = engine
    this.engineName = engine.name
    this.space = space
    this.shape = { nRows: tr.nRows, nCols: tr.nCols }
    engine.setParams(params)
    engine.resetOptimizer()
    // Until training ends the engine holds the live parameters (predict and toSaved read them there).
    this.params = undefined
    this.training = true

    const batches = new Minibatches(tr, config.batchSize)
    let learningRate = config.learningRate
    let epochLoss = 0
    const layers = layerShapes(config.architecture).length
    // A resumed fit: the same start (the seeded draws above) overwritten with where it stood.
    let resume: LoopState<NnmfParams> | undefined
    if (options.resumeFrom) {
      const from = options.resumeFrom
      const json = from.json as { rng: RngState; learningRate: number; loop: unknown }
      engine.setParams(unpackState(from.arrays, 'p.', layers))
      engine.setOptimizerState(unpackState(from.arrays, 's.', layers))
      rng.restore(json.rng)
      batches.restoreOrder(stateArray(from, 'order', Int32Array))
      learningRate = json.learningRate
      resume = loadLoop(json.loop, from.arrays, (_meta, get) => unpackState({ ...Object.fromEntries(PARAM_NAMES(layers).map((n) => [n, get(n)])) }, '', layers))
    }
    const onResumePoint = options.onResumePoint
    const { report, best } = await runEpochs(options, {
      ...(resume ? { resume } : {}),
      ...(onResumePoint
        ? {
            onResumePoint: (loop: LoopState<NnmfParams>) =>
              onResumePoint({
                epoch: loop.epoch,
                capture: () => {
                  const arrays: Record<string, StateArray> = { order: batches.saveOrder() }
                  packState(engine.getParams(), 'p.', arrays)
                  packState(engine.getOptimizerState(), 's.', arrays)
                  const loopJson = saveLoop(loop, arrays, (snapshot, put) => {
                    const packed: Record<string, StateArray> = {}
                    packState(snapshot, '', packed)
                    for (const [name, array] of Object.entries(packed)) put(name, array.slice())
                    return {}
                  })
                  return { json: { rng: rng.save(), learningRate, loop: loopJson }, arrays }
                },
              }),
          }
        : {}),
      maxEpochs: config.maxEpochs,
      patience: config.patience,
      minDelta: 1e-5,
      runEpoch: async () => {
        epochLoss = 0
        const step = { learningRate, lambda: config.lambda }
        const breather = new EventLoopBreather()
        for (const batch of batches.epoch(rng)) {
          await breather.maybeYield()
          options.signal?.throwIfAborted()
          epochLoss += await engine.step(batch, 'network', step)
          await engine.step(batch, 'latents', step)
        }
      },
      score: async () => {
        const n = Math.max(1, tr.values.length)
        const trainLoss = config.loss === 'squared' ? Math.sqrt(epochLoss / n) : epochLoss / n
        if (!va) return { train: trainLoss, validation: null }
        const raw = await engine.predict(va.rows, va.cols)
        return { train: trainLoss, validation: space.score(raw, va.values) }
      },
      snapshot: () => engine.getParams(),
      onPlateau: (since) => {
        if (since % config.decayPatience === 0) learningRate *= config.decayFactor
      },
    })
    engine.setParams(best)
    engine.resetOptimizer()
    this.params = best
    this.training = false
    return report
  }

  private fitted(): { params: NnmfParams; space: TargetSpace; shape: { nRows: number; nCols: number } } {
    const params = this.params ?? (this.training ? this.engine?.getParams() : undefined)
    if (!params || !this.space || !this.shape) throw new Error('NNMF model is not trained')
    return { params, space: this.space, shape: this.shape }
  }

  /** The engine holding the fitted parameters, created on first use after loading. */
  private async ready(): Promise<NnmfEngine> {
    const { params, shape } = this.fitted()
    if (!this.engine) {
      this.engine = await this.engineFactory({
        ...shape,
        architecture: this.config.architecture,
        loss: this.config.loss,
        rowCounts: new Int32Array(shape.nRows),
        colCounts: new Int32Array(shape.nCols),
      })
      this.engine.setParams(params)
    }
    return this.engine
  }

  async predict(rows: Int32Array, cols: Int32Array): Promise<Float64Array> {
    const engine = this.training && this.engine ? this.engine : await this.ready()
    const raw = Float64Array.from(await engine.predict(rows, cols))
    if (!this.space) throw new Error('NNMF model is not trained')
    return this.space.toOriginalInPlace(raw, cols)
  }

  /**
   * New rows' U, U' fit by latent-only steps on their entries through a second engine set up with
   * nRows = the new rows; the network and the column latents are copied in and the column latents
   * are put back after every step (the contract's latent step moves both sides), so only the new
   * rows' latents change. The contract is used as it is; nothing is added to it.
   */
  async foldIn(newRows: SparseMatrix, options: FoldInOptions): Promise<Predictor> {
    const { params, space } = this.fitted()
    const data = space.toTraining(newRows)
    const setup: NnmfEngineSetup = {
      nRows: data.nRows,
      nCols: data.nCols,
      architecture: this.config.architecture,
      loss: this.config.loss,
      rowCounts: countsOf(data.rows, data.nRows),
      colCounts: countsOf(data.cols, data.nCols),
    }
    const rng = createRng(options.seed)
    const start = initParams(setup, rng)
    const fixed: NnmfParams = { ...params, U: start.U, Up: start.Up }
    const engine = await this.engineFactory(setup)
    try {
      engine.setParams(fixed)
      engine.resetOptimizer()
      const batches = new Minibatches(data, this.config.batchSize)
      const step = { learningRate: this.config.learningRate, lambda: this.config.lambda }
      const epochs = options.epochs ?? this.config.foldInEpochs
      const breather = new EventLoopBreather()
      for (let epoch = 0; epoch < epochs; epoch++) {
        for (const batch of batches.epoch(rng)) {
          await breather.maybeYield()
          options.signal?.throwIfAborted()
          await engine.step(batch, 'latents', step)
          const moved = engine.getParams()
          engine.setParams({ ...fixed, U: moved.U, Up: moved.Up })
        }
      }
    } catch (error) {
      engine.dispose()
      throw error
    }
    return {
      predict: async (rows, cols) => {
        const raw = Float64Array.from(await engine.predict(rows, cols))
        return space.toOriginalInPlace(raw, cols)
      },
      dispose: () => engine.dispose(),
    }
  }

  get engineUsed(): string {
    return this.engineName
  }

  toSaved(): SavedModel {
    const { params, space, shape } = this.fitted()
    const config: NnmfSavedConfig = { model: this.config, space: space.toState(), ...shape, engine: this.engineName }
    const blobs: Record<string, Float32Array> = { U: params.U, V: params.V, Up: params.Up, Vp: params.Vp }
    params.weights.forEach((w, l) => {
      blobs[`W${l}`] = w
      blobs[`b${l}`] = params.biases[l]!
    })
    return { kind: 'nnmf', config: config as unknown as Record<string, unknown>, blobs }
  }

  static fromSaved(saved: SavedModel, engineFactory: NnmfEngineFactory): NnmfModel {
    if (saved.kind !== 'nnmf') throw new Error(`not an NNMF model: ${saved.kind}`)
    const config = saved.config as unknown as NnmfSavedConfig
    const model = new NnmfModel(engineFactory, config.model)
    const blob = (name: string): Float32Array => {
      const b = saved.blobs[name]
      if (!b) throw new Error(`saved NNMF model lacks ${name}`)
      return b.slice()
    }
    const layers = layerShapes(config.model.architecture).length
    model.params = {
      U: blob('U'),
      V: blob('V'),
      Up: blob('Up'),
      Vp: blob('Vp'),
      weights: Array.from({ length: layers }, (_, l) => blob(`W${l}`)),
      biases: Array.from({ length: layers }, (_, l) => blob(`b${l}`)),
    }
    model.space = TargetSpace.fromState(config.space)
    model.shape = { nRows: config.nRows, nCols: config.nCols }
    model.engineName = config.engine
    return model
  }

  dispose(): void {
    this.engine?.dispose()
    this.engine = undefined
  }
}

/** Names of the parameter arrays in a resume state (and in saved models). */
const PARAM_NAMES = (layers: number): string[] => ['U', 'V', 'Up', 'Vp', ...Array.from({ length: layers }, (_, l) => [`W${l}`, `b${l}`]).flat()]

function packState(params: NnmfParams, prefix: string, into: Record<string, StateArray>): void {
  into[`${prefix}U`] = params.U
  into[`${prefix}V`] = params.V
  into[`${prefix}Up`] = params.Up
  into[`${prefix}Vp`] = params.Vp
  params.weights.forEach((w, l) => (into[`${prefix}W${l}`] = w))
  params.biases.forEach((b, l) => (into[`${prefix}b${l}`] = b))
}

function unpackState(arrays: Record<string, StateArray>, prefix: string, layers: number): NnmfParams {
  const get = (name: string): Float32Array => {
    const array = arrays[prefix + name]
    if (!(array instanceof Float32Array)) throw new Error(`resume state lacks ${prefix}${name}`)
    return array
  }
  return {
    U: get('U'),
    V: get('V'),
    Up: get('Up'),
    Vp: get('Vp'),
    weights: Array.from({ length: layers }, (_, l) => get(`W${l}`)),
    biases: Array.from({ length: layers }, (_, l) => get(`b${l}`)),
  }
}

export function createNnmfModel(engineFactory: NnmfEngineFactory, config: Partial<NnmfConfig> = {}): NnmfModel {
  return new NnmfModel(engineFactory, { ...NNMF_DEFAULTS, ...config })
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

/** Best epoch of a typical pilot fit (calibrated on SECOM, bench/pilot.ts): the estimate's shaky part. */
export const NNMF_TYPICAL_BEST_EPOCH = 16

const nnmfHyperparameters = (h: Hyperparameters): Record<string, number> => (h.lambda === null ? {} : { lambda: h.lambda })

function createWithEngine(config: Partial<NnmfConfig>, runtime: ModelRuntime): NnmfModel {
  if (!runtime.nnmfEngine) throw new Error('an NNMF model needs an engine factory')
  return createNnmfModel(runtime.nnmfEngine, config)
}

const nnmfEffortSchema = z.object({
  lambdaGrid: z.array(z.number().positive()).min(1),
  maxEpochs: z.number().int().min(1),
  patience: z.number().int().min(1),
  learningRate: z.number().positive(),
  /** Hidden layer widths; the paper's 3 × 50 unless a test shrinks it. */
  hidden: z.array(z.number().int().min(1)).min(1),
  d: z.number().int().min(1),
  dPrime: z.number().int().min(1),
  batchSize: z.number().int().min(1),
  foldInEpochs: z.number().int().min(1),
  retries: retriesSchema,
})

const PAPER_NETWORK = { hidden: [50, 50, 50], d: 10, dPrime: 60, batchSize: 2048 }

export const nnmfSpec = defineModel({
  kind: 'nnmf',
  words: {
    en: {
      name: 'NNMF',
      description: 'Neural network matrix factorisation: replaces the product in MF by a small neural network, so it can learn more complex relations.',
    },
    ja: {
      name: 'NNMF',
      description: 'ニューラルネットワーク行列分解。MF の掛け合わせの部分を小さなニューラルネットワークに置き換え、より複雑な関係を学べるようにした手法です。',
    },
  },
  color: '#d62728',
  usesEngine: true,
  tunes: { d: false, lambda: true },
  // Two values only: each one is a full training run.
  trainGrid: { dGrid: [], lambdaGrid: [1, 5] },
  hyperparameterConfig: nnmfHyperparameters,
  create: (config, runtime) => createWithEngine(config, runtime),
  fromSaved: (saved, runtime) => {
    if (!runtime.nnmfEngine) throw new Error('loading an NNMF model needs an engine factory')
    return NnmfModel.fromSaved(saved, runtime.nnmfEngine)
  },
  pilot: {
    role: 'compared',
    effort: {
      schema: nnmfEffortSchema,
      /*
       * patience 8 or more: on SECOM NNMF's validation loss sits on a plateau (or rises) for the
       * first ~6 epochs before it falls, and a shorter patience stops it there (seen with patience 3
       * and 5 in quick: best epoch 1 in two of three repeats, NNMF judged on an untrained network).
       * learningRate 5e-3 rather than the model's default 2e-3: on SECOM the default spends the first
       * ~6 epochs on a plateau, which a quick pilot cannot afford; the model's learning-rate decay
       * still refines at the end. foldInEpochs: latent-only epochs for the fold-in of new rows.
       * As many λ values as MF from standard on (two at quick), from NNMF's own lower range
       * (fair-tuning rule 2, pilot/effort.ts).
       */
      presets: {
        quick: { lambdaGrid: [1, 5], maxEpochs: 15, patience: 8, learningRate: 5e-3, ...PAPER_NETWORK, foldInEpochs: 20, retries: FAILED_FIT_RETRIES.one },
        standard: {
          lambdaGrid: [0.1, 1, 10],
          maxEpochs: 40,
          patience: 8,
          learningRate: 5e-3,
          ...PAPER_NETWORK,
          foldInEpochs: 50,
          retries: FAILED_FIT_RETRIES.two,
        },
        thorough: {
          lambdaGrid: [0.1, 0.3, 1, 3, 10],
          maxEpochs: 100,
          patience: 10,
          learningRate: 5e-3,
          ...PAPER_NETWORK,
          foldInEpochs: 100,
          retries: FAILED_FIT_RETRIES.two,
        },
      },
    },
    candidates: (s) => s.lambdaGrid.map((lambda) => ({ d: null, lambda })),
    retries: (s) => s.retries.map((r) => ({ d: null, lambda: Math.min(...s.lambdaGrid) * r.lambdaFactor, learningRateFactor: r.learningRateFactor })),
    maxEpochs: (s) => s.maxEpochs,
    patience: (s) => s.patience,
    fitKind: 'gradient',
    foldInEpochs: (s) => s.foldInEpochs,
    build: ({ candidate, section: n, target, runtime, nTrain }) =>
      createWithEngine(
        {
          ...target,
          ...nnmfHyperparameters(candidate),
          maxEpochs: n.maxEpochs,
          patience: n.patience,
          learningRate: n.learningRate * (candidate.learningRateFactor ?? 1),
          batchSize: batchSizeFor(n.batchSize, nTrain),
          foldInEpochs: n.foldInEpochs,
          architecture: { d: n.d, dPrime: n.dPrime, k: 1, hidden: n.hidden },
        },
        runtime,
      ),
    estimateSeconds: ({ section: n, nTrain, nFoldIn, throughput }) => {
      const epochs = Math.min(n.maxEpochs, NNMF_TYPICAL_BEST_EPOCH + n.patience)
      const training = n.lambdaGrid.length * epochs * (nTrain / throughput.nnmfEntriesPerSecond)
      // A latent-only fold-in step costs about half an epoch's work per entry.
      return training + (nFoldIn === null ? 0 : (n.foldInEpochs * 0.5 * nFoldIn) / throughput.nnmfEntriesPerSecond)
    },
  },
})
