/**
 * Runs the kernels' `run` over a batch on N threads: the calling thread takes slice 0 and
 * N − 1 sub-workers take the others, all on one shared WebAssembly memory. Slices are contiguous
 * and fixed by (batch size, N), so results are deterministic for a given thread count.
 */
import { Worker } from 'node:worker_threads'
import { CONTROL, LATENT_PHASE } from './control.js'
import { TILE } from './layout.js'
import { WORKER_SOURCE } from './worker-source.js'
import { wasm, type WasmMemory, type WasmModule } from './wasm-api.js'

export interface KernelExports {
  run(model: number, thread: number, begin: number, end: number, mode: number): void
  network_reduce(model: number): void
  network_update(model: number, lr: number): void
  latent_phase(model: number, thread: number, batchSize: number, update: number, lr: number, lambda: number): void
  latent_clear(model: number): void
}

type WaitAsync = (array: Int32Array, index: number, value: number) => { async: false; value: string } | { async: true; value: Promise<string> }
// ES2024 lib typing is not in our ES2023 lib; Node 20 (V8 11.3) ships it.
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync

export class ThreadPool {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL.SIZE * 4))
  private readonly controlF32 = new Float32Array(this.control.buffer)
  private readonly workers: Worker[] = []
  private failure: Error | undefined
  private disposed = false
  private generation = 0

  private constructor(
    readonly kernels: KernelExports,
    private readonly model: number,
    private readonly threads: number[],
  ) {}

  static async start(module: WasmModule, memory: WasmMemory, model: number, threads: number[]): Promise<ThreadPool> {
    const instance = await wasm.instantiate(module, { env: { memory } })
    const pool = new ThreadPool(instance.exports as unknown as KernelExports, model, threads)
    const ready: Array<Promise<void>> = []
    for (let tid = 1; tid < threads.length; tid++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: pool.control.buffer, tid, model, thread: threads[tid] },
      })
      pool.workers.push(worker)
      ready.push(
        new Promise((resolve, reject) => {
          worker.once('message', () => resolve())
          worker.once('error', reject)
        }),
      )
      worker.on('error', (err) => pool.fail(err))
      worker.on('exit', (code) => {
        if (!pool.disposed) pool.fail(new Error(`fastcpu worker ${tid} exited (code ${code})`))
      })
    }
    try {
      await Promise.all(ready)
    } catch (err) {
      pool.dispose()
      throw err
    }
    return pool
  }

  get size(): number {
    return this.threads.length
  }

  /** Runs `mode` over entries [0, batchSize) on every thread and waits for all of them. */
  async run(batchSize: number, mode: number): Promise<void> {
    const n = this.threads.length
    // Whole tiles per thread, so only the last slice can end in a ragged tile.
    const per = Math.ceil(batchSize / n / TILE) * TILE
    for (let t = 0; t < n; t++) {
      this.control[CONTROL.RANGES + 2 * t] = Math.min(batchSize, t * per)
      this.control[CONTROL.RANGES + 2 * t + 1] = Math.min(batchSize, (t + 1) * per)
    }
    await this.round(mode, () => this.kernels.run(this.model, this.threads[0]!, 0, Math.min(batchSize, per), mode))
  }

  /**
   * After run(…, latents): every thread scatters the latent gradient of the rows / columns it owns
   * (`update` false), or takes the RMSProp step on them (`update` true); see latent_phase in
   * kernels.c. Two separate rounds, because the scatter reads latents that the update writes.
   */
  async latentPhase(batchSize: number, update: boolean, lr: number, lambda: number): Promise<void> {
    this.control[CONTROL.ARG_BATCH] = batchSize
    this.control[CONTROL.ARG_UPDATE] = update ? 1 : 0
    this.controlF32[CONTROL.ARG_LR] = lr
    this.controlF32[CONTROL.ARG_LAMBDA] = lambda
    const own = (): void => this.kernels.latent_phase(this.model, this.threads[0]!, batchSize, update ? 1 : 0, lr, lambda)
    await this.round(LATENT_PHASE, own)
  }

  /** Wakes the workers on `mode`, does the calling thread's part, and waits for the rest. */
  private async round(mode: number, own: () => void): Promise<void> {
    if (this.disposed) throw new Error('fastcpu engine is disposed')
    if (this.failure) throw this.failure
    const n = this.threads.length
    if (n > 1) {
      this.control[CONTROL.MODE] = mode
      this.generation = (this.generation + 1) | 0
      Atomics.store(this.control, CONTROL.GEN, this.generation)
      Atomics.notify(this.control, CONTROL.GEN)
    }
    own()
    for (let t = 1; t < n; t++) await this.waitDone(t)
  }

  private async waitDone(tid: number): Promise<void> {
    const slot = CONTROL.DONE + tid
    for (;;) {
      if (this.failure) throw this.failure
      const seen = Atomics.load(this.control, slot)
      if (seen === this.generation) return
      const r = waitAsync(this.control, slot, seen)
      if (r.async) await r.value
    }
  }

  private fail(err: Error): void {
    this.failure ??= err
    // Wake anyone waiting on a done slot so they see the failure.
    for (let t = 1; t < this.threads.length; t++) Atomics.notify(this.control, CONTROL.DONE + t)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.control[CONTROL.MODE] = -1
    Atomics.store(this.control, CONTROL.GEN, (this.generation + 1) | 0)
    Atomics.notify(this.control, CONTROL.GEN)
    for (const w of this.workers) void w.terminate()
  }
}
