/**
 * The NNMF engine contract (engine.ts) with the network in tfjs ops, on whichever backend
 * selectBackend chose.
 *
 * Split of work: the network (matrix products, sigmoids) and its RMSProp update run in tfjs, on
 * tf.Variables, with an explicit backward pass (tfjs/forward-backward.ts says why). The latent
 * tables and their RMSProp state live in JS arrays: each step builds the network input for the
 * batch in JS, and a latent step downloads ∂loss/∂x and updates only the rows and columns the batch
 * touched, one summed update each (tfjs/latent-rows.ts). This keeps wasm's missing
 * UnsortedSegmentSum (gather's gradient) out of the way and makes one download per step.
 */
import * as tf from '@tensorflow/tfjs-core'
import { currentBackend, selectBackend } from '../../backend/select.js'
import type { BackendOptions, BackendPreference, BackendSelection } from '../../backend/types.js'
import {
  RMSPROP_EPSILON,
  RMSPROP_RHO,
  type Batch,
  type LossAndGradients,
  type NnmfEngine,
  type NnmfEngineSetup,
  type NnmfParams,
  type ParameterGroup,
  type StepOptions,
} from './engine.js'
import { layerShapes, zeroParams } from './init.js'
import { IndexCompactor } from './tfjs/compact-indices.js'
import { backward, forwardPass, lossAndOutputGradient, output, type Gradients } from './tfjs/forward-backward.js'
import { accumulateLatentGradient, buildInput, updateTouchedRows } from './tfjs/latent-rows.js'

export interface TfjsEngineOptions extends BackendOptions {
  /** Backend to select first; by default the current selection, or 'auto' if none. */
  backend?: BackendPreference
}

/** Entries per predict chunk: bounds the memory of one forward pass. */
const PREDICT_CHUNK = 16384

/** s ← ρs + (1−ρ)g²;  p ← p − lr·g/(√s + ε). Returns [p, s]. */
function rmsprop(p: tf.Tensor, s: tf.Tensor, g: tf.Tensor, lr: number): [tf.Tensor, tf.Tensor] {
  const sNew = tf.add(tf.mul(s, RMSPROP_RHO), tf.mul(tf.square(g), 1 - RMSPROP_RHO))
  const pNew = tf.sub(p, tf.div(tf.mul(g, lr), tf.add(tf.sqrt(sNew), RMSPROP_EPSILON)))
  return [pNew, sNew]
}

class TfjsNnmfEngine implements NnmfEngine {
  readonly name: string
  private readonly inputWidth: number
  private readonly latents: NnmfParams
  private readonly latentState: NnmfParams
  /** Latent gradient scratch, kept zero outside a latent step. */
  private readonly latentGrads: NnmfParams
  private readonly weights: tf.Variable<tf.Rank.R2>[]
  private readonly biases: tf.Variable<tf.Rank.R1>[]
  private readonly weightState: tf.Variable<tf.Rank.R2>[]
  private readonly biasState: tf.Variable<tf.Rank.R1>[]
  private readonly rowCompactor: IndexCompactor
  private readonly colCompactor: IndexCompactor
  private readonly fuseSigmoid: boolean
  private disposed = false

  constructor(
    private readonly setup: NnmfEngineSetup,
    readonly backend: BackendSelection,
  ) {
    this.name = `tfjs-${backend.name}`
    this.fuseSigmoid = backend.tfjsBackend === 'wasm' || backend.tfjsBackend === 'cpu'
    const { d, dPrime } = setup.architecture
    this.inputWidth = 2 * d + dPrime
    this.latents = zeroParams(setup)
    this.latentState = zeroParams(setup)
    this.latentGrads = zeroParams(setup)
    const shapes = layerShapes(setup.architecture)
    this.weights = shapes.map((s) => zerosVariable<tf.Rank.R2>(s, true))
    this.biases = shapes.map(([, o]) => zerosVariable<tf.Rank.R1>([o], true))
    this.weightState = shapes.map((s) => zerosVariable<tf.Rank.R2>(s, false))
    this.biasState = shapes.map(([, o]) => zerosVariable<tf.Rank.R1>([o], false))
    this.rowCompactor = new IndexCompactor(setup.nRows)
    this.colCompactor = new IndexCompactor(setup.nCols)
  }

