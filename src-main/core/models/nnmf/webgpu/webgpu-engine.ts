/**
 * The NNMF engine contract (../engine.ts) on WebGPU: parameters, RMSProp state and the batch live
 * in GPU buffers; a step is two dispatches of the kernels in kernels.ts in one submit, and the only
 * read-back is the batch's outputs f, from which the loss is summed here in double, in entry order
 * (as fastcpu does). Float32 throughout on the GPU.
 *
 * Every request is posted to the GPU worker at call time (before any await), so calls take effect
 * in the order they are made even when the caller does not await them; getParams blocks until the
 * requests before it are done.
 */
import type { Batch, LossAndGradients, NnmfEngine, NnmfEngineSetup, NnmfParams, ParameterGroup, StepOptions } from '../engine.js'
import { adapterLabel, type AdapterInfo } from './adapter.js'
import { GpuHost, type RunItem } from './gpu-host.js'
import { ENTRY_MODE, ENTRY_TILE, UNIFORM_WORDS, UPDATE_MODE, WORKGROUP, entriesKernel, latentsKernel, networkKernel } from './kernels.js'
import { BatchPlanner, packParams, paramLayout, planWords, scratchLayout, unpackParams, type ParamLayout, type ScratchLayout } from './layout.js'

/** predict() works in chunks of this many entries, so the scratch buffer stays bounded. */
const PREDICT_CHUNK = 16384

export interface WebGpuEngineOptions {
  /** Dawn toggles and options passed to `create()` (for example 'backend=vulkan'). */
  flags?: string[]
  /**
   * Test hook: destroy the device just before this step (1-based), as a driver reset would. Defaults
   * to NNMF_TEST_LOSE_GPU_AT_STEP, so tests can reach the engines a job process creates.
   */
  loseDeviceAtStep?: number
}

function loseDeviceAtStepFromEnvironment(): number | undefined {
  const step = Number(process.env.NNMF_TEST_LOSE_GPU_AT_STEP)
  return Number.isInteger(step) && step > 0 ? step : undefined
}

export interface WebGpuNnmfEngine extends NnmfEngine {
  readonly adapter: AdapterInfo
  /** Destroys the device as a driver reset or a removed GPU would (device.lost fires): for tests and diagnosis of the fallback. */
  loseDevice(): Promise<void>
}

export async function createWebGpuEngine(setup: NnmfEngineSetup, options: WebGpuEngineOptions = {}): Promise<WebGpuNnmfEngine> {
  const host = await GpuHost.start(options.flags)
  try {
    const p = paramLayout(setup)
    const s = scratchLayout(setup)
    const [entries, network, latents] = await Promise.all([
      host.pipeline(entriesKernel(setup, p, s), 'nnmf entries'),
      host.pipeline(networkKernel(setup, p, s), 'nnmf network'),
      host.pipeline(latentsKernel(setup, p, s), 'nnmf latents'),
    ])
    const engine = new WebGpuEngine(setup, host, p, s, { entries, network, latents })
    engine.loseDeviceAtStep = options.loseDeviceAtStep ?? loseDeviceAtStepFromEnvironment()
    // Surface any failure of the setup now rather than at the first step.
    await host.run([])
    return engine
  } catch (error) {
    host.dispose()
    throw error
  }
}

interface Pipelines {
  entries: number
  network: number
  latents: number
}

interface Sized {
  cap: number
  batch: number
  io: number
  scratch: number
  plan: number
  groups: Pipelines
}

class WebGpuEngine implements NnmfEngine {
  readonly name: string
  readonly adapter: AdapterInfo
  private readonly P: number
  private readonly St: number
  private readonly G: number
  private readonly inv: number
  private readonly uniform: number
  private sized: Sized | undefined
  private readonly planner: BatchPlanner
  private planWords = new Int32Array(0)
  private readonly uniformWords = new Uint32Array(UNIFORM_WORDS)
  private readonly uniformF32 = new Float32Array(this.uniformWords.buffer)

  loseDeviceAtStep: number | undefined
  private stepsTaken = 0

