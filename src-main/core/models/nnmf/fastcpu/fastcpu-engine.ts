/**
 * The team's CPU fast path for NNMF: the contract of ../engine.ts computed by fused WebAssembly
 * SIMD kernels (kernels.c) over worker threads sharing one memory. A step is one or two parallel
 * rounds: every thread runs forward/backward on its slice of the batch (the calling thread takes
 * the first); then either the calling thread reduces the network gradient in fixed thread order and
 * updates the network, or, in two more rounds, every thread scatters the latent gradient of the rows
 * or columns it owns, in entry order, and then updates them (the latent phase).
 */
import os from 'node:os'
import type { Batch, LossAndGradients, NnmfEngine, NnmfEngineSetup, NnmfParams, ParameterGroup, StepOptions } from '../engine.js'
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js'
import {
  MAX_THREADS,
  planBatch,
  planStatic,
  widthsOf,
  writeBatchDescriptors,
  writeStaticDescriptors,
  type BatchLayout,
  type Region,
  type StaticLayout,
} from './layout.js'
import { ThreadPool } from './thread-pool.js'
import { wasm, type WasmMemory, type WasmModule } from './wasm-api.js'

export interface FastCpuOptions {
  /** Threads including the calling one. Default: the machine's parallelism. */
  threads?: number
}

const MODE = { predict: 0, network: 1, latents: 2, both: 3 } as const
/** predict() works in chunks of this many entries, so memory stays bounded for whole matrices. */
const PREDICT_CHUNK = 65536
const PAGE = 65536

let compiled: Promise<WasmModule> | undefined
function kernelsModule(): Promise<WasmModule> {
  compiled ??= wasm.compile(Buffer.from(KERNELS_WASM_BASE64, 'base64'))
  return compiled
}

export function defaultThreadCount(): number {
  const n = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length
  return Math.max(1, Math.min(n, MAX_THREADS))
}

export async function createFastCpuEngine(setup: NnmfEngineSetup, options: FastCpuOptions = {}): Promise<NnmfEngine> {
  const threads = options.threads ?? defaultThreadCount()
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new Error(`fastcpu: threads must be an integer in 1..${MAX_THREADS}, got ${threads}`)
  }
  const layout = planStatic(setup, threads)
  const memory = new wasm.Memory({ initial: Math.ceil(layout.end / PAGE), maximum: 65536, shared: true })
  writeStaticDescriptors(memory, setup, layout)
  const pool = await ThreadPool.start(await kernelsModule(), memory, layout.model, layout.threads)
  const engine = new FastCpuEngine(setup, memory, layout, pool)
  engine.writeCounts()
  return engine
}

class FastCpuEngine implements NnmfEngine {
  readonly name: string
  private batchLayout: BatchLayout | undefined
  private readonly width0: number
  /** Serialises calls: the memory holds one batch at a time. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly setup: NnmfEngineSetup,
    private readonly memory: WasmMemory,
    private readonly layout: StaticLayout,
    private readonly pool: ThreadPool,
  ) {
    this.name = `fastcpu-wasm-simd (${pool.size} thread${pool.size === 1 ? '' : 's'})`
    this.width0 = widthsOf(setup)[0]!
  }

  private f32(r: Region): Float32Array {
    return new Float32Array(this.memory.buffer, r.ptr, r.length)
  }

  private i32(r: Region): Int32Array {
    return new Int32Array(this.memory.buffer, r.ptr, r.length)
  }

  writeCounts(): void {
    const inv = (counts: Int32Array, r: Region, what: string): void => {
      if (counts.length !== r.length) throw new Error(`fastcpu: ${what} has ${counts.length} values, expected ${r.length}`)
      const out = this.f32(r)
      // A row with no training observation never appears in a batch; 0 keeps it finite anyway.
      for (let i = 0; i < counts.length; i++) out[i] = counts[i]! > 0 ? 1 / counts[i]! : 0
    }
    inv(this.setup.rowCounts, this.layout.invRowCount, 'rowCounts')
    inv(this.setup.colCounts, this.layout.invColCount, 'colCounts')
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task)
    this.queue = next.catch(() => undefined)
    return next
  }

  /** Makes room for a batch of `n` entries (and its ∂x rows if `withDx`), growing the memory. */
  private ensureBatch(n: number, withDx: boolean): BatchLayout {
    const current = this.batchLayout
    if (current && current.capacity >= n && (current.withDx || !withDx)) return current
    const capacity = Math.max(n, current?.capacity ?? 0)
    const next = planBatch(this.layout, capacity, withDx || (current?.withDx ?? false), this.width0)
    const pages = Math.ceil(next.end / PAGE) - this.memory.buffer.byteLength / PAGE
    if (pages > 0) this.memory.grow(pages)
    writeBatchDescriptors(this.memory, this.layout, next)
    this.batchLayout = next
    return next
  }

  private loadEntries(b: BatchLayout, rows: Int32Array, cols: Int32Array, targets?: Float32Array): void {
    const n = rows.length
    if (cols.length !== n || (targets && targets.length !== n)) throw new Error('fastcpu: rows, cols and targets differ in length')
    for (let i = 0; i < n; i++) {
      const r = rows[i]!
      const c = cols[i]!
      // The kernels index memory with these: an out-of-range index would read another array.
      if (!(r >= 0 && r < this.setup.nRows && c >= 0 && c < this.setup.nCols)) {
        throw new Error(`fastcpu: entry ${i} (${r}, ${c}) is outside the ${this.setup.nRows} × ${this.setup.nCols} matrix`)
      }
    }
    this.i32(b.rows).set(rows)
    this.i32(b.cols).set(cols)
    if (targets) this.f32(b.targets).set(targets)
  }