  setParams(params: NnmfParams): void {
    this.check()
    for (const key of ['U', 'V', 'Up', 'Vp'] as const) {
      if (params[key].length !== this.latents[key].length) throw new Error(`${key} has ${params[key].length} values, expected ${this.latents[key].length}`)
      this.latents[key].set(params[key])
    }
    layerShapes(this.setup.architecture).forEach((shape, l) => {
      const w = params.weights[l]
      const b = params.biases[l]
      if (!w || !b || w.length !== shape[0] * shape[1] || b.length !== shape[1]) throw new Error(`layer ${l} has the wrong size`)
      tf.tidy(() => {
        this.weights[l]!.assign(tf.tensor2d(w, shape))
        this.biases[l]!.assign(tf.tensor1d(b))
      })
    })
  }

  getParams(): NnmfParams {
    this.check()
    return {
      U: this.latents.U.slice(),
      V: this.latents.V.slice(),
      Up: this.latents.Up.slice(),
      Vp: this.latents.Vp.slice(),
      weights: this.weights.map((w) => Float32Array.from(w.dataSync())),
      biases: this.biases.map((b) => Float32Array.from(b.dataSync())),
    }
  }

  getOptimizerState(): NnmfParams {
    this.check()
    return {
      U: this.latentState.U.slice(),
      V: this.latentState.V.slice(),
      Up: this.latentState.Up.slice(),
      Vp: this.latentState.Vp.slice(),
      weights: this.weightState.map((w) => Float32Array.from(w.dataSync())),
      biases: this.biasState.map((b) => Float32Array.from(b.dataSync())),
    }
  }

  setOptimizerState(state: NnmfParams): void {
    this.check()
    for (const key of ['U', 'V', 'Up', 'Vp'] as const) {
      if (state[key].length !== this.latentState[key].length)
        throw new Error(`optimizer state ${key} has ${state[key].length} values, expected ${this.latentState[key].length}`)
      this.latentState[key].set(state[key])
    }
    layerShapes(this.setup.architecture).forEach((shape, l) => {
      const w = state.weights[l]
      const b = state.biases[l]
      if (!w || !b || w.length !== shape[0] * shape[1] || b.length !== shape[1]) throw new Error(`optimizer state layer ${l} has the wrong size`)
      tf.tidy(() => {
        this.weightState[l]!.assign(tf.tensor2d(w, shape))
        this.biasState[l]!.assign(tf.tensor1d(b))
      })
    })
  }

  resetOptimizer(): void {
    this.check()
    for (const key of ['U', 'V', 'Up', 'Vp'] as const) this.latentState[key].fill(0)
    tf.tidy(() => {
      for (const s of [...this.weightState, ...this.biasState] as tf.Variable[]) s.assign(tf.zerosLike(s))
    })
  }

  async predict(rows: Int32Array, cols: Int32Array): Promise<Float32Array> {
    this.check()
    this.checkBatch(rows, cols)
    const out = new Float32Array(rows.length)
    for (let start = 0; start < rows.length; start += PREDICT_CHUNK) {
      const end = Math.min(rows.length, start + PREDICT_CHUNK)
      const x = this.input(rows.subarray(start, end), cols.subarray(start, end))
      out.set(await download(tf.tidy(() => output(forwardPass(x(), this.weights, this.biases, this.fuseSigmoid)))), start)
    }
    return out
  }

  async lossAndGradients(batch: Batch): Promise<LossAndGradients> {
    this.check()
    const result = tf.tidy(() => {
      const { loss, grads } = this.lossAndGradientTensors(batch, { network: true, input: true })
      return tf.concat([tf.reshape(loss, [1]), ...[...grads.weights, ...grads.biases, grads.input!].map((g) => tf.reshape(g, [-1]))])
    })
    const data = await download(result)
    const grads = zeroParams(this.setup)
    let offset = 1
    const take = (n: number): Float32Array => data.subarray(offset, (offset += n))
    for (const w of grads.weights) w.set(take(w.length))
    for (const b of grads.biases) b.set(take(b.length))
    accumulateLatentGradient(this.setup.architecture, this.latents, batch.rows, batch.cols, take(batch.rows.length * this.inputWidth), grads)
    return { loss: data[0]!, grads }
  }

  async step(batch: Batch, group: ParameterGroup, options: StepOptions): Promise<number> {
    this.check()
    return group === 'network' ? this.networkStep(batch, options) : this.latentStep(batch, options)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    for (const v of [...this.weights, ...this.biases, ...this.weightState, ...this.biasState]) v.dispose()
  }