  constructor(
    private readonly setup: NnmfEngineSetup,
    private readonly host: GpuHost,
    private readonly p: ParamLayout,
    private readonly s: ScratchLayout,
    private readonly pipelines: Pipelines,
  ) {
    this.adapter = host.info
    this.name = `webgpu (${adapterLabel(host.info)})`
    const bytes = p.total * 4
    this.P = host.buffer(bytes, 'parameters')
    this.St = host.buffer(bytes, 'RMSProp state')
    this.G = host.buffer(bytes, 'gradients')
    this.uniform = host.buffer(UNIFORM_WORDS * 4, 'run uniforms', { uniform: true })
    this.planner = new BatchPlanner(setup.nRows, setup.nCols)
    const inv = new Float32Array(setup.nRows + setup.nCols)
    const fill = (counts: Int32Array, n: number, at: number, what: string): void => {
      if (counts.length !== n) throw new Error(`webgpu: ${what} has ${counts.length} values, expected ${n}`)
      // A row with no training observation never appears in a batch; 0 keeps it finite anyway.
      for (let i = 0; i < n; i++) inv[at + i] = counts[i]! > 0 ? 1 / counts[i]! : 0
    }
    fill(setup.rowCounts, setup.nRows, 0, 'rowCounts')
    fill(setup.colCounts, setup.nCols, setup.nRows, 'colCounts')
    this.inv = host.buffer(inv.byteLength, 'inverse counts')
    host.write(this.inv, 0, inv)
  }

  /** Buffers for batches of up to `n` entries, grown (never shrunk) with their bind groups. */
  private ensure(n: number): Sized {
    const current = this.sized
    if (current && current.cap >= n) return current
    const cap = Math.ceil(Math.max(n, current?.cap ?? 0, WORKGROUP) / WORKGROUP) * WORKGROUP
    const h = this.host
    const batch = h.buffer(2 * cap * 4, 'batch rows and columns', { replace: current?.batch })
    const io = h.buffer(2 * cap * 4, 'targets and outputs', { replace: current?.io })
    const scratch = h.buffer(this.s.features * cap * 4, 'per-entry scratch', { replace: current?.scratch })
    const plan = h.buffer(planWords(cap) * 4, 'latent plan', { replace: current?.plan })
    const pl = this.pipelines
    const groups: Pipelines = {
      entries: h.group(pl.entries, [this.P, batch, io, scratch, this.uniform], current?.groups.entries),
      network: h.group(pl.network, [this.P, this.St, scratch, this.G, this.uniform], current?.groups.network),
      latents: h.group(pl.latents, [this.P, this.St, scratch, this.G, plan, this.inv, this.uniform], current?.groups.latents),
    }
    this.planWords = new Int32Array(planWords(cap))
    this.sized = { cap, batch, io, scratch, plan, groups }
    return this.sized
  }

  /** The `entries` kernel over n entries: one workgroup per tile. */
  private entries(group: number, n: number): RunItem[] {
    return this.dispatch(this.pipelines.entries, group, Math.ceil(n / ENTRY_TILE) * WORKGROUP)
  }

  /** A dispatch of at least `threads` threads (the kernels skip the surplus). */
  private dispatch(pipeline: number, group: number, threads: number): RunItem[] {
    if (threads <= 0) return []
    const groups = Math.ceil(threads / WORKGROUP)
    const x = Math.min(groups, this.host.limits.maxComputeWorkgroupsPerDimension)
    return [{ dispatch: pipeline, group, x, y: Math.ceil(groups / x) }]
  }

  private writeUniform(n: number, cap: number, entryMode: number, updateMode: number, nRowU = 0, nColU = 0, options?: StepOptions): void {
    const w = this.uniformWords
    w.set([n, cap, entryMode, updateMode, nRowU, nColU])
    this.uniformF32[6] = options?.learningRate ?? 0
    this.uniformF32[7] = options?.lambda ?? 0
    this.host.write(this.uniform, 0, w)
  }

  /** Checks and uploads the entries (and targets); returns the buffers in use. */
  private load(rows: Int32Array, cols: Int32Array, targets?: Float32Array): Sized {
    const n = rows.length
    if (cols.length !== n || (targets && targets.length !== n)) throw new Error('webgpu: rows, cols and targets differ in length')
    for (let i = 0; i < n; i++) {
      const r = rows[i]!
      const c = cols[i]!
      // The kernels index the parameter buffer with these: an out-of-range index would read another array.
      if (!(r >= 0 && r < this.setup.nRows && c >= 0 && c < this.setup.nCols)) {
        throw new Error(`webgpu: entry ${i} (${r}, ${c}) is outside the ${this.setup.nRows} × ${this.setup.nCols} matrix`)
      }
    }
    const z = this.ensure(n)
    if (n === 0) return z
    this.host.write(z.batch, 0, rows)
    this.host.write(z.batch, z.cap * 4, cols)
    if (targets) this.host.write(z.io, 0, targets)
    return z
  }

