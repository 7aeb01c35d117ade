/**
 * The NNMF engine contract (engine.ts) in tfjs ops, on whichever backend selectBackend chose.
 *
 * Design: the latent tables and their RMSProp state live in JS arrays. Each step packs the batch's
 * distinct rows [U_n | U'_n] and columns [V_m | V'_m] into two small tensors, differentiates with
 * respect to those (so duplicates sum and untouched rows stay put), applies RMSProp to them in tfjs
 * ops and writes them back. The backward pass is written out in tfjs ops (tfjs/forward-backward.ts
 * says why); the gather's gradient is a scatterND because wasm has no UnsortedSegmentSum. The
 * network weights and their RMSProp state are tf.Variables updated in place. One download a step.
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
import { IndexCompactor, type CompactIndices } from './tfjs/compact-indices.js'
import { backward, forwardPass, indexTensors, lossAndOutputGradient, output } from './tfjs/forward-backward.js'
import { addBlock, packBlock, unpackBlock } from './tfjs/latent-blocks.js'

export interface TfjsEngineOptions extends BackendOptions {
  /** Backend to select first; by default the current selection, or 'auto' if none. */
  backend?: BackendPreference
}

/** Entries per predict chunk: bounds the memory of one forward pass. */
const PREDICT_CHUNK = 16384

interface BatchBlocks {
  rows: CompactIndices
  cols: CompactIndices
  rowBlock: Float32Array
  colBlock: Float32Array
}

/** s ← ρs + (1−ρ)g²;  p ← p − lr·g/(√s + ε). Returns [p, s]. */
function rmsprop(p: tf.Tensor, s: tf.Tensor, g: tf.Tensor, lr: number): [tf.Tensor, tf.Tensor] {
  const sNew = tf.add(tf.mul(s, RMSPROP_RHO), tf.mul(tf.square(g), 1 - RMSPROP_RHO))
  const pNew = tf.sub(p, tf.div(tf.mul(g, lr), tf.add(tf.sqrt(sNew), RMSPROP_EPSILON)))
  return [pNew, sNew]
}

class TfjsNnmfEngine implements NnmfEngine {
  readonly name: string
  private readonly d: number
  private readonly dk: number
  private readonly width: number
  private readonly latents: NnmfParams
  private readonly latentState: NnmfParams
  private readonly weights: tf.Variable<tf.Rank.R2>[]
  private readonly biases: tf.Variable<tf.Rank.R1>[]
  private readonly weightState: tf.Variable<tf.Rank.R2>[]
  private readonly biasState: tf.Variable<tf.Rank.R1>[]
  private readonly rowCompactor: IndexCompactor
  private readonly colCompactor: IndexCompactor
  private disposed = false

