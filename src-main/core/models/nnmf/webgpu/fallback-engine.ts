/**
 * A GPU engine that survives its GPU: when the device is lost (driver reset, GPU removed, the
 * worker gone) or runs out of memory mid-training, training moves to the CPU engine from the last
 * checkpoint and goes on; the caller is told once, so the run can say so and store it.
 *
 * The checkpoint is the parameters and RMSProp's running averages, read back every
 * `checkpointEverySteps` steps (and whenever setParams or getParams touch the parameters); the CPU
 * engine starts from both and replays the steps since, so no step is lost and the run goes on as an
 * uninterrupted one would, up to the engines' float rounding.
 */
import type { Batch, LossAndGradients, NnmfEngine, NnmfEngineFactory, NnmfEngineSetup, NnmfParams, ParameterGroup, StepOptions } from '../engine.js'

export type GpuFailureReason = 'device-lost' | 'out-of-memory'

/** What happened, for the run's note: stored with the model or pilot, worded by each front. */
export interface EngineFallback {
  reason: GpuFailureReason
  /** The engine that failed and the one that took over (their names, e.g. 'webgpu (…)', 'fastcpu (2 threads)'). */
  from: string
  to: string
  /** The GPU's own message, for bug reports. */
  message: string
  /** Steps replayed on the CPU engine from the checkpoint. */
  replayedSteps: number
}

/** Whether an error means the GPU cannot go on (the CPU can), and why; null for any other error. */
export function gpuFailureReason(error: unknown): GpuFailureReason | null {
  const message = error instanceof Error ? error.message : String(error)
  if (/out of memory|OutOfMemory/i.test(message)) return 'out-of-memory'
  if (/device (was |is )?lost|device is gone|GPU worker (failed|exited)/i.test(message)) return 'device-lost'
  return null
}

export interface FallbackOptions {
  /** Steps between checkpoints (each a full read-back of the parameters). */
  checkpointEverySteps?: number
}

type Logged = { kind: 'step'; batch: Batch; group: ParameterGroup; options: StepOptions } | { kind: 'reset' } | { kind: 'optimizer'; state: NnmfParams }

/** Where the CPU engine starts: the parameters and the RMSProp averages at the same moment. */
interface Checkpoint {
  params: NnmfParams
  optimizer: NnmfParams
}

const copyParams = (p: NnmfParams): NnmfParams => ({
  U: p.U.slice(),
  V: p.V.slice(),
  Up: p.Up.slice(),
  Vp: p.Vp.slice(),
  weights: p.weights.map((w) => w.slice()),
  biases: p.biases.map((b) => b.slice()),
})

/** Why creating a GPU engine failed in a way the CPU can stand in for: the GPU gone, or too small for the model. */
function creationFailureReason(error: unknown): GpuFailureReason | null {
  const message = error instanceof Error ? error.message : String(error)
  if (/needs \d+ bytes; this adapter allows/.test(message)) return 'out-of-memory'
  if (/requestAdapter|requestDevice|no adapter/i.test(message)) return 'device-lost'
  return gpuFailureReason(error)
}

/**
 * `primary` (the GPU engine) with `fallback` (the CPU engine) standing by; `onFallback` hears of each
 * switch. Once the GPU has failed, every later engine of this factory (the next λ candidate, the next
 * split) starts on the CPU: a lost device rarely comes back within a run.
 */
export function withCpuFallback(
  primary: NnmfEngineFactory,
  fallback: NnmfEngineFactory,
  onFallback: (event: EngineFallback) => void,
  options: FallbackOptions = {},
): NnmfEngineFactory {
  let gpuFailed = false
  const heard = (event: EngineFallback): void => {
    gpuFailed = true
    onFallback(event)
  }
  return async (setup) => {
    if (gpuFailed) return fallback(setup)
    let gpu: NnmfEngine
    try {
      gpu = await primary(setup)
    } catch (error) {
      const reason = creationFailureReason(error)
      if (reason === null) throw error
      const cpu = await fallback(setup)
      heard({ reason, from: 'webgpu', to: cpu.name, message: error instanceof Error ? error.message : String(error), replayedSteps: 0 })
      return cpu
    }
    return new FallbackEngine(setup, gpu, fallback, heard, options.checkpointEverySteps ?? 64)
  }
}

