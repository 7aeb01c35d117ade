/**
 * The calling side of the GPU worker (worker-source.ts): acquires the adapter and device there and
 * forwards buffer, pipeline and run requests in order. Awaited runs reply by message; `runSync`
 * blocks this thread on Atomics.wait until the worker has copied the read-back into shared memory.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { AdapterInfo } from './adapter.js'
import { WORKER_SOURCE } from './worker-source.js'

export interface GpuLimits {
  maxStorageBufferBindingSize: number
  maxBufferSize: number
  maxStorageBuffersPerShaderStage: number
  maxComputeWorkgroupsPerDimension: number
}

/** One item of a run: a dispatch of `x × y` workgroups, or zeroing part of a buffer. */
export type RunItem = { dispatch: number; group: number; x: number; y: number } | { clear: number; offset: number; size: number }
export interface ReadRange {
  id: number
  offset: number
  size: number
}

/** A synchronous read-back waits at most this long for the GPU (a hung driver must not hang the job forever). */
const SYNC_TIMEOUT_MS = 120_000

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

function webgpuModuleUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href
}

export class GpuHost {
  private readonly pending = new Map<number, Pending>()
  private seq = 0
  private nextId = 1
  private closed: string | undefined
  /** Buffer writes not yet sent: they ride with the next message (one message per step, not six). */
  private writes: Array<{ id: number; offset: number; data: Float32Array | Int32Array | Uint32Array }> = []
  private syncFlag = new Int32Array(new SharedArrayBuffer(8))
  private syncData = new SharedArrayBuffer(1 << 20)

  private constructor(
    private readonly worker: Worker,
    readonly info: AdapterInfo,
    readonly limits: GpuLimits,
  ) {}

  /** Starts the worker and acquires the adapter and device; rejects with the reason when there is none. */
  static async start(flags: string[] = []): Promise<GpuHost> {
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    const started = await new Promise<{ info: AdapterInfo; limits: GpuLimits }>((resolve, reject) => {
      worker.once('error', reject)
      worker.once('message', (m: { ok: boolean; value?: { info: AdapterInfo; limits: GpuLimits }; error?: string }) => {
        if (m.ok && m.value) resolve(m.value)
        else reject(new Error(`WebGPU: ${m.error ?? 'no answer from the GPU worker'}`))
      })
      worker.postMessage({ op: 'init', seq: 0, moduleUrl: webgpuModuleUrl(), flags })
    }).catch(async (error: unknown) => {
      await worker.terminate()
      throw error
    })
    const host = new GpuHost(worker, started.info, started.limits)
    worker.on('message', (m: { seq: number; ok: boolean; value?: unknown; error?: string }) => host.settle(m))
    worker.on('error', (error) => host.fail(`GPU worker failed: ${error.message}`))
    worker.on('exit', (code) => host.fail(`GPU worker exited (code ${code})`))
    return host
  }

  private settle(m: { seq: number; ok: boolean; value?: unknown; error?: string }): void {
    const p = this.pending.get(m.seq)
    if (!p) return
    this.pending.delete(m.seq)
    if (m.ok) p.resolve(m.value)
    else p.reject(new Error(m.error))
  }

  private fail(reason: string): void {
    this.closed ??= reason
    for (const p of this.pending.values()) p.reject(new Error(reason))
    this.pending.clear()
  }

  private check(): void {
    if (this.closed) throw new Error(this.closed)
  }

  /** Fire and forget: a failure is reported by the next awaited request. */
  private post(message: Record<string, unknown>): void {
    this.check()
    this.worker.postMessage({ ...message, writes: this.writes.splice(0) })
  }

  private request<T>(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.closed) return Promise.reject(new Error(this.closed))
    const seq = ++this.seq
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (v: unknown) => void, reject })
      this.worker.postMessage({ ...message, seq, writes: this.writes.splice(0) }, transfer)
    })
  }

  /** A storage (or uniform) buffer of at least `bytes`; pass `replace` to swap a buffer for a bigger one under the same id. */
  buffer(bytes: number, label: string, options: { uniform?: boolean; replace?: number } = {}): number {
    const limit = options.uniform ? 65536 : Math.min(this.limits.maxBufferSize, this.limits.maxStorageBufferBindingSize)
    if (bytes > limit) throw new Error(`WebGPU: ${label} needs ${bytes} bytes; this adapter allows ${limit}`)
    const id = options.replace ?? this.nextId++
    this.post({ op: 'buffer', id, size: Math.max(16, Math.ceil(bytes / 16) * 16), label, uniform: options.uniform === true })
    return id
  }

  async pipeline(code: string, label: string): Promise<number> {
    const id = this.nextId++
    await this.request({ op: 'pipeline', id, code, label })
    return id
  }

  /** A bind group of `buffers` at bindings 0, 1, … for `pipeline`. */
  group(pipeline: number, buffers: number[], replace?: number): number {
    const id = replace ?? this.nextId++
    this.post({ op: 'group', id, pipeline, buffers })
    return id
  }

  /** Queues a write of `data` (copied now) at byte `offset`; it reaches the GPU before the next request. */
  write(id: number, offset: number, data: Float32Array | Int32Array | Uint32Array): void {
    this.check()
    this.writes.push({ id, offset, data: data.slice() })
  }

  /** Submits the items; resolves with the read ranges' bytes, concatenated, once the GPU is done. */
  run(items: RunItem[], reads: ReadRange[] = []): Promise<ArrayBuffer> {
    return this.request<ArrayBuffer>({ op: 'run', items, reads })
  }

  /** As `run` without waiting for it: a failure is reported by the next awaited request. */
  submit(items: RunItem[]): void {
    this.post({ op: 'run', items, reads: [] })
  }

  /** As `run`, blocking this thread until the worker has the result. */
  runSync(items: RunItem[], reads: ReadRange[]): ArrayBuffer {
    this.check()
    const total = reads.reduce((s, r) => s + r.size, 0)
    if (this.syncData.byteLength < total) this.syncData = new SharedArrayBuffer(total)
    const flag = this.syncFlag
    Atomics.store(flag, 0, 0)
    this.worker.postMessage({ op: 'run', items, reads, sync: { flag: flag.buffer, data: this.syncData }, writes: this.writes.splice(0) })
    if (Atomics.wait(flag, 0, 0, SYNC_TIMEOUT_MS) === 'timed-out') {
      this.fail(`WebGPU: a read-back took more than ${SYNC_TIMEOUT_MS / 1000} s`)
      throw new Error(this.closed)
    }
    const bytes = new Uint8Array(this.syncData, 0, flag[1]!).slice()
    if (Atomics.load(flag, 0) !== 1) throw new Error(new TextDecoder().decode(bytes))
    return bytes.buffer
  }

  /** Destroys the device but keeps the worker: later requests fail as on a lost device (tests of the fallback). */
  loseDevice(): Promise<void> {
    return this.request({ op: 'loseDevice' })
  }

  /** Destroys the device and ends the worker; pending requests reject. */
  dispose(): void {
    if (this.closed) return
    this.worker.postMessage({ op: 'dispose', seq: -1 })
    this.fail('the WebGPU engine was disposed')
    // The worker destroys the device first (dispose is queued behind any run in flight), then ends.
    const timer = setTimeout(() => void this.worker.terminate(), 2000)
    this.worker.on('message', (m: { seq: number }) => {
      if (m.seq === -1) {
        clearTimeout(timer)
        void this.worker.terminate()
      }
    })
  }
}