  constructor(
    private readonly setup: NnmfEngineSetup,
    readonly backend: BackendSelection,
  ) {
    this.name = `tfjs-${backend.name}`
    const { d, dPrime, k } = setup.architecture
    this.d = d
    this.dk = dPrime * k
    this.width = d + dPrime * k
    this.latents = zeroParams(setup)
    this.latentState = zeroParams(setup)
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
    const own = zeroParams(this.setup)
    for (const key of ['U', 'V', 'Up', 'Vp'] as const) {
      if (params[key].length !== own[key].length) throw new Error(`${key} has ${params[key].length} values, expected ${own[key].length}`)
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

  resetOptimizer(): void {
    this.check()
    for (const key of ['U', 'V', 'Up', 'Vp'] as const) this.latentState[key].fill(0)
    tf.tidy(() => {
      for (const s of [...this.weightState, ...this.biasState] as tf.Variable[]) s.assign(tf.zerosLike(s))
    })
  }

  async predict(rows: Int32Array, cols: Int32Array): Promise<Float32Array> {
    this.check()
    if (rows.length !== cols.length) throw new Error('rows and cols differ in length')
    const out = new Float32Array(rows.length)
    for (let start = 0; start < rows.length; start += PREDICT_CHUNK) {
      const end = Math.min(rows.length, start + PREDICT_CHUNK)
      const blocks = this.blocks(rows.subarray(start, end), cols.subarray(start, end))
      const f = tf.tidy(() => {
        const [R, C] = this.blockTensors(blocks)
        return output(forwardPass(this.setup.architecture, R, C, indexTensors(blocks.rows.inverse, blocks.cols.inverse), this.weights, this.biases))
      })
      out.set(await download(f), start)
    }
    return out
  }

  async lossAndGradients(batch: Batch): Promise<LossAndGradients> {
    this.check()
    const blocks = this.blocks(batch.rows, batch.cols)
    const result = tf.tidy(() => {
      const { loss, grads } = this.lossAndGradientTensors(blocks, batch.targets, { network: true, latents: true })
      return tf.concat([tf.reshape(loss, [1]), ...[grads.rowBlock!, grads.colBlock!, ...grads.weights, ...grads.biases].map((g) => tf.reshape(g, [-1]))])
    })
    const data = await download(result)
    const grads = zeroParams(this.setup)
    let offset = 1
    const take = (n: number): Float32Array => data.subarray(offset, (offset += n))
    addBlock(blocks.rows.unique, take(blocks.rowBlock.length), grads.U, this.d, grads.Up, this.dk)
    addBlock(blocks.cols.unique, take(blocks.colBlock.length), grads.V, this.d, grads.Vp, this.dk)
    for (const w of grads.weights) w.set(take(w.length))
    for (const b of grads.biases) b.set(take(b.length))
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
    const blocks = this.blocks(batch.rows, batch.cols)
    const loss = tf.tidy(() => {
      const { loss, grads } = this.lossAndGradientTensors(blocks, batch.targets, { network: true, latents: false })
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
    const blocks = this.blocks(batch.rows, batch.cols)
    const { rows, cols } = blocks
    const st = this.latentState
    const rowState = packBlock(rows.unique, st.U, this.d, st.Up, this.dk)
    const colState = packBlock(cols.unique, st.V, this.d, st.Vp, this.dk)
    // Lazy penalty: each occurrence adds 2λ·p/count, so a slot's coefficient is 2λ·occurrences/count.
    const coefficients = (c: CompactIndices, counts: Int32Array): Float32Array =>
      Float32Array.from(c.unique, (index, slot) => (2 * options.lambda * c.occurrences[slot]!) / counts[index]!)
    const rowCoef = coefficients(rows, this.setup.rowCounts)
    const colCoef = coefficients(cols, this.setup.colCounts)
    const result = tf.tidy(() => {
      const { loss, grads, R, C } = this.lossAndGradientTensors(blocks, batch.targets, { network: false, latents: true })
      const gR = tf.add(grads.rowBlock!, tf.mul(tf.tensor2d(rowCoef, [rowCoef.length, 1]), R))
      const gC = tf.add(grads.colBlock!, tf.mul(tf.tensor2d(colCoef, [colCoef.length, 1]), C))
      const [pR, sR] = rmsprop(R, tf.tensor2d(rowState, R.shape), gR, options.learningRate)
      const [pC, sC] = rmsprop(C, tf.tensor2d(colState, C.shape), gC, options.learningRate)
      return tf.concat([tf.reshape(loss, [1]), ...[pR, sR, pC, sC].map((t) => tf.reshape(t, [-1]))])
    })
    const data = await download(result)
    let offset = 1
    const take = (n: number): Float32Array => data.subarray(offset, (offset += n))
    unpackBlock(rows.unique, take(rowState.length), this.latents.U, this.d, this.latents.Up, this.dk)
    unpackBlock(rows.unique, take(rowState.length), st.U, this.d, st.Up, this.dk)
    unpackBlock(cols.unique, take(colState.length), this.latents.V, this.d, this.latents.Vp, this.dk)
    unpackBlock(cols.unique, take(colState.length), st.V, this.d, st.Vp, this.dk)
    return data[0]!
  }

  /** Call inside tf.tidy. */
  private lossAndGradientTensors(blocks: BatchBlocks, targets: Float32Array, want: { network: boolean; latents: boolean }) {
    const [R, C] = this.blockTensors(blocks)
    const idx = indexTensors(blocks.rows.inverse, blocks.cols.inverse)
    const arch = this.setup.architecture
    const pass = forwardPass(arch, R, C, idx, this.weights, this.biases)
    const { loss, dF } = lossAndOutputGradient(this.setup.loss, pass, tf.tensor1d(targets))
    const grads = backward(arch, pass, dF, this.weights, idx, { rows: R.shape[0], cols: C.shape[0] }, want)
    return { loss, grads, R, C }
  }

  private blocks(rows: Int32Array, cols: Int32Array): BatchBlocks {
    if (rows.length !== cols.length) throw new Error('rows and cols differ in length')
    const r = this.rowCompactor.compact(rows)
    const c = this.colCompactor.compact(cols)
    return {
      rows: r,
      cols: c,
      rowBlock: packBlock(r.unique, this.latents.U, this.d, this.latents.Up, this.dk),
      colBlock: packBlock(c.unique, this.latents.V, this.d, this.latents.Vp, this.dk),
    }
  }

  private blockTensors(b: BatchBlocks): [tf.Tensor2D, tf.Tensor2D] {
    return [tf.tensor2d(b.rowBlock, [b.rows.unique.length, this.width]), tf.tensor2d(b.colBlock, [b.cols.unique.length, this.width])]
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