  /** Data loss from the outputs f, summed in double in entry order. */
  private loss(f: Float32Array, targets: Float32Array): number {
    let loss = 0
    if (this.setup.loss === 'squared') {
      for (let i = 0; i < f.length; i++) {
        const e = f[i]! - targets[i]!
        loss += e * e
      }
    } else {
      for (let i = 0; i < f.length; i++) {
        const z = f[i]!
        const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))
        loss += softplus - targets[i]! * z
      }
    }
    return loss
  }

  private latentPlan(z: Sized, batch: Batch): { nRowU: number; nColU: number } {
    const counts = this.planner.plan(batch.rows, batch.cols, z.cap, this.planWords)
    this.host.write(z.plan, 0, this.planWords)
    return counts
  }

  setParams(params: NnmfParams): void {
    this.host.write(this.P, 0, packParams(this.p, params))
  }

  getParams(): NnmfParams {
    const bytes = this.host.runSync([], [{ id: this.P, offset: 0, size: this.p.total * 4 }])
    return unpackParams(this.p, new Float32Array(bytes))
  }

  resetOptimizer(): void {
    this.host.submit([{ clear: this.St, offset: 0, size: this.p.total * 4 }])
  }

  /** The running averages live in one buffer laid out as the parameters (element i is parameter i's). */
  getOptimizerState(): NnmfParams {
    const bytes = this.host.runSync([], [{ id: this.St, offset: 0, size: this.p.total * 4 }])
    return unpackParams(this.p, new Float32Array(bytes))
  }

  setOptimizerState(state: NnmfParams): void {
    this.host.write(this.St, 0, packParams(this.p, state))
  }

  async predict(rows: Int32Array, cols: Int32Array): Promise<Float32Array> {
    const chunks: Array<Promise<ArrayBuffer>> = []
    for (let start = 0; start < rows.length; start += PREDICT_CHUNK) {
      const end = Math.min(rows.length, start + PREDICT_CHUNK)
      const z = this.load(rows.subarray(start, end), cols.subarray(start, end))
      this.writeUniform(end - start, z.cap, ENTRY_MODE.predict, 0)
      const items = this.entries(z.groups.entries, end - start)
      chunks.push(this.host.run(items, [{ id: z.io, offset: z.cap * 4, size: (end - start) * 4 }]))
    }
    const out = new Float32Array(rows.length)
    let at = 0
    for (const chunk of await Promise.all(chunks)) {
      out.set(new Float32Array(chunk), at)
      at += chunk.byteLength / 4
    }
    return out
  }

  async lossAndGradients(batch: Batch): Promise<LossAndGradients> {
    const n = batch.rows.length
    const z = this.load(batch.rows, batch.cols, batch.targets)
    const { nRowU, nColU } = this.latentPlan(z, batch)
    this.writeUniform(n, z.cap, ENTRY_MODE.both, UPDATE_MODE.gradient, nRowU, nColU)
    const { d, dPrime, k } = this.setup.architecture
    const pl = this.pipelines
    const items: RunItem[] = [
      { clear: this.G, offset: 0, size: this.p.total * 4 },
      ...this.entries(z.groups.entries, n),
      ...this.dispatch(pl.network, z.groups.network, this.p.netSize),
      ...this.dispatch(pl.latents, z.groups.latents, (nRowU + nColU) * (d + dPrime * k)),
    ]
    const fBytes = n * 4
    const bytes = await this.host.run(items, [
      { id: z.io, offset: z.cap * 4, size: fBytes },
      { id: this.G, offset: 0, size: this.p.total * 4 },
    ])
    return {
      loss: this.loss(new Float32Array(bytes, 0, n), batch.targets),
      grads: unpackParams(this.p, new Float32Array(bytes, fBytes, this.p.total)),
    }
  }

  async step(batch: Batch, group: ParameterGroup, options: StepOptions): Promise<number> {
    if (this.loseDeviceAtStep !== undefined && ++this.stepsTaken === this.loseDeviceAtStep) await this.loseDevice()
    const n = batch.rows.length
    const z = this.load(batch.rows, batch.cols, batch.targets)
    const pl = this.pipelines
    let items: RunItem[]
    if (group === 'network') {
      this.writeUniform(n, z.cap, ENTRY_MODE.network, UPDATE_MODE.rmsprop, 0, 0, options)
      items = [...this.entries(z.groups.entries, n), ...this.dispatch(pl.network, z.groups.network, this.p.netSize)]
    } else {
      const { nRowU, nColU } = this.latentPlan(z, batch)
      this.writeUniform(n, z.cap, ENTRY_MODE.latents, UPDATE_MODE.rmsprop, nRowU, nColU, options)
      const { d, dPrime, k } = this.setup.architecture
      items = [...this.entries(z.groups.entries, n), ...this.dispatch(pl.latents, z.groups.latents, (nRowU + nColU) * (d + dPrime * k))]
    }
    if (n === 0) return 0
    const bytes = await this.host.run(items, [{ id: z.io, offset: z.cap * 4, size: n * 4 }])
    return this.loss(new Float32Array(bytes), batch.targets)
  }

  loseDevice(): Promise<void> {
    return this.host.loseDevice()
  }

  dispose(): void {
    this.host.dispose()
  }
}