class FallbackEngine implements NnmfEngine {
  private checkpoint: Checkpoint | null = null
  private log: Logged[] = []
  private stepsSinceCheckpoint = 0
  private onCpu = false

  constructor(
    private readonly setup: NnmfEngineSetup,
    private current: NnmfEngine,
    private readonly fallback: NnmfEngineFactory,
    private readonly onFallback: (event: EngineFallback) => void,
    private readonly checkpointEverySteps: number,
  ) {}

  get name(): string {
    return this.current.name
  }

  setParams(params: NnmfParams): void {
    this.current.setParams(params)
    this.mark(copyParams(params))
  }

  getParams(): NnmfParams {
    // Synchronous, so a loss here cannot switch engines; the awaited call that follows it will.
    const params = this.current.getParams()
    this.mark(copyParams(params))
    return params
  }

  resetOptimizer(): void {
    this.current.resetOptimizer()
    this.log.push({ kind: 'reset' })
  }

  getOptimizerState(): NnmfParams {
    return this.current.getOptimizerState()
  }

  setOptimizerState(state: NnmfParams): void {
    this.current.setOptimizerState(state)
    if (!this.onCpu) this.log.push({ kind: 'optimizer', state: copyParams(state) })
  }

  predict(rows: Int32Array, cols: Int32Array): Promise<Float32Array> {
    return this.guard(() => this.current.predict(rows, cols))
  }

  lossAndGradients(batch: Batch): Promise<LossAndGradients> {
    return this.guard(() => this.current.lossAndGradients(batch))
  }

  async step(batch: Batch, group: ParameterGroup, options: StepOptions): Promise<number> {
    const loss = await this.guard(() => this.current.step(batch, group, options))
    if (this.onCpu) return loss
    // Copied: the training loop refills its batch arrays every epoch.
    this.log.push({
      kind: 'step',
      batch: { rows: batch.rows.slice(), cols: batch.cols.slice(), targets: batch.targets.slice() },
      group,
      options: { ...options },
    })
    if (++this.stepsSinceCheckpoint >= this.checkpointEverySteps) this.mark(copyParams(this.current.getParams()))
    return loss
  }

  dispose(): void {
    this.current.dispose()
  }

  private mark(params: NnmfParams): void {
    if (this.onCpu) return
    // getOptimizerState returns a copy, as getParams does.
    this.checkpoint = { params, optimizer: this.current.getOptimizerState() }
    this.log = []
    this.stepsSinceCheckpoint = 0
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (error) {
      const reason = this.onCpu ? null : gpuFailureReason(error)
      if (reason === null) throw error
      await this.moveToCpu(reason, error instanceof Error ? error.message : String(error))
      return call()
    }
  }

  private async moveToCpu(reason: GpuFailureReason, message: string): Promise<void> {
    if (!this.checkpoint) throw new Error(`The GPU failed before any parameters were set (${message})`)
    const from = this.current.name
    try {
      this.current.dispose()
    } catch {
      // A lost device may fail to tear down; the CPU engine does not need it.
    }
    const cpu = await this.fallback(this.setup)
    cpu.setParams(this.checkpoint.params)
    cpu.setOptimizerState(this.checkpoint.optimizer)
    let replayedSteps = 0
    for (const entry of this.log) {
      if (entry.kind === 'reset') cpu.resetOptimizer()
      else if (entry.kind === 'optimizer') cpu.setOptimizerState(entry.state)
      else {
        await cpu.step(entry.batch, entry.group, entry.options)
        replayedSteps++
      }
    }
    this.current = cpu
    this.onCpu = true
    this.checkpoint = null
    this.log = []
    this.onFallback({ reason, from, to: cpu.name, message, replayedSteps })
  }
}