  private async networkStep(batch: Batch, options: StepOptions): Promise<number> {
    const loss = tf.tidy(() => {
      const { loss, grads } = this.lossAndGradientTensors(batch, { network: true, input: false })
      const params: tf.Variable[] = [...this.weights, ...this.biases]
      const states: tf.Variable[] = [...this.weightState, ...this.biasState]
      const g: tf.Tensor[] = [...grads.weights, ...grads.biases]
      params.forEach((p, i) => {
        const [pNew, sNew] = rmsprop(p, states[i]!, g[i]!, options.learningRate)
        p.assign(pNew)
        states[i]!.assign(sNew)
      })
      return loss
    })
    return (await download(loss))[0]!
  }

  private async latentStep(batch: Batch, options: StepOptions): Promise<number> {
    // Two downloads: packing a [n, 2d + d'] tensor with the loss costs more than a second read.
    const [lossTensor, dxTensor] = tf.tidy(() => {
      const { loss, grads } = this.lossAndGradientTensors(batch, { network: false, input: true })
      return [loss, grads.input!]
    })
    const [lossData, dx] = await Promise.all([download(lossTensor), download(dxTensor)])
    const { d, dPrime, k } = this.setup.architecture
    const p = this.latents
    const s = this.latentState
    const g = this.latentGrads
    // All gradients first (from the values before the step), then the updates.
    accumulateLatentGradient(this.setup.architecture, p, batch.rows, batch.cols, dx, g)
    const update = (touched: ReturnType<IndexCompactor['compact']>, counts: Int32Array, side: 'row' | 'col'): void => {
      const [a, b] = side === 'row' ? (['U', 'Up'] as const) : (['V', 'Vp'] as const)
      updateTouchedRows(
        touched,
        counts,
        [
          { params: p[a], state: s[a], grads: g[a], width: d },
          { params: p[b], state: s[b], grads: g[b], width: dPrime * k },
        ],
        options.lambda,
        options.learningRate,
        RMSPROP_RHO,
        RMSPROP_EPSILON,
      )
    }
    update(this.rowCompactor.compact(batch.rows), this.setup.rowCounts, 'row')
    update(this.colCompactor.compact(batch.cols), this.setup.colCounts, 'col')
    return lossData[0]!
  }

  /** Call inside tf.tidy. */
  private lossAndGradientTensors(batch: Batch, want: { network: boolean; input: boolean }): { loss: tf.Scalar; grads: Gradients } {
    const activations = forwardPass(this.input(batch.rows, batch.cols)(), this.weights, this.biases, this.fuseSigmoid)
    const { loss, dF } = lossAndOutputGradient(this.setup.loss, activations, tf.tensor1d(batch.targets))
    return { loss, grads: backward(activations, dF, this.weights, want) }
  }

  /** Builds x in JS now; the returned function makes the tensor (inside the caller's tidy). */
  private input(rows: Int32Array, cols: Int32Array): () => tf.Tensor2D {
    this.checkBatch(rows, cols)
    const x = buildInput(this.setup.architecture, this.latents, rows, cols)
    return () => tf.tensor2d(x, [rows.length, this.inputWidth])
  }

  private checkBatch(rows: Int32Array, cols: Int32Array): void {
    if (rows.length !== cols.length) throw new Error('rows and cols differ in length')
    for (const [name, idx, size] of [
      ['row', rows, this.setup.nRows],
      ['column', cols, this.setup.nCols],
    ] as const) {
      for (const i of idx) if (i < 0 || i >= size) throw new RangeError(`${name} index ${i} outside 0..${size - 1}`)
    }
  }

  private check(): void {
    if (this.disposed) throw new Error('engine disposed')
  }
}

/** A zero variable; the initial tensor is freed (the variable holds its own reference to the data). */
function zerosVariable<R extends tf.Rank>(shape: number[], trainable: boolean): tf.Variable<R> {
  const zeros = tf.zeros(shape)
  const v = tf.variable(zeros, trainable) as tf.Variable<R>
  zeros.dispose()
  return v
}

/** Reads a tensor into a Float32Array and frees it. */
async function download(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array
  } finally {
    t.dispose()
  }
}

/** A tfjs NNMF engine on the selected backend (selecting one if needed). */
export async function createTfjsEngine(setup: NnmfEngineSetup, options: TfjsEngineOptions = {}): Promise<NnmfEngine> {
  const existing = currentBackend()
  const selection =
    options.backend !== undefined || existing === null
      ? await selectBackend(options.backend ?? 'auto', options.wasmDir !== undefined ? { wasmDir: options.wasmDir } : {})
      : existing
  return new TfjsNnmfEngine(setup, selection)
}