  /** Data loss from the kernels' outputs f, summed in double in entry order. */
  private batchLoss(b: BatchLayout, n: number, targets: Float32Array): number {
    const f = this.f32(b.out)
    let loss = 0
    if (this.setup.loss === 'squared') {
      for (let i = 0; i < n; i++) {
        const e = f[i]! - targets[i]!
        loss += e * e
      }
    } else {
      for (let i = 0; i < n; i++) {
        const z = f[i]!
        const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))
        loss += softplus - targets[i]! * z
      }
    }
    return loss
  }

  setParams(params: NnmfParams): void {
    const check = (src: Float32Array, r: Region, what: string): void => {
      if (src.length !== r.length) throw new Error(`fastcpu: ${what} has ${src.length} values, expected ${r.length}`)
      this.f32(r).set(src)
    }
    check(params.U, this.layout.U, 'U')
    check(params.V, this.layout.V, 'V')
    check(params.Up, this.layout.Up, 'Up')
    check(params.Vp, this.layout.Vp, 'Vp')
    if (params.weights.length !== this.layout.W.length || params.biases.length !== this.layout.b.length) {
      throw new Error(`fastcpu: expected ${this.layout.W.length} layers`)
    }
    this.layout.W.forEach((r, l) => check(params.weights[l]!, r, `weights[${l}]`))
    this.layout.b.forEach((r, l) => check(params.biases[l]!, r, `biases[${l}]`))
  }

  getParams(): NnmfParams {
    return this.readParams(this.layout)
  }

  private readParams(src: Pick<StaticLayout, 'U' | 'V' | 'Up' | 'Vp' | 'W' | 'b'>): NnmfParams {
    return {
      U: this.f32(src.U).slice(),
      V: this.f32(src.V).slice(),
      Up: this.f32(src.Up).slice(),
      Vp: this.f32(src.Vp).slice(),
      weights: src.W.map((r) => this.f32(r).slice()),
      biases: src.b.map((r) => this.f32(r).slice()),
    }
  }

  getOptimizerState(): NnmfParams {
    const l = this.layout
    return this.readParams({ U: l.sU, V: l.sV, Up: l.sUp, Vp: l.sVp, W: l.sW, b: l.sb })
  }

  setOptimizerState(state: NnmfParams): void {
    const l = this.layout
    const put = (src: Float32Array, r: Region, what: string): void => {
      if (src.length !== r.length) throw new Error(`fastcpu: optimizer state ${what} has ${src.length} values, expected ${r.length}`)
      this.f32(r).set(src)
    }
    put(state.U, l.sU, 'U')
    put(state.V, l.sV, 'V')
    put(state.Up, l.sUp, 'Up')
    put(state.Vp, l.sVp, 'Vp')
    if (state.weights.length !== l.sW.length || state.biases.length !== l.sb.length) throw new Error(`fastcpu: expected ${l.sW.length} layers`)
    l.sW.forEach((r, i) => put(state.weights[i]!, r, `weights[${i}]`))
    l.sb.forEach((r, i) => put(state.biases[i]!, r, `biases[${i}]`))
  }

  resetOptimizer(): void {
    const l = this.layout
    for (const r of [l.sU, l.sV, l.sUp, l.sVp, ...l.sW, ...l.sb]) this.f32(r).fill(0)
  }

  predict(rows: Int32Array, cols: Int32Array): Promise<Float32Array> {
    return this.serial(async () => {
      const out = new Float32Array(rows.length)
      for (let start = 0; start < rows.length; start += PREDICT_CHUNK) {
        const end = Math.min(rows.length, start + PREDICT_CHUNK)
        const b = this.ensureBatch(end - start, false)
        this.loadEntries(b, rows.subarray(start, end), cols.subarray(start, end))
        await this.pool.run(end - start, MODE.predict)
        out.set(this.f32(b.out).subarray(0, end - start), start)
      }
      return out
    })
  }

  lossAndGradients(batch: Batch): Promise<LossAndGradients> {
    return this.serial(async () => {
      const n = batch.rows.length
      const b = this.ensureBatch(n, true)
      this.loadEntries(b, batch.rows, batch.cols, batch.targets)
      await this.pool.run(n, MODE.both)
      const k = this.pool.kernels
      k.network_reduce(this.layout.model)
      await this.pool.latentPhase(n, false, 0, 0)
      const l = this.layout
      const grads = this.readParams({ U: l.gU, V: l.gV, Up: l.gUp, Vp: l.gVp, W: l.gW, b: l.gb })
      k.latent_clear(this.layout.model)
      return { loss: this.batchLoss(b, n, batch.targets), grads }
    })
  }

  step(batch: Batch, group: ParameterGroup, options: StepOptions): Promise<number> {
    return this.serial(async () => {
      const n = batch.rows.length
      const b = this.ensureBatch(n, group === 'latents')
      this.loadEntries(b, batch.rows, batch.cols, batch.targets)
      await this.pool.run(n, group === 'network' ? MODE.network : MODE.latents)
      const k = this.pool.kernels
      if (group === 'network') {
        k.network_reduce(this.layout.model)
        k.network_update(this.layout.model, options.learningRate)
      } else {
        await this.pool.latentPhase(n, false, 0, 0)
        await this.pool.latentPhase(n, true, options.learningRate, options.lambda)
      }
      return this.batchLoss(b, n, batch.targets)
    })
  }

  dispose(): void {
    this.pool.dispose()
  }
}
